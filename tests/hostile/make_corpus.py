"""Write a corpus of hostile and broken inputs: `python tests/hostile/make_corpus.py DIR [--scale N]`.

Each file is one way a crawler's output goes wrong (the cases of issue 9). The tests generate
the corpus into a temporary folder at small sizes; `--scale` grows the long ones for timing by
hand. File names say what each case is; `EXPECT` says what dipx must do with it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

# What a run over each file must end in: "ok" (read and analysed, perhaps with warnings) or "error"
# (one line naming the file). Never a traceback, never a hang.
EXPECT: dict[str, str] = {}

MEETING = "中国外长王毅与美国国务卿布林肯在北京举行会谈。"
ESC = "\x1b"


def _case(name: str, expect: str = "ok"):
    def register(build):
        EXPECT[name] = expect
        build.case_name = name
        return build

    return register


@_case("seed_timestamp_comment.txt")
def seed_timestamp_comment(scale: int) -> bytes:
    body = f"<html><body>\n<!-- 1668744781 -->\n<p>{MEETING}</p>\n</body></html>\n"
    return f"<!--1668744781000-->\n[王毅会见布林肯](https://example.com/a)\n------\n{body}".encode()


@_case("deep_json.jsonl")
def deep_json(scale: int) -> bytes:
    good = json.dumps({"id": "a", "text": MEETING}, ensure_ascii=False)
    deep = "[" * 50_000 + "]" * 50_000
    later = json.dumps({"id": "b", "text": "俄罗斯总统普京与法国总统马克龙通电话。"}, ensure_ascii=False)
    return "\n".join([good, deep, later, ""]).encode()


@_case("impossible_stamp.jsonl")
def impossible_stamp(scale: int) -> bytes:
    return json.dumps({"text": MEETING, "published": "9999-12-31T23:59:59-12:00"}, ensure_ascii=False).encode()


@_case("lone_surrogate.jsonl")
def lone_surrogate(scale: int) -> bytes:
    return ('{"text": "' + MEETING + '\\ud800\\udfff\\udc00"}\n').encode()


@_case("terminal_escapes.jsonl")
def terminal_escapes(scale: int) -> bytes:
    text = f"\\u001b]0;owned\\u0007\\u001b[2J{MEETING}\\u009b31m\\u202e会谈"
    return ('{"title": "\\u001b]8;;http://evil\\u001b\\\\link", "text": "' + text + '"}\n').encode()


@_case("terminal_escapes.html")
def terminal_escapes_html(scale: int) -> bytes:
    return (f"<html><head><title>&#27;]0;title&#7;标题</title></head><body><p>&#27;[2J{ESC}[31m"
            f"{MEETING}\u0085\u202e</p></body></html>").encode()


@_case("csv_formula.txt")
def csv_formula(scale: int) -> bytes:
    return f"=HYPERLINK(\"http://evil\")\n2022-11-14\n=1+2{MEETING}\n@SUM(A1)中国\n-3+美国\n".encode()


@_case("bad_byte.txt")
def bad_byte(scale: int) -> bytes:
    data = f"标题\n2022-11-14\n{MEETING}\n".encode()
    return data + "会谈".encode()[:-1] + b"\n" + MEETING.encode()  # a download cut mid-character


@_case("utf16.txt")
def utf16(scale: int) -> bytes:
    return f"标题\n2022-11-14\n{MEETING}\n".encode("utf-16")  # with BOM


@_case("utf32.txt")
def utf32(scale: int) -> bytes:
    return f"标题\n2022-11-14\n{MEETING}\n".encode("utf-32")


@_case("brace_text.txt")
def brace_text(scale: int) -> bytes:
    return f"{{编者按}}\n2022-11-14\n{MEETING}\n".encode()


@_case("invisible_in_names.txt")
def invisible(scale: int) -> bytes:
    return "标题\n2022-11-14\n中国外长王\u200e毅与美国国务卿布\u00ad林肯在北\u034f京举行会\u200b谈。\n".encode()


@_case("nested_divs.html", "error")
def nested_divs(scale: int) -> bytes:
    return ("<html><body>" + "<div>" * 10_000 + MEETING + "</div>" * 10_000 + "</body></html>").encode()


@_case("chronology.txt")
def chronology(scale: int) -> bytes:
    entry = "2019年3月5日，中国外长王毅会见俄罗斯外长拉夫罗夫；"
    return ("大事记\n2022-11-14\n" + entry * (40 * scale) + "。\n").encode()


@_case("many_quotes.txt")
def many_quotes(scale: int) -> bytes:
    quote = "“中美两国应该加强合作，”他说，"
    return ("评论\n2022-11-14\n专家李明表示" + quote * (40 * scale) + "。\n").encode()


@_case("no_punctuation.txt")
def no_punctuation(scale: int) -> bytes:
    return ("无标点\n2022-11-14\n" + "中国美国会谈外长访问" * (100 * scale) + "\n").encode()


@_case("many_paragraphs.html")
def many_paragraphs(scale: int) -> bytes:
    days = [f"<p>{n % 28 + 1}日，{MEETING}</p>" for n in range(200 * scale)]  # the cleaner drops repeats
    return ("<html><body>" + "".join(days) + "</body></html>").encode()


@_case("binary.bin", "error")
def binary(scale: int) -> bytes:
    return b"\x00" * 4096


@_case("empty.txt", "error")
def empty(scale: int) -> bytes:
    return b""


def write_corpus(folder: Path, scale: int = 1) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for build in BUILDERS:
        path = folder / build.case_name
        path.write_bytes(build(scale))
        paths[build.case_name] = path
    return paths


BUILDERS = [obj for obj in list(globals().values()) if callable(obj) and hasattr(obj, "case_name")]


def alias_bomb() -> str:
    """A rules file whose aliases would expand to a billion strings."""
    lines = ["version: 1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    lines.append("triggers: [{id: x, kind: talks, words: *i}]")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    for name, path in write_corpus(args.folder, args.scale).items():
        print(f"{EXPECT[name]:5} {path}")
    (args.folder / "alias_bomb").mkdir(exist_ok=True)
    (args.folder / "alias_bomb" / "bomb.yaml").write_text(alias_bomb(), encoding="utf-8")


if __name__ == "__main__":
    main()
