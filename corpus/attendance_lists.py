"""Attendance lists wherever a document puts them and however it writes the entries.

A list is opened by a label of presence (see `corpus.presence_labels`: "Present:",
"Board members in attendance were:", "### Officers and Trustees Present", "Panel:",
"Regrets", "Those present at the meeting: ...", "Also in attendance was ...") and holds its
entries on the same line, in sentences after it, or on the lines below. Some lists have no
label and are told by the initials printed beside every name ("Allen Wirfs-Brock (AWB),
John Neumann (JN)", "(AH) Ash Holland"). Entries come as "Alan Holzer, Chair (AHol)",
"Shona Bendix (SB)(Chair)", "[DC] Daniel Collins", "Cllr Jo Bruce JB Chairperson", "Mark
Wardle (MW) (Chair) - Cardiff and Vale UHB", "Anthea Seles, The National Archives", "Jo May
HMCTS", "Clerk J Taylor", bare first names ("Peter, Dan, David") or user names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.models import AttendanceRole, Attendee
from corpus.people import derive_initials, initials_spell, strip_honorifics
from corpus.presence_labels import read_label

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
_PIECE_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?:and|&)\s+(?=[A-Z])|(?<=\))\s+(?=[A-Z][a-z])|\s+(?=(?:Cllr|Councillor|CCllr|Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z])")
_PAREN = re.compile(r"\(([^()]*)\)")
_INITIALS = re.compile(r"^[A-Z][A-Za-z]{0,3}[A-Z]?$")
# A "?" or "\ufffd" inside a word is a letter lost to a wrong encoding ("L?wis" for "Löwis").
_NAME_WORD = re.compile(r"^(?:[^\W\d_](?:[^\W\d_'’-]|[?\ufffd](?=[^\W\d_]))*(?:['’-][^\W\d_]+)*\.?|[A-Z]\.?)$")
_PARTICLES = frozenset({"du", "de", "da", "di", "van", "von", "der", "den", "le", "la", "del", "della", "bin", "al", "ter", "ten", "v.", "v"})
_ROLE_WORDS = re.compile(
    r"^(?:chair|chairman|chairperson|chairwoman|vice|deputy|clerk|parish|treasurer|secretary|president|"
    r"director|manager|officer|minutes|scribe|councillor|member|members|trustee|observer|guest|warden|footpath|"
    r"county|borough|district|town|city|head|chief|lead|coordinator|co-ordinator|editor|host|moderator|and|"
    r"person|financial|responsible|lawyer|representative|rep|staff|volunteer|hon|honorary|general|finance|"
    r"vice-chair|vice-chairman|vice-chairperson|constable|commissioner|superintendent|inspector|sergeant|"
    r"governor|minister|mayor|alderman|advisor|adviser|analyst|accountant|auditor|solicitor|executive|senior|"
    r"junior|principal|assistant|temporary|acting|interim|support|policy|performance|resources|strategic)$",
    re.IGNORECASE,
)
# Words of a heading or a note, never of a name: "Topics", "CNCF TOC Seat Discussion", "FYI".
_NOT_NAME = re.compile(
    r"\b(?:public|none|nobody|n/a|tbc|meeting|minutes|agenda|item|quorum|present|apologies|all|topics?|notes|"
    r"actions?|summary|discussion|welcome|introductions?|fyi|artifacts|recording|updates?|matters|arising|"
    r"reports?|declarations?|correspondence|aob|note|takers?|everyone|everybody|tbd|tba|various|several|others)\b",
    re.IGNORECASE,
)
_MAX_LIST_LINES = 40
_JOINED = "\u241b"  # marks "VM (Vicky)" as the start of a name that goes on
# Words that make a capitalised run a body, not a person: "Social Care Information Centre".
_ORGANISATION_WORD = re.compile(
    r"\b(?:Service|Services|Office|University|Council|Centre|Center|Institute|Archives|Trust|Ltd|Limited|Inc|"
    r"Foundation|Society|Association|Department|Ministry|Agency|Commission|Government|Parliament|Company|"
    r"Partnership|Committee|College|School|Hospital|Police|Constabulary|Bank|Publishing|Corporation|Authority|"
    r"Programme|Secretariat|Borough|County|District|Labs|Associates|Consulting|Consultancy)\b"
)
_LEADING_INITIALS = re.compile(r"(^|[,;]\s*)\(([A-Z][A-Za-z]{0,4})\)\s+(?=[A-Z])")


@dataclass
class AttendanceList:
    """One list of a document: the line that opened it ("" when unlabelled) and its people."""

    label: str
    people: list[Attendee] = field(default_factory=list)


def labelled_attendees(groups: list[list[str]]) -> list[Attendee]:
    """Everyone in the labelled attendance lists of a document: `groups` are runs of lines
    (the header, each item) that a list never runs across."""
    return [person for lists in labelled_lists(groups) for found in lists for person in found.people]


def labelled_lists(groups: list[list[str]]) -> list[list[AttendanceList]]:
    """The attendance lists of each group of lines, in order."""
    return [_lists_in(lines) for lines in groups]


def _lists_in(lines: list[str]) -> list[AttendanceList]:
    found: list[AttendanceList] = []
    index = 0
    while index < len(lines):
        opened = _open_list(lines[index])
        if opened is None:
            unlabelled = _unlabelled_run(lines, index)
            if unlabelled:
                people, index = unlabelled
                found.append(AttendanceList("", people))
                continue
            index += 1
            continue
        role, rest = opened
        opening = open_label(lines[index])[0]  # type: ignore[index]
        entries: list[Attendee] = []
        if rest:
            entries = _entries_after_label(rest, role)
        index += 1
        if not rest or entries:
            taken = 0
            while index < len(lines) and taken < _MAX_LIST_LINES:
                line = lines[index].strip()
                if not line or _open_list(line) or line.startswith(("#", "---")) or re.match(r"^\d+[.)]\s", line):
                    break
                if rest and not _wraps(rest) and _title_or_prose(line):
                    break  # "Welcome", "Professor X welcomed the Minister ...": the minutes go on
                if entries and line[:1].islower() and not _HANDLES.match(line):
                    index += 1  # "also board member, representing Lunatech": a note on the entry above
                    continue
                people = _company_line(line, role) or parse_entries(line, role)
                if not people and rest and _wraps(rest):
                    people = handles(line, role)  # "Attending: aidanhs, kennytm,\nshepmaster"
                if not people and taken == 0 and not rest and _HANDLES.match(line):
                    # IRC nicks and handles under a label of their own ("Regrets" / "slightlyoff").
                    entries.extend(Attendee(name=h, role=role) for h in re.split(r"[,\s]+", line) if h and not _NOT_NAME.fullmatch(h))
                    index += 1
                    break
                if not people:
                    break
                entries.extend(people)
                index += 1
                taken += 1
        if entries:
            found.append(AttendanceList(opening, entries))
    return found


# "Red Hat: Scott Stark (John Clingan)", "Fujitsu: Kenji Kazumura (NP) (Mike DeNicola)": a
# member organisation, its representative, and in brackets its alternates; "(NP)" marks one
# not present.
_COMPANY_LINE = re.compile(r"^(?P<org>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2}):\s+(?P<rest>[A-Z].*)$")
_ABSENT_MARK = re.compile(r"\(\s*(?:NP|N/P|absent|not present|regrets)\s*\)", re.IGNORECASE)


def _company_line(line: str, role: AttendanceRole) -> list[Attendee]:
    """The people of an organisation's line in a list under a label, each with the organisation."""
    match = _COMPANY_LINE.match(line.strip())
    if not match:
        return []
    names = _ABSENT_MARK.sub(" ", match.group("rest"))
    names = re.sub(r"\s*\(([^()]*)\)", r", \1", names)  # alternates are named as the members are
    people = parse_entries(names, role)
    for person in people:
        person.organisation = person.organisation or match.group("org")
    return people


def _wraps(rest: str) -> bool:
    """A label's line of names that goes on below: it ends on a comma or "and", or a bracket
    is left open ("Conn Crawford (Sunderland")."""
    rest = rest.rstrip()
    return bool(re.search(r"(?:[,;&(]|\band)$", rest)) or rest.count("(") > rest.count(")")


_PLACEHOLDERS = frozenset({"who", "todo", "name", "names", "someone", "anyone", "xxx", "tbc"})
_HANDLE_LIST = re.compile(r"^@?[\w.-]{2,39}(?:\s*,\s*@?[\w.-]{2,39})+,?$|^@?[a-z][\w.-]{1,38},?$")


def handles(text: str, role: AttendanceRole) -> list[Attendee]:
    """"aidanhs, alexcrichton, kennytm, Mark-Simulacrum": a comma list of user names after a
    label, most of them lower-case (capitalised words are names, read by `parse_entries`)."""
    text = text.strip().rstrip(".")
    if not _HANDLE_LIST.match(text):
        return []
    names = [h.strip() for h in text.split(",") if h.strip()]
    if sum(h.lstrip("@")[:1].islower() for h in names) * 2 < len(names):
        return []
    return [Attendee(name=h, role=role) for h in names
            if not _NOT_NAME.fullmatch(h.lstrip("@")) and h.lower() not in _PLACEHOLDERS]


def _title_or_prose(line: str) -> bool:
    """A line that ends a list whose first names stood beside the label: one word (a
    heading), or a long sentence."""
    words = line.split()
    return (len(words) == 1 and "," not in line) or (len(words) >= 8 and line.rstrip().endswith((".", ":")))


def _open_list(line: str) -> tuple[AttendanceRole, str] | None:
    """(role, names on the same line) when `line` opens an attendance list."""
    opened = open_label(line)
    return (opened[1], opened[2]) if opened else None


def open_label(line: str) -> tuple[str, AttendanceRole, str] | None:
    """(label, role, names on the same line) when `line` opens an attendance list."""
    match = LABEL.match(line)
    if match and not _NOT_LIST_LABEL.search(match.group("label")):
        return match.group("label"), _role(match.group("label")), match.group("rest").strip()
    label = read_label(line)
    if label is not None:
        return label.label, label.role, label.rest
    return None


# A full stop after a word or a bracket, not after an initial or a particle ("Martin v. Löwis").
_SENTENCE_END = re.compile(r"(?:(?<=[a-z]{3})|(?<=\)))(?<!Messrs)(?<!Mrs)(?<!Prof)\.\s+(?=[A-Z])")
_ALSO_ATTENDED = re.compile(
    r"^(?P<names>.+?)\s+(?:(?:was|were)\s+)?(?:also\s+)?(?:attended|joined|present|in attendance)\b(?:\s+(?:the|this)\s+meeting)?\W*$",
)


def _entries_after_label(rest: str, role: AttendanceRole) -> list[Attendee]:
    """The names after a label, which may run on into further sentences or labels:
    "David Goodger, ..., and Andrew Kuchling. Also in attendance was Kurt Kaiser (Treasurer).",
    "Shehla Husain, Steve Peters (DCLG) Apologies: Dominic Campbell (FutureGov)"."""
    sentences = _SENTENCE_END.split(rest)
    entries: list[Attendee] = []
    for at, sentence in enumerate(sentences):
        sentence = sentence.strip().rstrip(".")
        if at > 0:
            opened = _open_list(sentence)
            if opened is not None:
                role, sentence = opened
            else:
                also = _ALSO_ATTENDED.match(sentence)
                if not also:
                    continue  # "Martin was taking minutes."
                sentence = also.group("names")
                role = AttendanceRole.IN_ATTENDANCE if re.search(r"\balso\b", also.group(0)) else role
        for part_role, part in _split_embedded_labels(sentence, role):
            people = parse_entries(part, part_role) or handles(part, part_role)
            if at == 0 and not people and not entries:
                return []
            entries.extend(people)
            role = part_role
    return entries


_EMBEDDED = re.compile(r"(?<=\S)\s+(?=[A-Z][\w-]*(?:\s+[\w-]+){0,3}\s*:\s)")


def _split_embedded_labels(text: str, role: AttendanceRole) -> list[tuple[AttendanceRole, str]]:
    """Pieces of one line under the labels run into it: "A, B (DCLG) Apologies: C, D"."""
    parts: list[tuple[AttendanceRole, str]] = []
    current_role, start = role, 0
    for cut in _EMBEDDED.finditer(text):
        label = read_label(text[cut.end() :])
        if label is None or not label.rest:
            continue
        parts.append((current_role, text[start : cut.start()]))
        current_role = label.role
        start = text.index(label.rest, cut.end())
    parts.append((current_role, text[start:]))
    return [(r, p) for r, p in parts if p.strip()]


_INITIALLED = re.compile(r"^\s*(?:\((?P<first>[A-Z][A-Za-z]{1,4})\)\s+(?P<name>[^()]+?)|(?P<name2>[^()]+?)\s*\((?P<last>[A-Z][A-Za-z]{1,4})\))\s*$")
_MIN_UNLABELLED = 3


def _unlabelled_run(lines: list[str], index: int) -> tuple[list[Attendee], int] | None:
    """An attendance list without a label, told by the initials printed beside every name:
    one line "Brian Terlson (BT), Dmitry Lomov (DL), ..." or a run of lines "(AH) Ash Holland"."""
    line = lines[index]
    pieces = [p for p in re.split(r"\s*[,;]\s*", line.strip().rstrip(".")) if p.strip()]
    if len(pieces) >= _MIN_UNLABELLED:
        people = [p for p in (_initialled(piece) for piece in pieces) if p]
        if len(people) >= _MIN_UNLABELLED and len(people) >= 0.8 * len(pieces):
            return people, index + 1
        return None
    run: list[Attendee] = []
    at = index
    while at < len(lines) and (person := _initialled(lines[at])) is not None:
        run.append(person)
        at += 1
    if len(run) >= _MIN_UNLABELLED:
        return run, at
    return None


def _initialled(piece: str) -> Attendee | None:
    """"Allen Wirfs-Brock (AWB)" or "(AH) Ash Holland": a name with initials that spell it."""
    match = _INITIALLED.match(piece.strip(" *_•-"))
    if not match:
        return None
    name, initials = (match.group("name") or match.group("name2")), (match.group("first") or match.group("last"))
    person = parse_entry(name, AttendanceRole.PRESENT)
    if person is None or person.position or " " not in person.name or not initials_spell(initials, person.name):
        return None
    person.initials, person.initials_printed = initials, True
    return person


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
    # Initials printed first, "(AH) Ash Holland", are the "[DC] Daniel Collins" form.
    text = _LEADING_INITIALS.sub(lambda m: f"{m.group(1)}[{m.group(2)}] ", text)
    # Commas inside brackets belong to the entry: "A Collins (Vice Chair, chairing the meeting)".
    protected = _PAREN.sub(lambda m: m.group(0).replace(",", "\u241f").replace(";", "\u241e").replace("&", "\u241c"), text)
    # "and" inside a body's name is no list's "and": "Health and Social Care Information Centre".
    protected = re.sub(r"[^,;]+", lambda m: m.group(0).replace(" and ", " \u241d ") if _ORGANISATION_WORD.search(_PAREN.sub(" ", m.group(0))) else m.group(0), protected)
    protected = re.sub(r"(^|[,;]\s*)([A-Z]{1,3}\s*\([^()]*\))(?=\s+[A-Z])", lambda m: m.group(1) + m.group(2) + _JOINED, protected)
    pieces = [p.replace("\u241f", ",").replace("\u241e", ";").replace("\u241d", "and").replace("\u241c", "&")
              for p in _PIECE_SPLIT.split(protected) if p and p.strip()]
    pieces = _rejoin_nicknames(pieces)
    pieces = [p.replace(_JOINED, "") for p in pieces]
    people: list[Attendee] = []
    failures = 0
    for at, piece in enumerate(pieces):
        organisation = _organisation_after_name(piece, people, len(pieces) == 2 and at == 1)
        if organisation is not None:
            # "Government Digital Service (Chair)": the body, and a note on the person.
            notes = [n.strip() for n in _PAREN.findall(organisation) if n.strip()]
            people[-1].organisation = people[-1].organisation or " ".join(_PAREN.sub(" ", organisation).split())
            if notes:
                people[-1].position = ", ".join(filter(None, [people[-1].position, *notes]))
            continue
        person = parse_entry(piece, role)
        if person is None:
            extra = _role_fragment(piece)
            if extra is not None and people:
                _merge_fragment(people[-1], extra)
            else:
                failures += 1
            continue
        people.append(person)
        second = _second_person(person, role) if "(" not in piece else None
        if second is not None:
            people.append(second)
    # A line of prose is not a list: most of its pieces must be names.
    if not people or failures > len(people):
        return []
    singles = [p for p in people if " " not in p.name]
    if singles and len(singles) < len(people) / 2 and len(people) > 2:
        people = [p for p in people if " " in p.name]
    return people


def _rejoin_nicknames(pieces: list[str]) -> list[str]:
    """"VM (Vicky) Brasseur (Wipro)": a bracket after given initials is a nickname inside
    the name, not the end of an entry ("Sasha (Intel), Stefan" stays two entries)."""
    joined: list[str] = []
    for piece in pieces:
        if joined and joined[-1].endswith(_JOINED) and re.match(r"[A-Z][\w'’-]+(?:\s*\(|\s*$)", piece.strip()):
            joined[-1] = f"{joined[-1].strip()} {piece.strip()}"
            continue
        joined.append(piece)
    return joined


def _organisation_after_name(piece: str, people: list[Attendee], pair: bool) -> str | None:
    """"Anthea Seles, The National Archives", "Graham Peek, Parliament": the body a named
    person comes from, written after the name; None when `piece` is not that."""
    piece = piece.strip(" *_")
    if not people or " " not in people[-1].name or not piece or not piece[0].isupper():
        return None
    outside = _PAREN.sub(" ", piece)
    if _ORGANISATION_WORD.search(outside) and parse_entry(piece, AttendanceRole.PRESENT) is None:
        return piece  # "Social Care Information Centre"
    bare = outside.strip()
    if re.fullmatch(r"[A-Z][A-Za-z]*[A-Z][\w&-]*", bare) and (sum(c.isupper() for c in bare) >= 3 or re.search(r"[a-z][A-Z]", bare)):
        return piece  # "GDS", "CESG", "HS2", "VirtusLab (subbing for ...)", "GitHub"
    if pair and re.fullmatch(r"[A-Z][a-z]+", piece):
        return piece  # one word after a full name on a line of its own
    return None


def parse_entry(piece: str, role: AttendanceRole) -> Attendee | None:
    """One entry: a name with its printed initials, position and organisation."""
    piece = piece.strip().strip("*_•-").strip()
    piece = re.sub(r"^(?:and|&)\s+(?=[A-Z])", "", piece)  # the last of "A, B, and C"
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
    bracketed: str | None = None
    for inner in _PAREN.findall(piece):
        inner = inner.strip()
        if initials is None and bracketed is None and _INITIALS.match(inner) and sum(c.isupper() for c in inner) >= 2:
            bracketed = inner  # initials if they spell the name, else an affiliation ("(DCLG)")
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
        if len(word) == 1 and len(name_words) >= 2 and not (len(following) > 1 and _NAME_WORD.match(following)):
            break  # "Kay Dicken P P P": a register's presence codes after the name, not initials
        name_words.append(word)
        if len(name_words) == 4:
            break
    if title and len(name_words) >= 4:
        name_words = name_words[:2]  # "Cllr Shirley Cordner Helen Richardson": the honorific's name is two words
    if not name_words or all(len(w.rstrip(".")) == 1 for w in name_words) or all(_ROLE_WORDS.match(w) for w in name_words):
        return None
    body_at = _body_start(words)
    if body_at is not None and body_at < len(name_words) + 3:
        # "Matthew Brown Cabinet Office", "Kieron O'Hara Southampton University": a two-word
        # name, then the body (the word before "University" is the body's, not the name's).
        if body_at < 2:
            return None  # "Government Digital Service", "Essex Police": a body, not a person
        name_words = name_words[: min(2, body_at)] if body_at <= len(name_words) + 2 else name_words
        organisation = organisation or " ".join(words[len(name_words) :]).strip(" ,") or None
    if name_words[0] in ("The", "This", "That", "These", "Our"):
        return None  # "The Minister"
    rest_words = words[len(name_words) :]
    if rest_words and initials is None and _printed_initials(rest_words[0], name_words):
        initials = rest_words.pop(0)
    if len(name_words) == 1 and any(w[:1].islower() for w in rest_words):
        return None  # "Village pump", "Road mapping project": words, not a name
    name = " ".join(name_words)
    if bracketed is not None:
        if initials_spell(bracketed, name) or bracketed in derive_initials(name):
            initials = bracketed
        else:
            notes.insert(0, bracketed)
    position_parts = [" ".join(leading_role)] if leading_role else []
    if rest_words:
        position_parts.append(" ".join(rest_words))
    position_parts.extend(notes)
    if dash_role:
        position_parts.insert(0, dash_role)
    position = ", ".join(p for p in position_parts if p) or None
    if position and organisation and position == organisation:
        position = None  # "Matthew Brown Cabinet Office": the body, not a job
    return Attendee(
        name=name,
        role=role,
        position=position,
        organisation=organisation.strip() if organisation else None,
        initials=initials or (derive_initials(name) or [None])[0],
        initials_printed=initials is not None,
        title=title,
    )


def _body_start(words: list[str]) -> int | None:
    """Where a body's name starts in a run of capitalised words: the word before an
    organisation word ("Southampton University", "Law Society Gazette") or an acronym
    ("HMCTS"); None when the run names no body."""
    for at, word in enumerate(words):
        if not word[:1].isupper() and word not in ("of", "for", "and", "&", "the"):
            return None
        if _ORGANISATION_WORD.fullmatch(word.strip(",")):
            return max(0, at - 1) if at >= 3 else at
        if at >= 2 and re.fullmatch(r"[A-Z]{3,}", word.strip(",")):
            return at
    return None


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
