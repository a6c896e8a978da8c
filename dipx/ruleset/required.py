"""The word classes the engine consults, by id, and which stage needs each.

Loading fails, naming the class, when the rules in force lack one: a stage never falls back
on a word list of its own. Add a class here in the same commit as the code that reads it.
"""

from __future__ import annotations

# class id -> the module that reads it
REQUIRED_CLASSES: dict[str, str] = {
    # ---- resolve/patterns.py
    "coordinator": "the construction matcher (actor lists: A、B和C)",
    # ---- resolve/actors.py and assemble.py
    # ---- resolve/people.py, resolve/dates.py, match.py and ruleset/compile.py
}
