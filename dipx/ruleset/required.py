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
    "addressee_marker": "resolve/actors.py (whom a message is sent to is no party of a meeting)",
    "before_story": "assemble.py (a meeting told as before the story takes no story date)",
    "in_turn": "assemble.py (one meeting each, not one of all)",
    "comitative_strict": "resolve/actors.py (the other side of a meeting)",
    "list_separator": "assemble.py (the hosts of a visit)",
    "host_list_end": "assemble.py (the hosts of a visit)",
    "clause_break": "resolve/actors.py and assemble.py (the clauses of a sentence)",
    "quote_mark": "resolve/actors.py (the word before a quoted name)",
    "stationed": "resolve/actors.py (an envoy's country of service is a place)",
    "attend_verb": "resolve/actors.py and assemble.py (a summit attended is an event)",
    "not_comitative": "resolve/actors.py (words that merely end in a comitative)",
    "title_joiner": "resolve/actors.py (one person's chain of titles)",
    "approximate_numeral": "resolve/actors.py (a count group needs an exact number)",
    "count_measure": "resolve/actors.py (count groups)",
    "country_noun": "resolve/actors.py (count groups)",
    "list_intro": "resolve/actors.py (the number announced before a list)",
    "after_word": "assemble.py (a date or meeting that only bounds the time)",
    "demonstrative": "assemble.py (a clause about the meeting already told)",
    "copula_adverb": "assemble.py (a clause about the meeting already told)",
    "copula": "assemble.py (the meeting already told; a next clause giving the date)",
    "date_copula": "assemble.py (a next clause giving the date)",
    "aspect_particle": "assemble.py (the word after a meeting word)",
    "addition": "assemble.py (more of the other side in the next clause)",
    "guest_verb": "assemble.py (a banquet's guest in the next clause)",
    "frame_close": "assemble.py (a meeting word placing something else in time; a summit attended)",
    "place_suffix": "assemble.py (the place named in full)",
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
    "year_end_part": "resolve/dates.py",
    "title_pair": "resolve/dates.py",
    "date_digit": "ruleset/compile.py",
    "weekday": "ruleset/compile.py and resolve/dates.py",
    "contracted_meeting": "ruleset/compile.py and match.py",
    "glued_preposition": "match.py",
    "attributive": "match.py and resolve/actors.py (count groups)",
    "glued_before_verb": "match.py",
    "date_char": "match.py",
    "place_open": "match.py, resolve/people.py and assemble.py (a meeting word placing something else in time)",
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
