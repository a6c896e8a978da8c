"""The word classes the engine consults, by id, and which stage needs each.

Loading fails, naming the class, when the rules in force lack one: a stage never falls back
on a word list of its own. Add a class here in the same commit as the code that reads it.
"""

from __future__ import annotations

# class id -> the module that reads it
REQUIRED_CLASSES: dict[str, str] = {
    # ---- resolve/patterns.py
    "coordinator": "the construction matcher, assemble.py and resolve/actors.py (lists of actors and dates)",
    # ---- resolve/actors.py and assemble.py
    "comitative_strict": "resolve/actors.py (the other side of a meeting)",
    "list_separator": "assemble.py (the hosts of a visit)",
    "clause_break": "resolve/actors.py and assemble.py (the clauses of a sentence)",
    "host_list_end": "assemble.py (the hosts of a visit)",
    "stationed": "resolve/actors.py (中国驻柬埔寨大使: where, not whose)",
    "attend_verb": "resolve/actors.py and assemble.py (a summit attended is an event)",
    "quote_mark": "resolve/actors.py (the word before a quoted name)",
    "not_comitative": "resolve/actors.py (words that merely end in 与/同/跟)",
    "title_joiner": "resolve/actors.py (one person's titles: 副总理兼外长)",
    "approximate_numeral": "resolve/actors.py (a count group needs an exact number)",
    "count_measure": "resolve/actors.py (count groups: 11个国家领导人)",
    "country_noun": "resolve/actors.py (count groups: 11国领导人)",
    "possessive": "resolve/actors.py (count groups: 三国的领导人)",
    "list_intro": "resolve/actors.py (the number announced before a list: 11国包括…)",
    # ---- resolve/people.py, resolve/dates.py, match.py and ruleset/compile.py
    "weekday_sunday": "resolve/dates.py",
    "arrival": "resolve/dates.py",
    "second_day": "resolve/dates.py",
    "ago_unit_year": "resolve/dates.py",
    "ago_unit_month": "resolve/dates.py",
    "ago_unit_week": "resolve/dates.py",
    "last_day": "resolve/dates.py",
    "event_end": "resolve/dates.py",
    "eve": "resolve/dates.py",
    "range_joiner": "resolve/dates.py",
    "date_digit": "ruleset/compile.py",
    "weekday": "ruleset/compile.py and resolve/dates.py",
    "contracted_meeting": "ruleset/compile.py and match.py",
    "glued_preposition": "match.py",
    "attributive": "match.py",
    "glued_before_verb": "match.py",
    "date_char": "match.py",
    "place_open": "match.py and resolve/people.py",
    "place_close": "resolve/people.py",
    "addressee": "resolve/people.py",
    "addressee_prefix": "resolve/people.py",
    "interview_verb": "resolve/people.py",
    "interviewed": "resolve/people.py",
    "time_suffix": "resolve/people.py",
    "glued_adverb": "resolve/people.py",
    "glued_function_word": "resolve/people.py",
    "quote_pair": "resolve/people.py",
    "former_adverb": "resolve/people.py",
    "hold_office": "resolve/people.py",
    "then_serving": "resolve/people.py",
    "not_former_before": "resolve/people.py",
}
