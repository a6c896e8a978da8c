"""Work grows linearly with the input: doubling a long sentence, paragraph or page about doubles the time.

Each case once took quadratic or worse time (a 14 KB chronology 28 s, 28 KB 140 s). The bound is
generous (a quadratic stage would show 4x) and time is the process's CPU time, the best of
three runs, so a busy machine does not make the test flaky (two were not enough under load).
"""

from __future__ import annotations

import time

import pytest

import dipx

MEETING = "中国外长王毅与美国国务卿布林肯在北京举行会谈。"


def chronology(n: int) -> str:  # one sentence of ；-separated entries
    return "大事记\n2022-11-14\n" + "2019年3月5日，中国外长王毅会见俄罗斯外长拉夫罗夫；" * n + "。"


def unpunctuated(n: int) -> str:  # one sentence with no punctuation at all
    return "无标点\n2022-11-14\n" + "中国美国会谈外长访问" * (2 * n)


def quotes(n: int) -> str:  # one paragraph of quoted passages
    return "评论\n2022-11-14\n专家李明表示" + "“中美两国应该加强合作，”他说，" * (2 * n) + "。"


def page(n: int) -> str:  # a page of many paragraphs, all one meeting
    return "会谈\n2022-11-14\n" + "\n".join(f"{i % 28 + 1}日，{MEETING}" for i in range(n // 2))


def speakers(n: int) -> str:  # many paragraphs, each a new titled speaker (names looked up in earlier posts)
    family, given = "王李张刘陈杨黄赵吴周", "伟芳娜敏静丽强磊军洋勇艳杰涛明超"
    names = (family[i % 10] + given[i // 10 % 16] + given[i // 160 % 16] for i in range(n))
    return "评论\n2022-11-14\n" + "\n".join(f"{name}教授表示，双方关系很好。" for name in names)


def _cpu_seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        dipx.extract(text, timeout=None)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("build", [chronology, unpunctuated, quotes, page, speakers], ids=lambda b: b.__name__)
def test_doubling_the_input_about_doubles_the_time(build):
    dipx.extract(build(10), timeout=None)  # warm: rules, tokenizer, OpenCC
    small, large = _cpu_seconds(build(300)), _cpu_seconds(build(600))
    assert large < 3.0 * small + 0.05, f"{build.__name__}: {small:.3f}s -> {large:.3f}s"
