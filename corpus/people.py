"""People, roles and organisations named in one meeting's minutes, and resolving owners to them.

Resolution is per meeting and exact: initials map to that meeting's attendees (printed, or
derived when only one attendee has them), roles to whoever the minutes say holds them,
acronyms to organisations the minutes spell out. Anything else stays as written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from corpus.models import AttendanceRole, Attendee, Owner, OwnerKind

HONORIFICS = (
    "sir", "dame", "lord", "lady", "cllr", "cllrs", "councillor", "councillors", "ccllr", "dr", "mr", "mrs", "ms", "miss", "prof",
    "professor", "acc", "dcc", "cc", "supt", "superintendent", "chief superintendent", "ch supt",
    "dci", "di", "ds", "dc", "pc", "insp", "inspector", "chief inspector", "sgt", "sergeant",
    "det supt", "the rt hon", "rt hon", "cllr.", "dr.", "mr.", "mrs.", "ms.", "baroness", "baron",
    "rev", "revd", "reverend", "prof.", "messrs", "messrs.",
)
_HONORIFIC = re.compile(
    r"^(?:(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + r")\.?\s+)+",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"^[A-Z][A-Za-z]?[A-Z]{1,3}$")
_OWNER_SPLIT = re.compile(r"\s*(?:/|,|&|\+|;|\band\b)\s*")
# "Essex County Council (ECC)": on one line, since "(AH) Ash Holland\n(MP) Marks Polakovs" is a
# list of initials, not the organisation "Ash Holland (MP)".
_ACRONYM_DEFINITION = re.compile(r"\b((?:[A-Z][\w'-]*[ \t]+)(?:(?:and|of|the|for|&)[ \t]+|[A-Z][\w'-]*[ \t]+){0,7})\(([A-Z][A-Z&]{1,7})\)")
_ORG_WORDS = re.compile(
    r"\b(council|police|constabulary|service|services|trust|board|group|partnership|executive|"
    r"pct|ccg|office|department|team|unit|network|forum|authority|commission|agency|college|university|"
    r"fire and rescue|probation|ltd|limited|plc)\b",
    re.IGNORECASE,
)
_ROLE_WINDOW = 40
_APPOSITION_BREAK = re.compile(r"[\n\t/;]")
_NAME_WITH_INITIALS = re.compile(
    r"(?<![\w'’-])(?P<name>[A-Z][a-z][\w'’-]*(?:[ \t]+(?:[A-Z]\.|v\.|van|von|de|du|der|le|la|[A-Z](?:[a-z]|['’][A-Z])[\w'’-]*)){1,3})"
    r"[ \t]*\((?P<initials>[A-Z][A-Za-z]{1,4})\)"
)
# "PSF chairman", "Society's Treasurer", "OSGeo UK Secretary": an organisation (acronyms or a
# possessive), then an officer's title; "Event Comms Lead" is a role's own name.
_ORG_PREFIX = re.compile(
    r"^(?:(?i:the)\s+)?(?:(?:[A-Za-z]*[A-Z][A-Za-z]*[A-Z][\w&.-]*\s+){1,3}|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}(?:'s|’s)\s+)"
    r"(?P<role>(?i:(?:vice[- ]|deputy\s+|assistant\s+)?(?:chair|chairman|chairperson|chairwoman|president|treasurer|"
    r"secretary|clerk|director|convenor|convener)))$"
)
_ROLE_WORDS = re.compile(
    r"^(lead|leader|chair|chairman|chairperson|officer|director|executive|manager|head|advisor|adviser|"
    r"commissioner|constable|treasurer|secretary|clerk|coordinator|co-ordinator|champion|sponsor)$",
    re.IGNORECASE,
)


def strip_honorifics(name: str) -> tuple[str, str | None]:
    """("Peter Lowton", "ACC") for "ACC Peter Lowton"."""
    match = _HONORIFIC.match(name.strip())
    if not match:
        return name.strip(), None
    return name[match.end() :].strip(), match.group(0).strip()


@lru_cache(maxsize=16384)
def normalise_name(name: str) -> str:
    """The registry key of a person's name: no honorifics, casefolded, single-spaced."""
    bare, _ = strip_honorifics(name)
    bare = re.sub(r"[^\w\s'’-]", " ", bare)
    return " ".join(bare.casefold().replace("’", "'").split())


def same_person(one: str, other: str) -> bool:
    """True when two written names are one person's: equal, or the same surname with first
    names that agree ("D. Goodger" / "David Goodger", "Martin v. Löwis" / "Martin von Löwis")."""
    a, b = normalise_name(one).split(), normalise_name(other).split()
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1]:
        return False
    return a[0] == b[0] or (len(a[0]) == 1 and b[0].startswith(a[0])) or (len(b[0]) == 1 and a[0].startswith(b[0]))


_MAX_ABBREVIATION = 3


def abbreviates(written: str, listed: str) -> bool:
    """True when `written` is `listed` with words cut short: "D. Goodger" / "David Goodger",
    "Matthew W O'P" / "Matthew Weier O'Phinney", "Matthew W" / "Matthew Weier O'Phinney". The
    first words agree (or one is the other's initial); every later written word is a later
    listed word, or its first letters when cut to three letters or marked by a full stop."""
    if same_person(written, listed):
        return True
    a, b = normalise_name(written).split(), normalise_name(listed).split()
    if len(a) < 2 or len(b) < 2 or len(a) > len(b):
        return False
    if not (a[0] == b[0] or (len(a[0]) == 1 and b[0].startswith(a[0]))):
        return False
    cut = {w for w in re.findall(r"[\w'’-]+(?=\.)", written.casefold())}
    position = 1
    for word in a[1:]:
        while position < len(b) and not (b[position] == word or (
                (len(word) <= _MAX_ABBREVIATION or word in cut) and b[position].startswith(word))):
            position += 1
        if position == len(b):
            return False
        position += 1
    return True


_MIN_FUZZY_SURNAME = 5
_LONG_SURNAME = 8


def spelled_alike(written: str, listed: str) -> bool:
    """True when a name the minutes write is an attendee's name misspelled by a letter or two
    ("Andre Vidola" for Andre Videla): the first names (or initial) agree and the surnames, of
    five letters or more, are one edit apart (two when eight letters or more)."""
    a, b = normalise_name(written).split(), normalise_name(listed).split()
    if len(a) < 2 or len(b) < 2:
        return False
    first_a, first_b, last_a, last_b = a[0], b[0], a[-1], b[-1]
    if not (first_a == first_b or (len(first_a) == 1 and first_b.startswith(first_a))):
        return False
    if min(len(last_a), len(last_b)) < _MIN_FUZZY_SURNAME or last_a[0] != last_b[0]:
        return False
    limit = 2 if min(len(last_a), len(last_b)) >= _LONG_SURNAME else 1
    return 0 < _edit_distance(last_a, last_b) <= limit


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def derive_initials(name: str) -> list[str]:
    """Initials a name may be written as: "B-J Harrington" -> ["BJH", "BH"]."""
    words = [w for w in re.split(r"\s+", strip_honorifics(name)[0]) if w and w[0].isalpha()]
    if len(words) < 2:
        return []
    full = "".join("".join(part[0] for part in w.split("-") if part) for w in words).upper()
    short = (words[0][0] + words[-1][0]).upper()
    firsts = "".join(w[0] for w in words).upper()
    return list(dict.fromkeys([full, firsts, short]))


def initials_spell(initials: str, name: str) -> bool:
    """True when printed initials can be this name's: the first letter is the name's, the
    second begins a later word, the rest follow in order ("STH" Sam Tobin-Hochstadt, "JMC"
    John McCutchan, "FRE" Frank Reid, "AHop" Anna Hopkins); "(DCLG)" after "Anthony
    Karabinas" is an affiliation."""
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isalpha()]
    letters = initials.lower()
    if len(words) < 2 or not letters or letters[0] != words[0][0].lower():
        return False
    if len(letters) == 1:
        return True
    for at in range(1, len(words)):
        if words[at][0].lower() != letters[1]:
            continue
        tail, position = " ".join(words[at:]).lower()[1:], 0
        for letter in letters[2:]:
            position = tail.find(letter, position)
            if position < 0:
                break
            position += 1
        else:
            return True
    return False


_OWNER_HEDGE = re.compile(r"\(\s*(?:possibly|maybe|probably|perhaps|tbc|tbd|tba|if possible|if available|to be confirmed)\s*\)?\s*$", re.IGNORECASE)
_HANDED_TO = re.compile(r"^(?:delegated?|passed|pass|assigned|assign|referred|refer|handed(?:\s+over)?)\s+to\s+(?:the\s+)?(?P<who>[A-Z][^,;]*?)(?:\s+(?:for|to)\s+[a-z].*)?$", re.IGNORECASE)


def split_owner_text(text: str) -> list[str]:
    """Owner names in one piece of text: "SH/VH/SD", "DM/RH/CG/SH", "RL .", "lead ECC"."""
    text = re.sub(r"^\s*(?:lead|owner|by)\s*[:\-]?\s+", "", text.strip(), flags=re.IGNORECASE)
    # "Greg (Possibly)", "Ann (tbc)": a hedge on the owner is no owner.
    text = _OWNER_HEDGE.sub(" ", text).strip()
    # "Delegate to Laser Team for implementation": the owner is whom the work is handed to.
    handed = _HANDED_TO.match(text)
    if handed:
        text = handed.group("who")
    tokens = [t.strip(" .,;:()") for t in _OWNER_SPLIT.split(text)]
    return [t for t in tokens if t and any(ch.isalpha() for ch in t)]


class PeopleDirectory:
    """The people, roles and organisations of one meeting, for resolving owners."""

    def __init__(self, attendees: list[Attendee], text: str, board: str | None = None) -> None:
        self.attendees = attendees
        self.text = text
        self.board = board
        self._by_initials: dict[str, list[Attendee]] = defaultdict(list)
        self._by_key: dict[str, Attendee] = {}
        self._by_part: dict[str, list[Attendee]] = defaultdict(list)
        for person in attendees:
            self._by_key.setdefault(normalise_name(person.name), person)
            keys = [person.initials] if person.initials_printed and person.initials else []
            keys += derive_initials(person.name)
            for key in dict.fromkeys(k.upper() for k in keys if k):
                self._by_initials[key].append(person)
            parts = normalise_name(person.name).split()
            for part in {parts[0], parts[-1]} if parts else set():
                self._by_part[part].append(person)
        for name, handle in re.findall(r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s+@([\w-]+)", text):
            person = self._by_key.get(normalise_name(name))
            if person:
                self._by_part[handle.casefold()].append(person)
        self._defined = self._initials_in_text()
        self._organisations = self._find_organisations()

    def resolve(self, token: str) -> Owner | None:
        """The owner `token` names, or None when it names nobody this meeting knows."""
        token = " ".join(token.strip(" .,;:").split())
        if not token:
            return None
        printed = self._printed_initials(token)
        if printed is not None:
            return self._person(printed, token)
        if _INITIALS.match(token) and token.upper() == token:
            return self._initials(token)
        bare, _ = strip_honorifics(token)
        key = normalise_name(bare)
        person = self._by_key.get(key)
        if person is None and " " not in key:
            matches = _unique(self._by_part.get(key.lstrip("@"), []))
            person = matches
        if person is None and " " not in key and len(key) >= 3:
            # A nickname the attendance list spells longer: "Josh" for "JoshG".
            person = _unique([p for p in self.attendees if normalise_name(p.name).split()[0].startswith(key)])
        if person is None and " " in key:
            # "D. Goodger" for David Goodger, "Matthew W O'P" for Matthew Weier O'Phinney.
            person = _unique([p for p in self.attendees if abbreviates(bare, p.name)])
        if person is None and " " in key:
            person = _unique([p for p in self.attendees if spelled_alike(bare, p.name)])
        if person is not None:
            return self._person(person, token)
        organisation = self._organisation(token)
        if organisation:
            return organisation
        return self._role(token) or self._prefixed_role(token)

    def _prefixed_role(self, token: str) -> Owner | None:
        """A role behind its organisation's name: "the PSF chairman", "the Society's Treasurer"."""
        match = _ORG_PREFIX.match(token)
        if not match or not _ROLE_WORDS.match(match.group("role").split()[-1]):
            return None
        role = match.group("role")
        return self._role(role) or Owner(name=role, kind=OwnerKind.PERSON, as_written=token)

    def _printed_initials(self, token: str) -> Attendee | None:
        """The attendee whose printed initials these are, whatever their case ("Ahop", "AHop")."""
        if not re.fullmatch(r"[A-Za-z]{2,5}", token) or not token[0].isupper():
            return None
        return _unique([p for p in self.attendees if p.initials_printed and (p.initials or "").lower() == token.lower()])

    def _initials(self, token: str) -> Owner:
        printed = [p for p in self.attendees if p.initials_printed and (p.initials or "").upper() == token]
        person = _unique(printed) or _unique(self._defined.get(token, []))
        if person is not None:
            return self._person(person, token)
        # A spelled-out acronym ("ECC" for Essex County Council) outranks derived initials.
        organisation = self._organisation(token)
        if organisation:
            return organisation
        person = _unique(self._by_initials.get(token, []))
        if person is not None:
            return self._person(person, token)
        return Owner(name=token, kind=OwnerKind.INITIALS, initials=token, as_written=token)

    def _person(self, person: Attendee, written: str) -> Owner:
        return Owner(name=person.name, kind=OwnerKind.PERSON, initials=person.initials, as_written=written)

    def _initials_in_text(self) -> dict[str, list[Attendee]]:
        """Initials the minutes give a person where they name them: "Kieron O'Hara (KO)
        welcomed attendees", "Dave Horkan (DHO) Clerk" -> KO, DHO (the attendee, when listed)."""
        defined: dict[str, list[Attendee]] = defaultdict(list)
        for match in _NAME_WITH_INITIALS.finditer(self.text):
            name, initials = match.group("name"), match.group("initials")
            if not initials_spell(initials, name) or _ORG_WORDS.search(name):
                continue
            person = next((p for p in self.attendees if same_person(p.name, name)), None)
            if person is None:
                person = Attendee(name=name, role=AttendanceRole.PRESENT, initials=initials, initials_printed=True)
            defined[initials.upper()].append(person)
        return defined

    def _find_organisations(self) -> dict[str, tuple[str, str | None]]:
        """Lower-cased name or acronym -> (organisation's full name, acronym)."""
        found: dict[str, tuple[str, str | None]] = {}

        def add(full: str, acronym: str | None) -> None:
            full = full.strip(" ,.")
            if not full:
                return
            found.setdefault(full.lower(), (full, acronym))
            if acronym:
                found.setdefault(acronym.lower(), (full, acronym))

        for match in _ACRONYM_DEFINITION.finditer(self.text):
            words = match.group(1).split()
            acronym = match.group(2)
            # Keep as many trailing words as the acronym has letters to spell.
            full = " ".join(words[-_span(words, acronym) :])
            if any(same_person(full, person.name) for person in self.attendees) or not _abbreviates(acronym, full):
                continue  # "Brian Terlson (BT)": a person's initials; "Baroness Stowell (DCLG)": her department
            add(full, acronym)
        for person in self.attendees:
            for org in filter(None, [person.organisation]):
                if _ORG_WORDS.search(org):
                    add(org, _acronym(org))
        if self.board:
            add(self.board, None)
        return found

    def _organisation(self, token: str) -> Owner | None:
        key = re.sub(r"^the\s+", "", token, flags=re.IGNORECASE).lower()
        hit = self._organisations.get(key)
        if hit is None and " " in key:
            # "Network Executive" for "Crime and Disorder Network Executive".
            ends = [v for k, v in self._organisations.items() if " " in k and k.endswith(" " + key)]
            hit = ends[0] if len({e[0] for e in ends}) == 1 else None
        if hit is None:
            return None
        return Owner(name=hit[0], kind=OwnerKind.ORGANISATION, initials=hit[1], as_written=token)

    def _role(self, token: str) -> Owner | None:
        """A role the minutes name someone as holding: "the target lead" -> ACC Peter Lowton."""
        role = re.sub(r"^(?:the|our)\s+", "", token, flags=re.IGNORECASE)
        if len(role.split()) > 4 or not _ROLE_WORDS.search(role.split()[-1]):
            return None
        holders = [p for p in self.attendees if p.position and p.position.lower().split(",")[0].strip() == role.lower()]
        if not holders:
            # "the Clerk" for the attendee listed as "Parish Clerk (Minutes)".
            last = role.lower().split()[-1]
            holders = [
                p for p in self.attendees
                if p.position and re.search(rf"\b{re.escape(last)}\b", p.position.lower().split(",")[0])
                and not re.search(rf"\b(?:vice|deputy|assistant)[- ]{re.escape(last)}\b", p.position.lower())
            ]
            holders = list({normalise_name(h.name): h for h in holders}.values())
        if len(holders) == 1:
            return self._person(holders[0], token)
        votes: dict[str, int] = defaultdict(int)
        people: dict[str, Attendee] = {}
        for match in re.finditer(rf"\b{re.escape(role)}\b", self.text, re.IGNORECASE):
            # Apposition: "ACC Lowton the target Lead", "The Target Lead for DV, ACC Peter Lowton".
            # It stays inside its line, table cell or list entry: the name in the next row
            # of an action table, or a co-owner ("Kay Dicken/Clerk"), is not the role's holder.
            head = _APPOSITION_BREAK.split(self.text[max(0, match.start() - _ROLE_WINDOW) : match.start()])[-1]
            tail = _APPOSITION_BREAK.split(self.text[match.end() : match.end() + _ROLE_WINDOW])[0]
            window = head + match.group() + tail
            for person in self.attendees:
                surname = person.name.split()[-1]
                if len(surname) > 2 and re.search(rf"\b{re.escape(surname)}\b", window):
                    votes[person.name] += 1
                    people[person.name] = person
        if votes:
            best = sorted(votes.items(), key=lambda kv: -kv[1])
            if len(best) == 1 or best[0][1] > best[1][1]:
                return self._person(people[best[0][0]], token)
        return None


def _unique(people: list[Attendee]) -> Attendee | None:
    distinct = {normalise_name(p.name): p for p in people}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


def _acronym(name: str) -> str | None:
    letters = "".join(w[0] for w in name.split() if w[0].isupper())
    return letters if len(letters) >= 2 else None


def _abbreviates(acronym: str, full: str) -> bool:
    """True when the acronym's letters are the full name's capitals in order, from its first:
    "ECC" Essex County Council, "HMCTS" HM Courts & Tribunals Service."""
    capitals = [c for c in full if c.isupper()]
    letters = [c for c in acronym if c.isalpha()]
    if not capitals or not letters or letters[0] != capitals[0]:
        return False
    remaining = iter(capitals[1:])
    return all(letter in remaining for letter in letters[1:])


def _span(words: list[str], acronym: str) -> int:
    needed = len(acronym.replace("&", ""))
    count = 0
    for index in range(len(words) - 1, -1, -1):
        if words[index][0].isupper():
            count += 1
        if count == needed:
            return len(words) - index
    return len(words)
