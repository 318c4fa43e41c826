"""Sentences that give someone work: "HR to chase Andy", "Roy will investigate this",
"Cllr X and Cllr Y agreed to work with ...", "That BB contact Roger Lankfer", "would be
emailed round by HR".

This module only reads the grammar of minutes-English; who the subject is (a person, a
role, initials, nobody) is decided by the caller through the meeting's people directory.
Each form carries how strongly it signals an action on its own, so that prose can be
held to a higher bar than a line the minutes mark as an action.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class AssignmentForm(str, enum.Enum):
    """How a sentence assigns work, strongest first."""

    INFINITIVE = "infinitive"  # "HR to chase Andy" (minute-writers' imperative)
    OBLIGATION = "obligation"  # "The Commissioner is to meet ..."
    UNDERTAKING = "undertaking"  # "Ben volunteered to ...", "MW agreed to ...", "Geir has taken an action item"
    MANDATE = "mandate"  # resolutions: "That BB contact Roger Lankfer", "That HR to contact ..."
    FUTURE = "future"  # "Roy will investigate this", "Jim will be sending email"
    REPORTED = "reported"  # "It was agreed that JR would investigate ..."
    PASSIVE = "passive"  # "... would be emailed round by HR"


@dataclass(frozen=True)
class Assignment:
    """One assignment found in a sentence: who (as written) and the clause from them on."""

    owners_text: str
    clause: str  # from the subject to the end of the sentence
    form: AssignmentForm
    start: int  # offset of the clause in the sentence
    verb: str = ""  # the verb that gives the work: "chase", "investigate"


# Where a subject can start: the sentence start, after "that", a comma, "and"/";", or a
# list marker.
_CLAUSE_START = re.compile(
    r"(?:^|(?<=[,;:])\s+(?:and\s+|but\s+)?|\b(?:that|so|then|whereby)\s+|(?<=\))\s+|(?<=\s[-–—])\s+|^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[-*•])\s+)",
    re.IGNORECASE,
)
_NAME_TOKEN = r"(?:@?[A-Z][\w'’.-]*|@[\w-]+|de|van|von|du|der|la|le|al)"
# A subject: one to five name-like words, possibly joined by and/&/,/"/" ("Cllr Jim McNeill
# and Cllr Sue Lintern", "AW & IB", "HR/NC", "The Clerk", "All Councillors", "members").
_SUBJECT = (
    rf"(?P<who>(?:(?i:the|our|all)\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,4}}"
    rf"(?:\s*(?:,|/|&|\band\b)\s*(?:(?i:the|all)\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,4}}){{0,5}}"
    rf"|{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}}\s+(?:members|trustees|officers|representatives|colleagues|team|group|committee)"  # "Panel members", "Social team"
    rf"(?:\s*(?:,|/|&|\band\b)\s*(?:(?i:the)\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,4}}){{0,3}}"  # "Panel members/ KO"
    # "the PSF chairman", "the Society's treasurer": an officer behind the organisation's name
    rf"|(?i:the\s+){_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,2}}\s+(?:chair|chairman|chairperson|chairwoman|president|treasurer|secretary|clerk|convenor|convener)\b"
    r"|(?i:(?:all\s+)?(?:members|councillors|trustees|directors|residents|everyone|everybody|teams|trusts)))"
)
_FORMS: list[tuple[AssignmentForm, re.Pattern[str]]] = [
    (AssignmentForm.UNDERTAKING, re.compile(
        _SUBJECT + r"\s+(?:has\s+|have\s+|had\s+)?(?:kindly\s+)?(?i:agreed|volunteered|offered|undertook|undertaken|promised|"
        r"was asked|were asked|is asked|are asked|has been asked|was tasked|were tasked)\s+to\s+(?P<verb>[a-z]\w*)",
    )),
    (AssignmentForm.UNDERTAKING, re.compile(
        _SUBJECT + r"\s+(?:has|have|had)\s+taken\s+(?:an?\s+|the\s+)?action(?:\s+item)?\s+(?:on\s+\w+\s+)?to\s+(?P<verb>[a-z]\w*)",
    )),
    (AssignmentForm.INFINITIVE, re.compile(_SUBJECT + r"(?:\s*:)?\s+to\s+(?P<verb>[a-z]\w*)")),
    (AssignmentForm.OBLIGATION, re.compile(_SUBJECT + r"\s+(?:is|are|was|were)\s+to\s+(?P<verb>[a-z]\w*)")),
    (AssignmentForm.FUTURE, re.compile(
        _SUBJECT + r"(?:\s*:)?\s+(?:will|shall|is going to|are going to)\s+(?:now\s+|also\s+|then\s+)?(?:be\s+(?=\w+ing\b))?(?P<verb>[a-z]\w*)",
    )),
    (AssignmentForm.REPORTED, re.compile(
        _SUBJECT + r"\s+(?:would|should|must|could)\s+(?:now\s+|also\s+|then\s+)?(?:be\s+(?=\w+ing\b))?(?P<verb>[a-z]\w*)",
    )),
]
# Resolutions in the mandative subjunctive: "That BB contact Roger Lankfer".
_MANDATE = re.compile(r"^\s*(?:\(?\d{1,2}\)\s*)?(?i:that)\s+" + _SUBJECT + r"\s+(?:to\s+)?(?P<verb>[a-z]\w*)")
_PASSIVE_BY = re.compile(
    r"\b(?:will|would|shall|to|should)\s+be\s+(?:\w+\s+){0,2}?(?P<verb>\w+(?:ed|en|sent|made|done|set|put|kept|sought|brought|taken|given|read|written|shown))"
    r"(?:\s+\w+){0,6}?\s+by\s+(?P<who>(?:the\s+)?(?:[A-Z][\w'’-]*|[A-Z]{2,5})(?:\s+[A-Z][\w'’-]*){0,3})\s*[.;]?\s*$",
)
# Verbs that open narrative or states, not work: "HR would be using her phone",
# "the Board would like", "SCC will be pleased".
_NOT_WORK = frozenset({
    "be", "been", "being", "have", "has", "had", "like", "love", "prefer", "need", "needs", "want", "wish",
    "hope", "expect", "not", "never", "also", "probably", "possibly", "likely", "seem", "appear", "remain",
    "continue", "the", "a", "an", "this", "that", "it", "them", "him", "her", "see", "note", "know",
    "feel", "think", "believe", "say", "said", "mean", "all",
    "to", "will", "would", "was", "were", "is", "are", "noted", "agreed", "accepted", "approved", "using",
})
# "Scott will have an update for the Spec Committee", "will have a draft ready": a light
# verb whose object is the work to deliver.
# "Allen to be the champion": taking a role that does the work.
_LIGHT_WORK = re.compile(
    r"have\s+(?:an?|the)\s+(?:\w+\s+)?(?:update|draft|proposal|report|summary|plan|answer|recommendation)s?\b"
    r"|be\s+(?:the|a|our)\s+(?:\w+\s+)?(?:champion|lead|owner|liaison|point of contact|coordinator|co-ordinator|editor|sponsor|facilitator)\b",
    re.IGNORECASE,
)
# Words that head a subject but are no doer: pronouns, "it", "there", "this".
_NO_DOER = frozenset({
    "i", "we", "you", "he", "she", "they", "it", "there", "this", "that", "these", "those", "who", "which",
    "what", "one", "someone", "somebody", "anyone", "nobody", "each", "any", "some", "other", "others",
    "items", "item", "minutes", "meeting", "agenda", "report", "plan", "work", "date", "time",
    # Words that open a note, not a doer: "Need to poll k-dev ...", "Issue to discuss ...".
    "need", "needs", "attempt", "issue", "issues", "proposal", "help", "todo", "reminder", "note", "plans",
})
# A sentence also ends before a lettered or roman sub-point run into the paragraph ("... March
# meeting. d) The Handyman ..."), as minutes exported without their list layout print them.
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘(\[]?[A-Z0-9]|\(?(?:[a-z]|[ivx]{1,4})\)\s)|(?<=;)\s+"
)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; a full stop after an initial or "Cllr." does not end one."""
    sentences: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        last_word = before.rsplit(" ", 1)[-1]
        if re.fullmatch(r"(?:[A-Z]|Mr|Mrs|Ms|Dr|Cllr|Prof|St|No|Sept|Sep|Oct|Nov|Dec|Jan|Feb|Mar|Apr|Jun|Jul|Aug|e\.g|i\.e|etc|approx)\.", last_word) \
                or _inline_list_number(last_word, text[: match.start()]):
            continue  # "Mr.", "Sept. 8th", and list numbers "1." inside a sentence
        if before.strip():
            sentences.append((start, before.strip()))
        start = match.end()
    if text[start:].strip():
        sentences.append((start, text[start:].strip()))
    return sentences


def _inline_list_number(word: str, before: str) -> bool:
    """"1." or "3." counting a run inside a sentence ("... are: 1. ... 2. ..."), not the number
    that ends one ("... delivery of Jakarta EE 8. Wayne will ..."): a run starts at 1 or follows
    its previous number."""
    number = re.fullmatch(r"(\d{1,2})\.", word)
    if not number:
        return False
    value = int(number.group(1))
    return value <= 1 or bool(re.search(rf"(?<![\w.]){value - 1}[.)]\s", before))


def find_assignments(sentence: str) -> list[Assignment]:
    """Every assignment in one sentence, in order, the strongest reading of each clause."""
    found: list[Assignment] = []
    mandate = _MANDATE.match(sentence)
    if mandate and _is_work(mandate.group("verb")) and _is_doer(mandate.group("who")):
        found.append(Assignment(mandate.group("who"), sentence[mandate.start("who") :].strip(), AssignmentForm.MANDATE, mandate.start("who"),
                                mandate.group("verb")))
    for start in _clause_starts(sentence):
        if any(a.start <= start < a.start + len(a.owners_text) + 1 for a in found):
            continue
        rest = sentence[start:]
        for form, pattern in _FORMS:
            match = pattern.match(rest)
            if not match or not _is_doer(match.group("who")):
                continue
            light = form in (AssignmentForm.FUTURE, AssignmentForm.INFINITIVE) and _LIGHT_WORK.match(rest, match.start("verb"))
            if not _is_work(match.group("verb")) and not light:
                continue
            who = _trim_subject(match.group("who"))
            if not who:
                continue
            verb = match.group("verb") if _is_work(match.group("verb")) else "deliver"  # "will have an update": delivers it
            found.append(Assignment(who, rest.strip(), form, start, verb))
            break
    passive = _PASSIVE_BY.search(sentence)
    if passive and _is_doer(passive.group("who")) and not found:
        found.append(Assignment(passive.group("who"), sentence.strip(), AssignmentForm.PASSIVE, 0, passive.group("verb")))
    return _drop_nested(found)


def _clause_starts(sentence: str) -> list[int]:
    starts = {m.end() for m in _CLAUSE_START.finditer(sentence)}
    return sorted(s for s in starts if s < len(sentence))


def _is_work(verb: str) -> bool:
    verb = verb.lower()
    return verb not in _NOT_WORK and not verb.endswith("ly") and not (verb.endswith("ed") and verb not in _BASE_ED)


_BASE_ED = frozenset({"feed", "need", "proceed", "succeed", "exceed", "embed", "shred", "speed", "seed", "breed", "wed"})


def _is_doer(who: str) -> bool:
    first = who.split()[0].lower().strip("@")
    return first not in _NO_DOER and not who.lower().startswith(("it ", "there "))


def _trim_subject(who: str) -> str:
    # "Following discussion AW" -> the subject is the last name-like run; keep as written.
    return who.strip(" ,;:")


def _drop_nested(found: list[Assignment]) -> list[Assignment]:
    """A clause found inside another clause's subject is the same assignment."""
    kept: list[Assignment] = []
    for assignment in sorted(found, key=lambda a: a.start):
        if kept and kept[-1].start <= assignment.start < kept[-1].start + len(kept[-1].owners_text):
            continue
        kept.append(assignment)
    return kept


# A resolution's passive with its doer: "The issue be raised with X ... by the Parish Council."
MANDATE_PASSIVE_BY = re.compile(
    r"\bbe\s+(?:\w+\s+){0,2}?\w+(?:ed|en|sent|made|done|set|put|kept|taken|given)\b.*?\bby\s+"
    r"(?P<who>(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s*[.;]?\s*$"
)
