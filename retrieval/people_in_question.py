"""Which people of the minutes a question names.

A question names someone by their full name ("Anna Hook"), by a surname ("Kavanagh's
actions"), by a first name within a meeting it names ("what did the Python Sverige board
give Helio"), or by initials. A single word only counts as a name when the question writes
it as one (capitalised, not as the question's first word) and the minutes themselves do not
use it as an ordinary word: "the board" is not Charles Board and "on the hook" is not Anna
Hook. When the question names an organisation, board or meeting, only people of those
meetings are candidates: a namesake in other minutes is not who is asked about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

COMMON_SHARE = 0.25  # a word the minutes write in lower case this often is an ordinary word, not a name
OWN_SHARE = 0.5  # a name is used mostly in the minutes of the meetings its person was at
_SAMPLE = 60  # passages read to tell a name from a word
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*[-*•]?\s*)$")


@dataclass
class PersonRegistry:
    """Every person's name, and the meetings (sources) each attended or owns an action in."""

    names: list[str]
    sources_of: dict[str, set[str]]

    def in_scope(self, name: str, scope: set[str] | None) -> bool:
        """Whether `name` belongs to the meetings of `scope` (everyone does when there is no scope).
        A name the registry knows from no meeting at all is kept: nothing says it is elsewhere."""
        if scope is None:
            return True
        seen = self.sources_of.get(name)
        return not seen or bool(seen & scope)


def _written_as_name(word: str, question: str) -> bool:
    """Whether `question` writes `word` capitalised somewhere other than as its opening word."""
    opening = len(question) - len(question.lstrip(" \t\"'“‘(-"))
    for match in re.finditer(rf"\b{re.escape(word)}(?:['’]s)?\b", question, re.I):
        if match.group(0)[0].isupper() and match.start() > opening:
            return True
    return False


def lower_case_share(word: str, texts: list[str]) -> float:
    """The share of `word`'s occurrences in `texts` written in lower case mid-sentence (0 when none)."""
    lower = upper = 0
    for text in texts:
        for match in re.finditer(rf"\b{re.escape(word)}\b", text, re.I):
            said = match.group(0)
            if said[0].islower():
                lower += 1
            elif not _SENTENCE_START.search(text[max(0, match.start() - 4):match.start()]):
                upper += 1
    total = lower + upper
    return lower / total if total else 0.0


def people_asked(
    question: str, registry: PersonRegistry, scope: set[str] | None,
    passages_with: Callable[[str], list[tuple[str, str]]],
) -> list[str]:
    """Registry names `question` mentions, within `scope` (the sources it names, or None).

    `passages_with(word)` returns (source, text) of a sample of the passages that hold `word`,
    to tell a name from an ordinary word by how and where the minutes write it.
    """
    lowered = question.lower()
    # A full name is evidence enough on its own, wherever the registry knows it from.
    full = [n for n in registry.names if len(n.split()) >= 2 and re.search(rf"\b{re.escape(n.lower())}\b", lowered)]
    if full:
        return full
    candidates = [n for n in registry.names if registry.in_scope(n, scope)]

    def names(word: str, person: str) -> bool:
        """Whether `word`, as the question writes it, names `person` rather than being a word."""
        if not _written_as_name(word, question):
            return False
        found = passages_with(word)[:_SAMPLE]
        if lower_case_share(word, [text for _, text in found]) >= COMMON_SHARE:
            return False  # "on the hook", "the board"
        own = registry.sources_of.get(person)
        # A word most of whose uses are in minutes the person is not in is a word ("the Board"), not them.
        return not own or not found or sum(source in own for source, _ in found) / len(found) >= OWN_SHARE

    by_surname: dict[str, list[str]] = {}
    by_first: dict[str, list[str]] = {}
    for name in candidates:
        parts = name.split()
        if len(parts) >= 2 and len(parts[-1]) > 3:
            by_surname.setdefault(parts[-1].lower(), []).append(name)
        elif len(parts) == 1 and len(parts[0]) > 2:
            by_surname.setdefault(parts[0].lower(), []).append(name)  # a one-word name is asked for as written
        if len(parts) >= 2 and len(parts[0]) > 2:
            by_first.setdefault(parts[0].lower(), []).append(name)
    words = {w.lower().removesuffix("'s").removesuffix("’s") for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", question)}
    found = [people[0] for surname, people in by_surname.items()
             if len(people) == 1 and surname in words and names(surname, people[0])]
    if found or scope is None:
        return found
    # A first name alone names someone only inside the meetings the question names, and only one person there.
    return [people[0] for first, people in by_first.items()
            if len(people) == 1 and first in words and first not in by_surname and names(first, people[0])]
