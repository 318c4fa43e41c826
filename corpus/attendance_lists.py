"""Attendance lists wherever a document puts them and however it writes the entries.

A list is opened by a label ("Present:", "Present;", "Attendees", "Attendance:",
"Directors Present:", "Councillors absent:", "Board members present (3/3) :", "Regrets:",
"Also in attendance:", "## Attendance") and holds its entries on the same line or the
lines below. Entries come as "Alan Holzer, Chair (AHol)", "Shona Bendix (SB)(Chair)",
"[DC] Daniel Collins", "Cllr Jo Bruce JB Chairperson", "Mark Wardle (MW) (Chair) - Cardiff
and Vale UHB", "Clerk J Taylor", or bare first names ("Peter, Dan, David").
"""

from __future__ import annotations

import re

from corpus.models import AttendanceRole, Attendee
from corpus.people import derive_initials, strip_honorifics

_QUALIFIER = r"(?:(?:councillors|directors|members|trustees|board\s+members|committee\s+members|officers|others|also|staff|governors|people)\s+(?:\([^)]{0,30}\)\s*)?)?"
LABEL = re.compile(
    r"^\s*(?:#+\s*)?[*_]*(?P<label>" + _QUALIFIER
    + r"(?:present|attendees|attendance|attending|in\s+attendance|also\s+present|apologies(?:\s+for\s+absence)?(?:\s+received)?"
    r"|regrets|absent|absentees|guests?|observers?|invited|visitors|scribe|chair(?:ed\s+by)?|note[- ]?takers?|moderator|"
    r"facilitator|roll\s+call)(?:\s*\(?(?:expected\s+to\s+be\)?\s*)?(?:absent|present))?)[*_]*"
    r"[ ]*(?:\(\s*\d+\s*/\s*\d+\s*\))?[ ]*(?:[:;]|-\s|–\s|\t|$)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ROLE_OF_LABEL = [
    (re.compile(r"apolog|regrets|absent", re.I), AttendanceRole.APOLOGIES),
    (re.compile(r"guest|observer|invited|visitor", re.I), AttendanceRole.GUEST),
    (re.compile(r"in attendance|also|others|scribe|note|moderator|facilitator|staff|officers", re.I), AttendanceRole.IN_ATTENDANCE),
]
_PIECE_SPLIT = re.compile(r"\s*[,;]\s*|\s+and\s+(?=[A-Z])|(?<=\))\s+(?=[A-Z][a-z])|\s+(?=(?:Cllr|Councillor|CCllr|Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z])")
_PAREN = re.compile(r"\(([^()]*)\)")
_INITIALS = re.compile(r"^[A-Z][A-Za-z]{0,3}[A-Z]?$")
_NAME_WORD = re.compile(r"^(?:[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*\.?|[A-Z]\.?)$")
_PARTICLES = frozenset({"du", "de", "da", "di", "van", "von", "der", "den", "le", "la", "del", "della", "bin", "al", "ter", "ten"})
_ROLE_WORDS = re.compile(
    r"^(?:chair|chairman|chairperson|chairwoman|vice|deputy|clerk|parish|treasurer|secretary|president|"
    r"director|manager|officer|minutes|scribe|councillor|member|members|trustee|observer|guest|warden|footpath|"
    r"county|borough|district|town|city|head|chief|lead|coordinator|co-ordinator|editor|host|moderator|and|"
    r"person|financial|responsible|lawyer|representative|rep|staff|volunteer|hon|honorary|general|finance|"
    r"vice-chair|vice-chairman|vice-chairperson)$",
    re.IGNORECASE,
)
_NOT_NAME = re.compile(r"\b(?:public|none|nobody|n/a|tbc|meeting|minutes|agenda|item|quorum|present|apologies|all)\b", re.IGNORECASE)
_MAX_LIST_LINES = 40


def labelled_attendees(groups: list[list[str]]) -> list[Attendee]:
    """Everyone in the labelled attendance lists of a document: `groups` are runs of lines
    (the header, each item) that a list never runs across."""
    found: list[Attendee] = []
    for lines in groups:
        found.extend(_lists_in(lines))
    return found


def _lists_in(lines: list[str]) -> list[Attendee]:
    found: list[Attendee] = []
    index = 0
    while index < len(lines):
        match = LABEL.match(lines[index])
        if not match or _NOT_LIST_LABEL.search(match.group("label")):
            index += 1
            continue
        role = _role(match.group("label"))
        rest = match.group("rest").strip()
        entries: list[Attendee] = []
        if rest:
            entries = parse_entries(rest, role)
        index += 1
        if not rest or entries:
            taken = 0
            while index < len(lines) and taken < _MAX_LIST_LINES:
                line = lines[index].strip()
                if not line or LABEL.match(line) or line.startswith(("#", "---")) or re.match(r"^\d+[.)]\s", line):
                    break
                people = parse_entries(line, role)
                if not people and taken == 0 and not rest and _HANDLES.match(line):
                    # IRC nicks and handles under a label of their own ("Regrets" / "slightlyoff").
                    entries.extend(Attendee(name=h, role=role) for h in re.split(r"[,\s]+", line) if h)
                    index += 1
                    break
                if not people:
                    break
                entries.extend(people)
                index += 1
                taken += 1
        found.extend(entries)
    return found


_NOT_LIST_LABEL = re.compile(r"^roll\s+call$", re.IGNORECASE)
_HANDLES = re.compile(r"^@?[a-z][\w.-]{1,38}(?:\s*,\s*@?[a-z][\w.-]{1,38})*$")


def _role(label: str) -> AttendanceRole:
    for pattern, role in _ROLE_OF_LABEL:
        if pattern.search(label):
            return role
    return AttendanceRole.PRESENT


def parse_entries(text: str, role: AttendanceRole) -> list[Attendee]:
    """The people one line of a list names; [] when the line is not a list of names."""
    text = text.strip().strip("*_").strip()
    if not text or len(text) > 600:
        return []
    # Commas inside brackets belong to the entry: "A Collins (Vice Chair, chairing the meeting)".
    protected = _PAREN.sub(lambda m: m.group(0).replace(",", "\u241f").replace(";", "\u241e"), text)
    pieces = [p.replace("\u241f", ",").replace("\u241e", ";") for p in _PIECE_SPLIT.split(protected) if p and p.strip()]
    people: list[Attendee] = []
    failures = 0
    for piece in pieces:
        person = parse_entry(piece, role)
        if person is None:
            extra = _role_fragment(piece)
            if extra is not None and people:
                _merge_fragment(people[-1], extra)
            else:
                failures += 1
            continue
        people.append(person)
        second = _second_person(person, role)
        if second is not None:
            people.append(second)
    # A line of prose is not a list: most of its pieces must be names.
    if not people or failures > len(people):
        return []
    singles = [p for p in people if " " not in p.name]
    if singles and len(singles) < len(people) / 2 and len(people) > 2:
        people = [p for p in people if " " in p.name]
    return people


def parse_entry(piece: str, role: AttendanceRole) -> Attendee | None:
    """One entry: a name with its printed initials, position and organisation."""
    piece = piece.strip().strip("*_•-").strip()
    initials: str | None = None
    bracket = re.match(r"^\[(?P<initials>[A-Za-z]{1,5})\]\s*(?P<rest>.+)$", piece)
    if bracket:
        initials, piece = bracket.group("initials"), bracket.group("rest")
    organisation = None
    dash_role: str | None = None
    if re.search(r"\s[-–]\s", piece):
        piece, organisation = re.split(r"\s[-–]\s", piece, maxsplit=1)
        if all(_ROLE_WORDS.match(w) or w.lower() in ("of", "the", "&") for w in re.split(r"[\s-]+", organisation.strip()) if w):
            dash_role, organisation = organisation.strip(), None  # "Mrs Claire Cann - Chair"
    notes: list[str] = []
    for inner in _PAREN.findall(piece):
        inner = inner.strip()
        if initials is None and _INITIALS.match(inner) and sum(c.isupper() for c in inner) >= 2:
            initials = inner
        elif inner:
            notes.append(inner)
    piece = _PAREN.sub(" ", piece)
    piece = " ".join(piece.split())
    if not piece or _NOT_NAME.search(piece) or re.search(r"\d", piece):
        return None
    leading_role: list[str] = []
    words = piece.split()
    while words and _ROLE_WORDS.match(words[0]) and len(words) > 1 and words[0][0].isupper():
        if words[0].lower() in ("cllr", "councillor"):
            break
        leading_role.append(words.pop(0))
    bare, title = strip_honorifics(" ".join(words))
    words = bare.split()
    name_words: list[str] = []
    for position, word in enumerate(words):
        following = words[position + 1] if position + 1 < len(words) else ""
        if word in _PARTICLES and name_words and following[:1].isupper():
            name_words.append(word)
            continue
        if word in ("Jr", "Jr.", "Sr", "Sr.", "Jnr") and name_words:
            name_words.append(word)
            continue
        if not _NAME_WORD.match(word) or not word[0].isupper() or _ROLE_WORDS.match(word) and name_words:
            break
        if _printed_initials(word, name_words):
            break
        name_words.append(word)
        if len(name_words) == 4:
            break
    if title and len(name_words) >= 4:
        name_words = name_words[:2]  # "Cllr Shirley Cordner Helen Richardson": the honorific's name is two words
    if not name_words or all(len(w.rstrip(".")) == 1 for w in name_words) or all(_ROLE_WORDS.match(w) for w in name_words):
        return None
    rest_words = words[len(name_words) :]
    if rest_words and initials is None and _printed_initials(rest_words[0], name_words):
        initials = rest_words.pop(0)
    if len(name_words) == 1 and any(w[:1].islower() for w in rest_words):
        return None  # "Village pump", "Road mapping project": words, not a name
    name = " ".join(name_words)
    position_parts = [" ".join(leading_role)] if leading_role else []
    if rest_words:
        position_parts.append(" ".join(rest_words))
    position_parts.extend(notes)
    if dash_role:
        position_parts.insert(0, dash_role)
    position = ", ".join(p for p in position_parts if p) or None
    return Attendee(
        name=name,
        role=role,
        position=position,
        organisation=organisation.strip() if organisation else None,
        initials=initials or (derive_initials(name) or [None])[0],
        initials_printed=initials is not None,
        title=title,
    )


def _looks_initial(word: str) -> bool:
    return bool(re.match(r"^[A-Z]\.?$", word))


def _printed_initials(word: str, name_words: list[str]) -> bool:
    """"JB" after "Jo Bruce": initials printed beside the name, not a further name word."""
    if not name_words or not re.match(r"^[A-Z][A-Za-z]?[A-Z]{1,3}$", word) or word.upper() != word:
        return False
    firsts = "".join(w[0] for w in name_words if w[0].isalpha()).upper()
    return word[0] == firsts[0] and word[-1] in firsts


def _role_fragment(piece: str) -> tuple[str | None, str | None] | None:
    """"Chair (AHol)" after "Alan Holzer": the position and initials of the previous entry."""
    initials = None
    for inner in _PAREN.findall(piece):
        if _INITIALS.match(inner.strip()):
            initials = inner.strip()
    words = _PAREN.sub(" ", piece).split()
    if words and all(_ROLE_WORDS.match(w) or w.lower() in ("of", "the", "&") for w in words):
        return " ".join(words), initials
    if not words and initials:
        return None, initials
    return None


def _merge_fragment(person: Attendee, fragment: tuple[str | None, str | None]) -> None:
    position, initials = fragment
    if position:
        person.position = f"{person.position}, {position}" if person.position else position
    if initials and not person.initials_printed:
        person.initials, person.initials_printed = initials, True


def _second_person(person: Attendee, role: AttendanceRole) -> Attendee | None:
    """"Cllr Shirley Cordner Helen Richardson Parish Clerk": a second entry run into the first."""
    match = re.match(r"^([A-Z][a-z][\w'’-]*\s+[A-Z][a-z][\w'’-]*)(?:\s+(?P<rest>.*))?$", person.position or "")
    if not match:
        return None
    rest = (match.group("rest") or "").split()
    if rest and not _ROLE_WORDS.match(rest[0]):
        return None
    second = parse_entry(person.position or "", role)
    if second is not None:
        person.position = None
    return second
