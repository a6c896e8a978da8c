"""`dipx eval`: dipx's answers against hand-made gold, scored in-process.

The gold format and the matching are the team's (../shared/eval/README.md), so the figures
agree with its scorer; this module runs the pipeline once per article in this process, and
names every miss and every false hit with a sentence, so a rule author sees what a change did.

Matching, in short:
- meetings: same party set and overlapping dates (a missing date overlaps everything); each
  gold meeting is matched at most once, preferring required gold, then a date inside the
  gold's; an optional gold meeting found is neither a hit nor a false one;
- countries and dates: sets of values, less the gold's optional ones;
- analysts: people whose role is analyst, by name or alias on either side; a person in the
  gold's optional list is ignored, a second answer for a found analyst too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DipxError, InputError
from .model import Result
from .normalize import normalize
from .pipeline import extract_all
from .ruleset import RuleSet
from .ruleset.yamlfile import Node, YamlProblem, load_yaml

KINDS = ("meetings", "countries", "dates", "analysts")
EXACT_LIMIT = 6  # up to this many answers and golds per party set, the best pairing is searched in full
NAME_MARKS = "·•・‧.．- \t"  # what does not tell two spellings of a name apart
Span = tuple[dt.date, dt.date]


# ---------------------------------------------------------------- values
def span(value: object) -> Span | None:
    """'2022', '2022-11', '2022-11-14' or 'A/B' as (first day, last day); None if absent or unreadable."""
    text = "" if value is None else str(value).strip()
    if "/" in text:
        left, right = (span(part) for part in text.split("/", 1))
        return (left[0], right[1]) if left and right else None
    fields = text[:10].split("-")
    try:
        numbers = [int(f) for f in fields]
        if len(numbers) == 1:
            return dt.date(numbers[0], 1, 1), dt.date(numbers[0], 12, 31)
        year, month = numbers[0], numbers[1]
        if len(numbers) == 2:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date(year, month, numbers[2])
        return day, day
    except (ValueError, IndexError):
        return None


def time_key(value: object) -> str | None:
    """A date value as the set comparison sees it: the day part only, both ends of a range."""
    if span(value) is None:
        return None
    text = str(value).strip()
    if "/" in text:
        return "/".join(str(time_key(part)) for part in text.split("/", 1))
    return text[:10]


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


def _within(answer: Span | None, gold: Span | None) -> bool:
    if answer is None or gold is None:
        return answer is None and gold is None
    return gold[0] <= answer[0] and answer[1] <= gold[1]


def name_key(name: object) -> str:
    text = unicodedata.normalize("NFKC", str(name or "")).casefold()
    return "".join(ch for ch in text if ch not in NAME_MARKS)


# ---------------------------------------------------------------- report
@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def figures(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else float(not self.fn)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass(frozen=True)
class Finding:
    """One miss (in the gold, not found) or false hit (found, not in the gold), with a sentence."""

    doc: str
    kind: str
    what: str  # "missed" | "false"
    item: str
    sentence: str | None


@dataclass
class Evaluation:
    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("meetings_matched", "meeting_date_ok", "meeting_kind_ok", "meeting_status_ok",
         "analyst_affiliation_ok", "errors"), 0))
    findings: list[Finding] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": len(self.documents),
            "figures": {k: t.figures() for k, t in self.tallies.items()},
            **self.counts,
            "per_document": self.documents,
            "findings": [vars(f) for f in self.findings],
        }


# ---------------------------------------------------------------- running
def evaluate(gold_dir: Path, docs_dir: Path, rules: RuleSet) -> Evaluation:
    """Score every gold file in `gold_dir` against dipx's answer for its article in `docs_dir`."""
    report = Evaluation()
    paths = sorted(gold_dir.glob("*.yaml"))
    if not gold_dir.is_dir() or not paths:
        raise InputError(str(gold_dir), "holds no gold files (*.yaml)")
    for path in paths:
        gold = _gold(path)
        result, error = _answer(docs_dir / str(gold.get("doc", "")), rules)
        _score_document(report, str(gold.get("doc")), gold, result, error, rules)
    return report


def _gold(path: Path) -> Node:
    try:
        data = load_yaml(path)
    except YamlProblem as exc:
        raise InputError(str(path), str(exc)) from None
    if not isinstance(data, Node) or "doc" not in data:  # every YAML mapping loads as a Node
        raise InputError(str(path), "is not a gold file (no 'doc')")
    return data


def _answer(doc: Path, rules: RuleSet) -> tuple[Result | None, str | None]:
    """The first article's result, as `dipx extract` would print it; an error if any article failed."""
    results: list[Result] = []
    try:
        for item in extract_all(doc, rules=rules):
            if isinstance(item, DipxError):
                return None, str(item)
            results.append(item)
    except DipxError as exc:
        return None, str(exc)
    return (results[0], None) if results else (None, "no article")


def _score_document(report: Evaluation, doc: str, gold: Node, result: Result | None, error: str | None,
                    rules: RuleSet) -> None:
    report.counts["errors"] += error is not None
    row: dict[str, Any] = {"doc": doc, "error": error}
    lines = _Lines(result.document.text.split("\n") if result else [], rules)
    scorers = {"meetings": _meetings, "countries": _countries, "dates": _dates, "analysts": _analysts}
    for kind, scorer in scorers.items():
        tally, found = scorer(report, gold, result, lines)
        report.tallies[kind].tp += tally.tp
        report.tallies[kind].fp += tally.fp
        report.tallies[kind].fn += tally.fn
        row[kind] = {"tp": tally.tp, "fp": tally.fp, "fn": tally.fn}
        report.findings.extend(Finding(doc, kind, what, item, sentence) for what, item, sentence in found)
    report.documents.append(row)


Found = list[tuple[str, str, str | None]]  # (missed | false, item, sentence)


class _Lines:
    """The article's paragraphs, to show where a missed item was to be found."""

    def __init__(self, paragraphs: list[str], rules: RuleSet):
        self.paragraphs = [(p, normalize(p)) for p in paragraphs if p.strip()]
        self.rules = rules

    def naming(self, *groups: Iterable[str]) -> str | None:
        """The first paragraph holding a name from every group (a name, or a country or organisation code)."""
        wanted = [[normalize(n) for n in self._names(group) if n] for group in groups]
        for original, norm in self.paragraphs:
            if all(any(n in norm for n in names) for names in wanted):
                return original
        return None

    def _names(self, group: Iterable[str]) -> list[str]:
        out = []
        for name in group:
            country, org = self.rules.countries.get(name), self.rules.organizations.get(name)
            out += [*country.names, *([country.abbr] if country.abbr else [])] if country else []
            out += list(org.names) if org else []
            out.append(name)
        return out


# ---------------------------------------------------------------- meetings
def _meetings(report: Evaluation, gold: Node, result: Result | None, lines: _Lines) -> tuple[Tally, Found]:
    answers: list[dict[str, Any]] = [{"parties": frozenset(p.code.upper() for p in m.parties),
                "value": m.date.value if m.date else None, "span": span(m.date.value if m.date else None),
                "kind": m.kind, "status": m.status, "sentence": m.evidence[0].sentence if m.evidence else None}
               for m in (result.meetings if result else ())]
    golds: list[dict[str, Any]] = [{"parties": frozenset(str(p).strip().upper() for p in g.get("parties") or [] if p),
              "date": g.get("date"), "span": span(g.get("date")), "optional": bool(g.get("optional")),
              "kind": g.get("kind"), "status": g.get("status", "held")} for g in gold.get("meetings") or []]
    tally = Tally()
    found: Found = []
    for key in {a["parties"] for a in answers} | {g["parties"] for g in golds}:
        got = [a for a in answers if a["parties"] == key]
        want = [g for g in golds if g["parties"] == key]
        pairs = _pairing(got, want)
        for i, j in pairs:
            if want[j]["optional"]:
                continue
            tally.tp += 1
            _meeting_fields(report, got[i], want[j])
        label = "-".join(sorted(key))
        found += [("false", f"{label} {a['value']}", a["sentence"])
                  for i, a in enumerate(got) if i not in {p[0] for p in pairs}]
        missed = [g for j, g in enumerate(want) if j not in {p[1] for p in pairs} and not g["optional"]]
        found += [("missed", f"{label} {g['date']}", lines.naming(*([code] for code in sorted(key))))
                  for g in missed]
        tally.fp += len(got) - len(pairs)
        tally.fn += len(missed)
    return tally, found


def _meeting_fields(report: Evaluation, answer: dict, gold: dict) -> None:
    report.counts["meetings_matched"] += 1
    date_ok = _within(answer["span"], gold["span"]) if gold["date"] is not None else answer["span"] is None
    report.counts["meeting_date_ok"] += date_ok
    report.counts["meeting_kind_ok"] += answer["kind"] == gold["kind"]
    report.counts["meeting_status_ok"] += answer["status"] == gold["status"]


def _weight(answer: dict, gold: dict) -> int | None:
    """How much a pairing is worth: none without overlapping dates; required gold far above optional."""
    if not _overlap(answer["span"], gold["span"]):
        return None
    if gold["optional"]:
        return 1
    return 1000 + (10 if _within(answer["span"], gold["span"]) else 0)


def _pairing(got: list[dict], want: list[dict]) -> list[tuple[int, int]]:
    """The pairs (answer, gold) of greatest total worth: searched in full when small, else greedily."""
    weights = {(i, j): w for i in range(len(got)) for j in range(len(want))
               if (w := _weight(got[i], want[j])) is not None}
    if len(got) <= EXACT_LIMIT and len(want) <= EXACT_LIMIT:
        return _best(0, len(got), frozenset(range(len(want))), weights)[1]
    chosen: list[tuple[int, int]] = []
    for (i, j), _ in sorted(weights.items(), key=lambda item: -item[1]):
        if all(i != a and j != b for a, b in chosen):
            chosen.append((i, j))
    return chosen


def _best(i: int, n: int, free: frozenset[int], weights: dict) -> tuple[int, list[tuple[int, int]]]:
    if i == n:
        return 0, []
    best = _best(i + 1, n, free, weights)  # answer i left unpaired
    for j in sorted(free):
        if (i, j) in weights:
            total, rest = _best(i + 1, n, free - {j}, weights)
            if total + weights[(i, j)] > best[0]:
                best = (total + weights[(i, j)], [(i, j), *rest])
    return best


# ---------------------------------------------------------------- countries, dates
def _set_score(answer: set, gold: set, optional: set) -> tuple[Tally, set, set]:
    false = answer - gold - optional
    missed = gold - answer
    return Tally(len(answer & gold), len(false), len(missed)), false, missed


def _countries(report: Evaluation, gold: Node, result: Result | None, lines: _Lines) -> tuple[Tally, Found]:
    evidence = {c.code.upper(): c.evidence[0].sentence for c in (result.countries if result else ()) if c.evidence}
    answer = {c.code.upper() for c in (result.countries if result else ())} - {""}
    tally, false, missed = _set_score(answer, {str(c) for c in gold.get("countries") or []},
                                      {str(c) for c in gold.get("countries_optional") or []})
    found: Found = [("false", code, evidence.get(code)) for code in sorted(false)]
    found += [("missed", code, lines.naming([code])) for code in sorted(missed)]
    return tally, found


def _dates(report: Evaluation, gold: Node, result: Result | None, lines: _Lines) -> tuple[Tally, Found]:
    mentions = [d for d in (result.dates if result else ()) if d.kind != "event"]
    evidence: dict[str | None, str] = {}
    for d in mentions:
        evidence.setdefault(time_key(d.date.value), d.evidence.sentence)
    answer = set(evidence) - {None}
    tally, false, missed = _set_score(answer, {time_key(v) for v in gold.get("dates") or []},
                                      {time_key(v) for v in gold.get("dates_optional") or []})
    found: Found = [("false", str(v), evidence.get(v)) for v in sorted(false)]
    found += [("missed", str(v), _near(v, evidence)) for v in sorted(missed, key=str)]
    return tally, found


def _near(value: str | None, evidence: dict[str | None, str]) -> str | None:
    """For a missed date, the sentence of a date dipx did find that overlaps it (a wrong day of the right month)."""
    gold = span(value)
    return next((sentence for key, sentence in evidence.items()
                 if key is not None and gold is not None and _overlap(span(key), gold)), None)


# ---------------------------------------------------------------- analysts
def _names(name: object, aliases: Sequence[object]) -> set[str]:
    return {k for k in (name_key(name), *(name_key(a) for a in aliases)) if k}


def _analysts(report: Evaluation, gold: Node, result: Result | None, lines: _Lines) -> tuple[Tally, Found]:
    golds = [(g, _names(g.get("name"), g.get("aliases") or [])) for g in gold.get("analysts") or []]
    optional = {name_key(n) for n in gold.get("analysts_optional") or []}
    tally, found, seen = Tally(), [], set()
    for person in (result.people if result else ()):
        if person.role != "analyst":
            continue
        mine = _names(person.name, person.aliases)
        hit = next((k for k, (_, theirs) in enumerate(golds) if mine & theirs), None)
        if hit is None and not mine & optional:
            tally.fp += 1
            found.append(("false", person.name, person.evidence[0].sentence if person.evidence else None))
        elif hit is not None and hit not in seen:
            seen.add(hit)
            tally.tp += 1
            want, have = name_key(golds[hit][0].get("affiliation")), name_key(person.affiliation)
            report.counts["analyst_affiliation_ok"] += bool(want and have and (want in have or have in want))
    for k, (g, _) in enumerate(golds):
        if k not in seen:
            tally.fn += 1
            names = [str(g.get("name")), *map(str, g.get("aliases") or [])]
            found.append(("missed", str(g.get("name")), lines.naming(names)))
    return tally, found
