"""A meeting's decisions: the sentences of its items that say something was resolved, agreed,
approved or decided (for the new-minutes digest).

Sentences are cut as answers cut them (`sentence_units`: a passage's lines, sentences, and the
heading each sits under), so a "Resolved:" heading makes the points under it decisions. Said
of the future or a condition ("if approved", "to be resolved", "could only be approved") is
no decision taken; approving the previous meeting's minutes is every meeting's routine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.views import ItemView
from retrieval.sentence_answers import sentence_units

_DECIDED = re.compile(r"\b(?:agreed|resolved|approved|decided|ratified|adopted|carried\s+unanimously)\b", re.I)
_NOT_YET = re.compile(
    r"\b(?:if|to\s+be|be|been\s+\w+\s+to\s+be|may|might|could|can|would|should|will|shall|once|until|unless|yet\s+to\s+be|"
    r"subject\s+to|awaiting|not)\s+(?:\w+\s+)?(?:be\s+)?$", re.I)
_DECISION_HEADING = re.compile(r"^\W*(?:resolved|resolutions?|decisions?(?:\s+made)?|agreed)\W*$", re.I)
_ROUTINE = re.compile(r"\bminutes\b.{0,80}\b(?:previous|last|meeting\s+(?:held|of|on))\b|\bas\s+a\s+(?:true|correct|accurate)\s+record\b",
                      re.I)
_LEAD_IN = re.compile(r"^(?:\S+\s+){0,5}\S*\s*:$")  # "It was agreed that :" opens a list; its points follow
MIN_WORDS = 4


@dataclass(frozen=True)
class Decision:
    item: str | None  # the item number
    item_title: str
    text: str


def is_decision(sentence: str, heading: str | None = None) -> bool:
    """Whether the sentence states a decision taken (or sits under a "Resolved:" heading)."""
    if len(sentence.split()) < MIN_WORDS or _ROUTINE.search(sentence) or _LEAD_IN.match(sentence):
        return False
    if heading and _DECISION_HEADING.match(heading):
        return True
    return any(not _NOT_YET.search(sentence[:match.start()]) for match in _DECIDED.finditer(sentence))


def decisions(items: list[ItemView]) -> list[Decision]:
    """The decision sentences of a meeting's items, in order, each once."""
    found: list[Decision] = []
    seen: set[str] = set()
    for item in items:
        for sentence, heading in sentence_units(item.text):
            text = " ".join(sentence.strip(" -•*_").split())
            key = text.casefold()
            if key in seen or not is_decision(text, heading):
                continue
            seen.add(key)
            found.append(Decision(item.number, item.title, text))
    return found
