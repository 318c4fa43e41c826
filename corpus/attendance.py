"""Attendance lists: who was present, in attendance, a guest, or sent apologies.

Lists come headed ("Present:", "Members:", "In Attendance:", "Guests:", "Apologies:"),
as name/position line pairs or table rows, or unheaded as rows ending in initials
("Roger Hirst, Police and Crime Commissioner, OPCC | RH"); the labelled lists of
`corpus.attendance_lists` (any label of presence, anywhere in the document) complete them.
Apologies are also recorded in the items ("Apologies were received from Alec Wood, Chief
Constable ...").
"""

from __future__ import annotations

import re

from corpus.attendance_lists import labelled_lists, parse_entry
from corpus.presence_labels import read_label
from corpus.blocks import Block, Paragraph, Table
from corpus.models import AttendanceRole, Attendee
from corpus.people import abbreviates, derive_initials, normalise_name, same_person, strip_honorifics

_SECTION = re.compile(
    r"^(?P<label>those present|present|members(?: present)?|attendees|in attendance|officers(?: present)?|"
    r"also (?:present|in attendance)|guests?|observers?|apologies(?: given| received| for absence)?|absent)\s*:?\s*$",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"^[#*_\s]+|[*_\s]+$")
_ROLES = {
    "in attendance": AttendanceRole.IN_ATTENDANCE,
    "officers": AttendanceRole.IN_ATTENDANCE,
    "also": AttendanceRole.IN_ATTENDANCE,
    "guest": AttendanceRole.GUEST,
    "observer": AttendanceRole.GUEST,
    "apologies": AttendanceRole.APOLOGIES,
    "absent": AttendanceRole.APOLOGIES,
}
_POSITION_WORDS = re.compile(
    r"\b(chief|executive|director|head|manager|officer|assistant|associate|area|probation|community|"
    r"commissioner|constable|deputy|treasurer|accountant|minutes|notes|chair|vice|governor|cabinet|"
    r"member|strategic|senior|support|service|council|policy|inspector|superintendent|secretary|clerk|"
    r"lead|advisor|adviser|analyst|coordinator|co-ordinator|supt|dci|police|essex|essex|of|for|and|"
    r"youth|finance|scrutiny|performance|improvement|unit|hr|it|media|engagement|resourcing|"
    r"accounting|insurance|management|opcc|ep|opfcc|ecc)\b",
    re.IGNORECASE,
)
# A capitalised word in any script ("Hook", "O'Neil", "Никита"), a hyphenated initial, or an initial.
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-])*$|^[A-Z]-[A-Z][a-z]*$|^[A-Z]\.?$")
# Lower-case particles inside names: "Antoine du Hamel", "Ludwig van Beethoven".
_PARTICLES = frozenset({"du", "de", "da", "di", "van", "von", "der", "den", "le", "la", "del", "della", "bin", "al", "ter", "ten"})


def _is_name_word(word: str, inside: bool = False) -> bool:
    if inside and word in _PARTICLES:
        return True
    return bool(_NAME_WORD.match(word)) and word[0].isupper()


def _consistent_initials(initials: str, name: str) -> bool:
    """Printed "(AH)" belongs to "Anna Hook"; "(TSC)" after a name is an affiliation, not initials."""
    capitals = [w[0].upper() for w in name.split() if w[:1].isalpha()]
    return bool(capitals) and (initials in derive_initials(name) or (
        initials[0].upper() == capitals[0] and initials[-1].upper() == capitals[-1]))

_PRINTED_INITIALS = re.compile(r"\s*\((?P<initials>[A-Z][A-Za-z]?[A-Z]{1,3})\)\s*$")
_INITIALS_CELL = re.compile(r"^[A-Z][A-Za-z]?[A-Z]{1,3}$")
_HANDLE = re.compile(r"\s+@[\w-]+.*$|\s+\(.*$")
_APOLOGIES_SENTENCE = re.compile(
    r"apologies(?:\s+for\s+absence)?\s+(?:were|was|had been)?\s*(?:received|given|tendered|submitted)?\s*from\s+(?P<list>[^.]+)",
    re.IGNORECASE,
)
# "David Ascher joined the meeting for the remaining agenda items", "Cllr Jo Bloggs arrived at
# 7.40pm": a late arrival is present, though no list names them.
_JOINED = re.compile(
    r"(?:\b(?:Cllr\.?|Councillor|Dr\.?|Mr\.?|Mrs\.?|Ms\.?)[ \t]+)?(?<![\w'’-])(?P<name>[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]+){1,2})[ \t]+"
    r"(?:joined|arrived\s+at|arrived\s+during|entered)\s+(?:the\s+)?(?:meeting|call)\b"
)
_SUBSTITUTE = re.compile(r"substitute[sd]?,?\s+(?:cllr\.?\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\s+attended", re.IGNORECASE)


def extract_attendees(header: list[Block], item_texts: list[str]) -> list[Attendee]:
    """Everyone the minutes list as attending or sending apologies, without duplicates."""
    attendees: list[Attendee] = []
    role: AttendanceRole | None = None
    for cells in _rows(header):
        section = _SECTION.match(cells[0])
        label = None if section else read_label(cells[0].lstrip("§"))
        if section:
            role = _role(section.group("label"))
            cells = cells[1:]
            if not cells:
                continue
        elif label is not None and role is not None:
            # Another label of presence ("Board members:") ends the list; the labelled lists read it.
            role = None
            continue
        if role is None:
            unheaded = _unheaded_row(cells)
            if unheaded:
                attendees.append(unheaded)
            continue
        _add_entry(attendees, cells, role)
    # Labelled lists anywhere in the document ("Present;" lines, "## Attendance" sections,
    # "Directors Present:" in a roll call) complete what the header layouts gave; an entry
    # that swallowed a whole paragraph as its "position" was a misreading.
    attendees = [a for a in attendees if not _swallowed_text(a.position or "")]
    groups = [[line for block in header for line in _block_text(block)]]
    groups += [text.split("\n") for text in item_texts]
    lists = labelled_lists(groups)
    _merge(attendees, [p for group in lists for found in group for p in found.people])
    # Lists the header layouts never read (a second label, a list in an item, a sentence)
    # add their people to whatever the layouts gave.
    unread = [p for at, group in enumerate(lists) for found in group
              if at > 0 or not _SECTION.match(_MARKUP.sub("", found.label).strip()) for p in found.people]
    for person in unread:
        if not any(same_person(a.name, person.name) for a in attendees):
            attendees.append(person)
    for text in item_texts[:3]:
        _apologies_in_text(attendees, text)
    for text in item_texts:
        _late_arrivals(attendees, text)
    return _without_short_forms(_dedupe(attendees))


_MAX_POSITION = 300
_FEW = 2


def _swallowed_text(position: str) -> bool:
    """A "position" that is really the rest of a list or of the minutes."""
    return len(position) > _MAX_POSITION or len(re.findall(r"\([A-Z][A-Za-z]{1,4}\)", position)) >= 2


def _merge(attendees: list[Attendee], found: list[Attendee]) -> None:
    # When the header layouts already gave a list, labelled lines only add printed
    # initials to the people on it; otherwise (or when the layouts found one or two
    # names where the labelled lists name many) they are the list.
    if len(attendees) <= _FEW and len(found) > 2 * max(1, len(attendees)):
        attendees.clear()
    adding = not attendees
    for person in found:
        same = next((a for a in attendees if same_person(a.name, person.name)), None)
        if same is None:
            # A name with its initials printed ("Dave Horkan (DHO)") is an entry of the list
            # even where the layouts missed it.
            if adding or (person.initials_printed and " " in person.name):
                attendees.append(person)
        elif person.initials_printed and not same.initials_printed:
            same.initials, same.initials_printed = person.initials, True


def _block_text(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    return ["\t".join(" ".join(c.split()) for c in row if c.strip()) for row in block.rows]


def _rows(header: list[Block]) -> list[list[str]]:
    rows: list[list[str]] = []
    for block in header:
        if isinstance(block, Paragraph):
            if block.heading and not _SECTION.match(block.text):
                rows.append(["§" + block.text])  # a heading ends any list
            else:
                rows.append([block.text])
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(c.split()) for c in row if c.strip()]
                if cells:
                    rows.append(cells)
    return rows


def _role(label: str) -> AttendanceRole:
    label = label.lower()
    for prefix, role in _ROLES.items():
        if label.startswith(prefix):
            return role
    return AttendanceRole.PRESENT


def _unheaded_row(cells: list[str]) -> Attendee | None:
    # "Roger Hirst, Police and Crime Commissioner, OPCC | RH"
    if len(cells) >= 2 and _INITIALS_CELL.match(cells[-1]):
        person = _parse_person(cells[0], AttendanceRole.PRESENT)
        if person and cells[-1] in derive_initials(person.name) + [cells[-1]]:
            person.initials, person.initials_printed = cells[-1], True
            return person
    return None


def _add_entry(attendees: list[Attendee], cells: list[str], role: AttendanceRole) -> None:
    if cells[0].startswith("§"):
        return
    first = cells[0]
    if len(cells) == 1:
        # "Professor Allan Brimicombe University of East London", "Jo May HMCTS": a name, then
        # the body; "Francis Davey practising barrister": a name, then a description.
        person = parse_entry(first, role)
        if person is not None and " " in person.name and (
            (person.organisation and not person.position)
            or (not _looks_like_name(first) and _description(person.position or ""))
        ):
            attendees.append(person)
            return
    if len(cells) == 1 and attendees and attendees[-1].role == role and not _looks_like_name(first):
        # The position line under a name ("Chief Constable, Essex Police"), or its wrap.
        last = attendees[-1]
        last.position = f"{last.position} {first}".strip() if last.position else first
        if last.organisation is None and "," in first:
            last.organisation = first.rsplit(",", 1)[1].strip()
        return
    person = _parse_person(first, role)
    if person is None:
        return
    for extra in cells[1:]:
        if _INITIALS_CELL.match(extra) and extra in derive_initials(person.name):
            person.initials, person.initials_printed = extra, True
        elif person.position is None:
            person.position = extra
        elif person.organisation is None:
            person.organisation = extra
    attendees.append(person)


def _description(position: str) -> bool:
    """"practising barrister": a short lower-case description after a name, not the run-on
    of a body's name ("and Essex IT Director") or of a sentence."""
    words = position.split()
    return bool(words) and len(words) <= 5 and words[0][:1].islower() and words[0] not in (
        "and", "of", "for", "the", "to", "in", "at", "&", "on", "with")


def _looks_like_name(text: str) -> bool:
    bare, _ = strip_honorifics(_PRINTED_INITIALS.sub("", _HANDLE.sub("", text)))
    words = bare.split()
    return 2 <= len(words) <= 4 and all(_is_name_word(w, 0 < i < len(words) - 1) for i, w in enumerate(words)) and not any(
        _POSITION_WORDS.fullmatch(w) for w in words
    )


def _parse_person(text: str, role: AttendanceRole) -> Attendee | None:
    """A name with what follows it: "ACC Peter Lowton, Territorial Policing", "Anna Hook (AH)"."""
    text = text.strip(" -*•")
    initials = None
    printed = _PRINTED_INITIALS.search(text)
    affiliation = None
    if printed:
        initials = printed.group("initials")
        text = text[: printed.start()]
    text = _HANDLE.sub("", text) if "@" in text else text
    bare, title = strip_honorifics(text)
    head, _, rest = (re.split(r"(\s*[,:;]\s*)", bare, maxsplit=1) + ["", ""])[:3]
    words = head.split()
    name_words: list[str] = []
    for at, word in enumerate(words):
        inside = bool(name_words) and at + 1 < len(words) and _is_name_word(words[at + 1])
        if not _is_name_word(word, inside) or (_POSITION_WORDS.fullmatch(word) and len(name_words) >= 2):
            break
        name_words.append(word)
        if len(name_words) == 3 and len(words) > 3:
            break
    if len(words) > len(name_words) and len(name_words) == 3:
        name_words = name_words[:2]  # "Lynn Seward Harlow Council": two-word name, then the body
    if len(name_words) < 2:
        return None
    position = " ".join(words[len(name_words) :] + ([rest] if rest else [])).strip(" ,:") or None
    organisation = position.rsplit(",", 1)[1].strip() if position and "," in position else None
    name = " ".join(name_words)
    if initials and not _consistent_initials(initials, name):
        affiliation, initials = initials, None
        position = f"{position} ({affiliation})" if position else affiliation
    return Attendee(
        name=name,
        role=role,
        position=position,
        organisation=organisation,
        initials=initials or (derive_initials(name) or [None])[0],
        initials_printed=initials is not None,
        title=title,
    )


def _apologies_in_text(attendees: list[Attendee], text: str) -> None:
    known = {normalise_name(a.name) for a in attendees}
    for match in _APOLOGIES_SENTENCE.finditer(text):
        for name, organisation in _names_in_list(match.group("list")):
            if normalise_name(name) not in known:
                attendees.append(Attendee(name=name, role=AttendanceRole.APOLOGIES, organisation=organisation,
                                          initials=(derive_initials(name) or [None])[0]))
                known.add(normalise_name(name))
    for match in _SUBSTITUTE.finditer(text):
        name = match.group("name")
        if normalise_name(name) not in known:
            attendees.append(Attendee(name=name, role=AttendanceRole.PRESENT, position="Substitute",
                                      initials=(derive_initials(name) or [None])[0]))


def _late_arrivals(attendees: list[Attendee], text: str) -> None:
    """Add those the minutes say joined the meeting after it began."""
    for match in _JOINED.finditer(text):
        name = match.group("name")
        if not any(same_person(a.name, name) for a in attendees):
            attendees.append(Attendee(name=name, role=AttendanceRole.PRESENT,
                                      initials=(derive_initials(name) or [None])[0]))


def _names_in_list(text: str) -> list[tuple[str, str | None]]:
    """("Bobbie Dove", "Bournemouth Borough Council") ... from a prose list of names."""
    found: list[tuple[str, str | None]] = []
    pending: list[str] = []
    for piece in re.split(r"(\([^)]*\))|,|\band\b", text):
        if piece is None:
            continue
        piece = piece.strip()
        if piece.startswith("("):
            found.extend((n, piece.strip("()")) for n in pending)
            pending = []
            continue
        if _looks_like_name(piece):
            pending.append(strip_honorifics(piece)[0])
    found.extend((n, None) for n in pending)
    return found


def _without_short_forms(attendees: list[Attendee]) -> list[Attendee]:
    """Drops "Bob" and "Alison D" where the lists also name Bob Killen and Alison Dowdney (one
    person written shorter in another list), when exactly one fuller name fits."""
    kept: list[Attendee] = []
    for person in attendees:
        words = normalise_name(person.name).split()
        fuller = [other for other in attendees if other is not person
                  and len(normalise_name(other.name)) > len(" ".join(words))
                  and (abbreviates(person.name, other.name) if len(words) > 1
                       else normalise_name(other.name).split()[0] == (words or [""])[0])]
        if len({normalise_name(f.name) for f in fuller}) == 1 and not person.position:
            continue  # ("Alex (axic)" keeps its handle)
        kept.append(person)
    return kept


def _dedupe(attendees: list[Attendee]) -> list[Attendee]:
    seen: set[str] = set()
    unique: list[Attendee] = []
    for person in attendees:
        key = normalise_name(person.name)
        if key and key not in seen:
            seen.add(key)
            unique.append(person)
    return unique
