"""Whether a piece of the minutes holds the kind of thing a question asks for.

"How much" is answered by an amount, "how many" by a count, "what proportion" by a
share, "when" by a date, "who" by a person (a name the minutes use, initials, a role such
as "the Clerk"). A sentence without one does not answer the question, however close its
topic: that is what makes "not found" trustworthy ("there is a rent charge" does not say
how much the rent is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.dates import MONTH_NAME
from index.bm25 import tokenize
from retrieval.question_shape import Wanted

AMOUNT = re.compile(
    r"[£$€]\s?\d|\b\d+(?:[.,]\d+)*\s?(?:k|m|bn|million|billion|thousand|pounds|dollars|euros)\b|\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b"
    r"|\b\d+\.\d\d\b|\b(?:a|one|two|three|four|five|half\s+a)\s+(?:million|billion|thousand)\b",
    re.I,
)
_YEAR = r"(?:19|20)\d\d(?:/\d\d(?:\d\d)?)?"
_MONTH = MONTH_NAME
DATE = re.compile(
    rf"\b{_MONTH}\b|\b{_YEAR}\b|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|\b(?:spring|summer|autumn|winter|quarter|q[1-4])\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|next\s+(?:week|month|year|meeting))\b",
    re.I,
)
FULL_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+(?:{_YEAR})?|\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.I)
PROPORTION = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:%|per\s?cent)|\b(?:half|halves|third|thirds|quarter|quarters|fifth|majority|minority)\b"
    r"|\b(?:one|two|three|four)[\s-](?:thirds?|quarters?|fifths?)\b|\b\d+\s+(?:in|out\s+of)\s+(?:every\s+)?\d+\b",
    re.I,
)
_NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|dozen|several|both"
# A count: a number that is not a year, a date, a reference ("46/18", "4.3") or an amount.
COUNT = re.compile(rf"(?<![£$€/.\d])\b(?!{_YEAR}\b)\d+(?:,\d{{3}})*\b(?![/.:]\d)(?!\s?(?:st|nd|rd|th)\b)|\b(?:{_NUMBER_WORDS})\b", re.I)
# "at The Castle", "in Orlando"; not "to Refresh", "from Bob": after to/from/on a capital is rarely a place.
_PLACE_NAME = re.compile(r"\b(?:[Aa]t|[Ii]n|[Ii]nto|[Nn]ear)\s+(?:[Tt]he\s+)?"
                         # a month, a weekday or "the Board" is no place
                         rf"(?!(?i:{MONTH_NAME}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)[A-Z][\w'’&-]+"
                         # an event and its edition, then where it was: "IETF 86 Orlando", "PyCon 2019 Cleveland"
                         # (the event named as events are: "IETF", "PyCon", not "Point 4 Safer")
                         r"|\b(?:[A-Z]{2,}[A-Za-z]*|[A-Z][a-z]+[A-Z][A-Za-z]*)\s+\d{1,4}\s*[,–-]?\s*[A-Z][a-z]{2,}\b")
_PLACE = re.compile(
    r"\b(?:library|office|offices|station|hall|room|centre|center|"
    r"building|school|church|site|premises|headquarters|hq|court|house|park|venue|zoom|teams|online|street|road|hotel)\b",
    re.I,
)
_ROLE = re.compile(
    r"\b(?:chair(?:man|woman|person)?|vice[\s-]chair|clerk|treasurer|secretary|director|head\s+of\s+\w+|chief\s+\w+|manager|"
    r"officer|superintendent|inspector|sergeant|constable|councillor|cllr|mayor|trustee|lead|commissioner|governance\s+manager|"
    r"president|auditors?|solicitor|lawyer|coordinator|co-ordinator|administrator|executive)\b",
    re.I,
)
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Cllr|Councillor|Rev|Sir|Dame|Lord|Lady)\.?\s+[A-Z][a-z'’-]+")
_TITLE_PAIR = re.compile(r"(?<![\w'’-])([A-Z][a-z'’-]+)\s+(?:[A-Z]\.?\s+)?([A-Z][a-z'’-]{1,})\b")
_BRACKETED_NAME = re.compile(r"(?<![\w'’-])([A-Z][a-z'’-]+)\s+([A-Z][a-z'’-]+)\s+\((?=[A-Za-z])")
# Title Case words that name things, not people ("Safer Essex Board", "Forward Plan").
_THING_WORDS = frozenset(
    "board committee council panel group team plan report service services strategy partnership fund unit office police "
    "county city district parish borough authority trust project programme scheme network forum meeting minutes policy "
    "review update paper business budget grant the a an this that these it its we they he she our their there here "
    "library libraries society association foundation company ltd limited university college school hospital centre "
    "street road lane house hall court station church agenda item action actions apologies present attendance".split()
)
# Ranks and honorifics stand before a name; alone they are not one.
_RANKS = frozenset("mr mrs ms miss dr prof cllr councillor det supt ch insp sgt pc dci di ds chief superintendent inspector sergeant".split())


@dataclass(frozen=True)
class People:
    """The people the minutes name, read once per index: full names and surnames (one pattern),
    first names, and initials."""

    pattern: re.Pattern | None
    first_names: frozenset[str]
    initials_by_source: dict[str, frozenset[str]]

    @classmethod
    def of(cls, names: list[str], initials_by_source: dict[str, set[str]]) -> "People":
        # As the registry writes them: "Post" the surname is not "post" the word.
        words = {w for n in names for w in (n, n.split()[-1] if n.split() else n) if len(w) > 2}
        pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b") if words else None
        first = frozenset(n.split()[0].lower() for n in names if len(n.split()) >= 2)
        return cls(pattern, first, {s: frozenset(i) for s, i in initials_by_source.items()})

    def initials(self, source: str | None) -> frozenset[str]:
        """Initials that stand for someone in that meeting."""
        return self.initials_by_source.get(source or "", frozenset())

    def name_ends(self, text: str) -> list[int]:
        """Where a known name or surname, written as the registry writes it, ends in `text`."""
        return [m.end() for m in self.pattern.finditer(text)] if self.pattern else []


NOBODY = People(None, frozenset(), {})


def _is_name_pair(first: str, second: str, asked: set[str], first_names: set[str]) -> bool:
    words = {first.lower(), second.lower()}
    return first.lower() in first_names and not (words & _THING_WORDS) and not (words & _RANKS) and not (words & asked)


def has_person(text: str, people: People, question: str = "", roles: bool = True, source: str | None = None) -> bool:
    """A person in `text`: a known name or initials, an honorific and surname, a role the question
    did not itself name (unless `roles` is False: "which superintendent" wants a name), or a Title
    Case name of two words the question does not use."""
    asked = {w.lower() for w in re.findall(r"[A-Za-z'’-]+", question)}
    asked_stems = set(tokenize(question))
    if people.name_ends(text):
        return True
    if any(token in people.initials(source) for token in re.findall(r"\b[A-Z]{2,4}\b", text)):
        return True
    if _HONORIFIC.search(text):
        return True
    for match in _ROLE.finditer(text) if roles else ():
        if not set(tokenize(match.group(0))) & asked_stems:
            return True
    if any(_is_name_pair(m.group(1), m.group(2), asked, people.first_names) for m in _TITLE_PAIR.finditer(text)):
        return True
    # "James Belsey (Morgan Stanley)", "Kieron O'Hara (KO)": a name with its organisation, role or initials in brackets.
    return any(not ({m.group(1).lower(), m.group(2).lower()} & (_THING_WORDS | _RANKS | asked))
               for m in _BRACKETED_NAME.finditer(text))


def has_kind(wanted: Wanted, text: str, people: People = NOBODY, question: str = "", roles: bool = True,
             source: str | None = None) -> bool:
    """Whether `text` holds the kind of thing `wanted` (always True for Wanted.ANY)."""
    if wanted is Wanted.AMOUNT:
        return bool(AMOUNT.search(text))
    if wanted is Wanted.COUNT:
        return bool(COUNT.search(text))
    if wanted is Wanted.PROPORTION:
        return bool(PROPORTION.search(text))
    if wanted is Wanted.DATE:
        return bool(DATE.search(text))
    if wanted is Wanted.PLACE:
        return bool(_PLACE.search(text) or _PLACE_NAME.search(text))
    if wanted is Wanted.PERSON:
        return bool(_ATTENDANCE_LIST.search(text)) or has_person(text, people, question, roles, source)
    return True


# "Regrets: Andrew, Hadley", "Apologies were received from …": a list of people by what it heads.
_ATTENDANCE_LIST = re.compile(r"\b(?:regrets|apologies|present|attendees|attending|absent)\b\s*(?:[:–-]|were\s+received\s+from|from)\s*[A-Z]", re.I)

WANTED_WORDS = {
    Wanted.PERSON: "who", Wanted.AMOUNT: "the amount", Wanted.COUNT: "the number", Wanted.PROPORTION: "the proportion",
    Wanted.DATE: "when", Wanted.PLACE: "where", Wanted.ANY: "that",
}


# "Mike Stephens to talk to Barclays", "RL would bring back …", "Heidi volunteered to …", "Action: JB":
# a sentence that gives someone work, not one that reports what they said.
_WORK_AFTER = re.compile(
    r"^[\W]*(?:\([^)]*\)\s*)?(?:\w+\s+){0,3}?(?:to|will|would|shall|agreed|volunteered|offered|undertook|is\s+to|are\s+to|"
    r"was\s+to|were\s+to|has\s+agreed|took\s+on|tasked|kindly|accepted|confirmed\s+(?:he|she|they)\s+would)\b",
    re.I,
)
# The word before the dash is a lower-case word ("check-in - Craig"), not a name or place joined by a dash
# ("Hasle - Skejby") nor the end of a sentence ("… that. — Niko").
_OWNER_AFTER = re.compile(r"^\W*[a-z][^\n]*?\s[a-z][a-z'’-]*\s[-–—]\s*([A-Z][a-z'’]+(?:\s[A-Z][a-z'’]+)?)\s*[.;]?\s*$")
_WORK_MARK = re.compile(r"\b[Aa]ction(?:s|ed)?\b|\b(?:[Bb]y|[Ww]ith)\s+[A-Z]{2,4}\b|\bto\s+be\s+\w+ed\s+by\s+[A-Z]")


def gives_work(text: str, people: People = NOBODY, question: str = "") -> bool:
    """Whether a sentence gives someone work (an action in prose): a person (initials, a name, a
    capitalised word that names no thing and is not the question's own) followed by "to", "will",
    "would", "agreed", "volunteered" …, or the minutes' own action marker beside initials."""
    if _WORK_MARK.search(text):
        return True
    asked = {w.lower() for w in re.findall(r"[A-Za-z'’-]+", question)}

    def person_like(*words: str) -> bool:
        lowered = {w.lower() for w in words}
        return not (lowered & _THING_WORDS) and not (lowered & _RANKS) and not (lowered & asked)

    first_names = people.first_names
    ends = [m.end() for m in re.finditer(r"\b[A-Z]{2,4}\b", text) if m.group(0).lower() not in asked]
    ends += people.name_ends(text)
    ends += [m.end() for m in _HONORIFIC.finditer(text)]
    # A capitalised name: a known first name anywhere, or any name opening the sentence ("Josh to draft …").
    for m in re.finditer(r"\b([A-Z][a-z'’-]+)(?:\s+(?:[A-Z]\.?\s+)?([A-Z][a-z'’-]{1,}))?", text):
        words = [w for w in m.groups() if w]
        opening = not text[:m.start()].strip(" -–•*|[(0123456789.")
        if person_like(*words) and (opening or words[0].lower() in first_names):
            ends.append(m.end())
    if any(_WORK_AFTER.match(text[end:]) for end in ends):
        return True
    # "contact keynotes regarding time - Tine": a task as a list entry, its owner after a dash at its end.
    owner = _OWNER_AFTER.match(text)
    return bool(owner) and person_like(*owner.group(1).split()) and not owner.group(1).lower().endswith("ed")
