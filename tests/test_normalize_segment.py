"""Normalising keeps offsets; sentences keep quotations whole; tokens concatenate back to the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dipx.model import Block, Document
from dipx.normalize import fold_width, has_traditional, normalize
from dipx.segment import shared_tokenizer, split_sentences


def doc(text: str) -> Document:
    return Document("t", "text", "utf-8", text, (Block("paragraph", 0, len(text)),))


def test_traditional_becomes_simplified_same_length():
    text = "拜習會後台灣問題，義大利總理與紐西蘭外長會晤"
    norm = normalize(text)
    assert norm == "拜习会后台湾问题,义大利总理与纽西兰外长会晤"
    assert len(norm) == len(text)


def test_full_width_digits_and_letters_fold():
    assert fold_width("２０２２年ＡＰＥＣ（曼谷）") == "2022年APEC(曼谷)"


def test_script_detection():
    assert has_traditional("習近平與拜登在峇里島舉行會晤，雙方討論了臺灣問題。")
    assert not has_traditional("习近平与拜登在巴厘岛举行会晤，双方讨论了台湾问题。")


@given(st.text(alphabet=st.sampled_from(list("習近平會晤２０年，。“”abc臺灣\n 　")), max_size=60))
def test_normalize_is_length_preserving(text):
    assert len(normalize(text)) == len(text)


def test_sentences_do_not_cut_inside_quotations():
    text = "“鉴于此。中国也要寻找议题。”马钊阐释。下一句。"
    sentences = split_sentences(doc(text))
    assert [s.text for s in sentences] == ["“鉴于此。中国也要寻找议题。”马钊阐释。", "下一句。"]


def test_unbalanced_quotation_does_not_swallow_the_block():
    text = "他说“这是第一句。第二句。第三句。"
    assert len(split_sentences(doc(text))) == 3


def test_sentence_offsets_slice_the_text():
    text = "第一句话。  第二句话！第三句？"
    for s in split_sentences(doc(text)):
        assert text[s.start:s.end] == s.text


def test_tokens_concatenate_back_and_rule_words_stay_whole(rules):
    text = "加拿大总理特鲁多与塞内加尔总统和阿尔巴尼斯会面。"
    sentence = split_sentences(doc(text))[0]
    tokens = shared_tokenizer(rules.user_words).tokens(sentence)
    assert "".join(t.text for t in tokens) == sentence.norm
    words = {t.text for t in tokens}
    assert {"塞内加尔", "阿尔巴尼斯", "特鲁多"} <= words
    for t in tokens:
        assert sentence.norm[t.start - sentence.start:t.end - sentence.start] == t.text


def test_per_word_tables_stop_growing_at_their_cap_and_still_answer(rules, monkeypatch):
    # a long batch meets new words without end: the kept tables are bounded, the answers unchanged
    from dipx.match import _WordKinds
    from dipx.segment import USER_WORD_FREQ, _Frequencies

    words = [f"词{i}" for i in range(6)] + ["会晤", "美国"]
    unbounded = _WordKinds(rules)
    expected = [unbounded[w] for w in words]
    monkeypatch.setattr(_WordKinds, "MAX_KEPT", 3)
    kinds = _WordKinds(rules)
    assert [kinds[w] for w in words] == expected and len(kinds) == 3

    monkeypatch.setattr(_Frequencies, "MAX_KEPT", 2)
    freqs = _Frequencies(lambda w: w.startswith("词"), {"美国": 5000}, frozenset({"会晤"}))
    assert [freqs[w] for w in ("美国", "词1", "新词", "会晤")] == [5000, 1, 0, USER_WORD_FREQ] and len(freqs) == 2


def test_a_stop_is_a_name_dot_only_inside_a_name_glossed_in_latin():
    assert fold_width("教授肯特.鄧(Kent Deng)認為") == "教授肯特·鄧(Kent Deng)認為"
    assert fold_width("王毅会见布林肯.布林肯表示") == "王毅会见布林肯.布林肯表示"  # a sentence's end
    assert fold_width("会见了普京．王毅说") == "会见了普京.王毅说"  # the full-width stop ends sentences
