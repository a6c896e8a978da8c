"""The matcher: hits that are only pieces of a longer foreign name are dropped."""

from __future__ import annotations

from dipx.match import match_sentence
from dipx.model import Block, Document
from dipx.ruleset import load_rules
from dipx.segment import shared_tokenizer, split_sentences


def _rules_fired(text: str) -> list[tuple[str, str]]:
    rules = load_rules()
    doc = Document("t", "text", "utf-8", text, (Block("paragraph", 0, len(text)),))
    tokenizer = shared_tokenizer(rules.user_words)
    return [(h.rule, h.text) for s in split_sentences(doc)
            for h in match_sentence(s, tokenizer.tokens(s), rules).hits]


def test_country_forms_inside_a_dotted_foreign_name_name_no_country():
    fired = _rules_fired("研究中心主任拉希德·尤蘇波夫表示")
    assert not any(rule == "country.abbreviation" for rule, _ in fired)


def test_a_known_name_continued_up_to_a_latin_name_is_someone_else():
    assert ("person.known", "辛格") not in _rules_fired("资深研究员辛格顿（Craig Singleton）则分析")


def test_the_known_name_itself_before_its_latin_name_stays():
    fired = _rules_fired("印度前总理辛格（Manmohan Singh）表示")
    assert ("person.known", "辛格") in fired


def test_a_known_name_before_a_bracket_that_is_no_latin_name_stays():
    assert ("person.known", "普京") in _rules_fired("国家主席习近平会见普京和（左）拜登。")
    assert ("person.known", "普京") in _rules_fired("俄罗斯总统普京说（据塔斯社报道），双方关系很好。")
