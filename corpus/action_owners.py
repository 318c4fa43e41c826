"""Who an action is for: from an owner cell, or from the action's own words.

Owners are only taken from where minutes put them: an Owner column, the subject of the
action ("SK to raise ...", "It was agreed that the target lead convenes ...", "Safer
Essex consider ..."), "(lead ECC)", "For ECC to ...", "a letter be sent from the Target
Lead". A generic subject ("Safer Essex partners", "each organisation") is no owner, and
neither is anyone named later in the sentence.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from corpus.action_evidence import OwnerSupport
from corpus.models import Owner, OwnerKind
from corpus.people import PeopleDirectory, split_owner_text

_INITIALS = re.compile(r"^[A-Z][A-Za-z]?[A-Z]{1,3}$")
_SUBJECT_END = re.compile(
    r"^(?:to|will|shall|should|must|would|may|be|is|are|has|have|agreed|undertook|"
    r"volunteered|offered|confirmed|[a-z]+s|convene|consider|contribute|share|provide|"
    r"review|bring|take|write|circulate|arrange|prepare|report|lead|organise|organize|"
    r"raise|ask|meet|update|send|present|liaise|investigate|discuss|draft|produce|"
    r"ensure|identify|develop|progress|look|seek|explore|add|include|feed|follow)\b"
)
_GENERIC_HEADS = {
    "partners", "partner", "members", "member", "officers", "officer", "colleagues",
    "representatives", "staff", "organisations", "organisation", "agencies", "and", "or",
    "was", "were", "had", "has", "have", "is", "are", "itself",
}
_AGREED_THAT = re.compile(
    r"\b(?:agreed|resolved|requested|asked|decided|recommended|noted)\s*(?:that)?\s*:?\s*(?P<clause>.+)$",
    re.IGNORECASE,
)
_LEAD_IN_BRACKETS = re.compile(r"\(\s*(?:lead|owner|action)\s*[:\-]?\s*(?P<who>[^()]+?)\s*\)", re.IGNORECASE)
_FOR_X_TO = re.compile(r"^for\s+(?P<clause>.+)$", re.IGNORECASE)
_SENT_FROM = re.compile(r"\bsent\s+from\s+(?P<clause>.+)$", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|our)\s+", re.IGNORECASE)
_MAX_SUBJECT_WORDS = 6
_CLOSE_SPELLING = 0.8  # surname similarity for a misspelt attendee ("Vidola"/"Videla" = 0.83)


class OwnerFinder:
    """Owner rules for one meeting, over that meeting's people directory."""

    def __init__(self, directory: PeopleDirectory, board: str | None = None) -> None:
        self.directory = directory
        self.board = board

    def from_owner_cell(self, text: str) -> list[Owner]:
        """Owners written in an Owner column or after "Action:": "SH/VH/SD", "RL .", "lead ECC"."""
        owners: list[Owner] = []
        for token in split_owner_text(text):
            owner = self.directory.resolve(token) or _unknown_owner(token)
            if owner is not None:
                _add(owners, owner)
        return owners

    def from_description(self, text: str) -> list[Owner]:
        """Owners named by an action's own words, or none."""
        text = " ".join(text.split())
        bracketed = _LEAD_IN_BRACKETS.search(text)
        if bracketed:
            owners = self.from_owner_cell(bracketed.group("who"))
            if owners:
                return owners
        for clause, enders in self._clauses(text):
            owners = self._subject(clause, enders)
            if owners:
                return owners
        return []

    def known_owners(self, text: str, allow_groups: bool = False, named_elsewhere: bool = False) -> list[Owner]:
        """Owners when every name in `text` is someone or something this meeting knows.

        People (full names, first names, surnames, printed or derived initials), roles
        ("the Clerk"), and capitalised initials; with `allow_groups`, also bodies the
        minutes name and plural doers ("members", "All Councillors", "residents"), which
        only an explicit action marker may give work to.
        """
        owners: list[Owner] = []
        for token in split_owner_text(text):
            token = re.sub(r"^(?:the|our)\s+", "", token.strip(" *_"), flags=re.IGNORECASE)
            owner = self.directory.resolve(token) or self._misspelt(token)
            if owner is not None and owner.kind is not OwnerKind.PERSON and not allow_groups:
                owner = None  # prose needs someone the meeting knows; "AGM" is no doer
            if owner is None:
                owner = _role_owner(token) or (_initials_owner(token) or _group_owner(token) if allow_groups else None)
            if owner is None and named_elsewhere:
                owner = self._named_elsewhere(token)
            if owner is None:
                return []
            _add(owners, owner)
        return owners

    def _misspelt(self, token: str) -> Owner | None:
        """An attendee whose name the minutes spell slightly otherwise ("Andre Vidola" for
        Andre Videla): the same first name and a surname within a letter or two."""
        words = token.split()
        if len(words) < 2 or not all(w[:1].isupper() for w in words):
            return None
        close = [
            person for person in self.directory.attendees
            if len(person.name.split()) >= 2 and person.name.split()[0].lower() == words[0].lower()
            and SequenceMatcher(None, person.name.split()[-1].lower(), words[-1].lower()).ratio() >= _CLOSE_SPELLING
        ]
        if len(close) != 1:
            return None
        return Owner(name=close[0].name, kind=OwnerKind.PERSON, initials=close[0].initials, as_written=token)

    def _named_elsewhere(self, token: str) -> Owner | None:
        """A first name or @handle the minutes use as a name though no list names it:
        "Mikeal talked about ... Mikeal to put some caveat wording into the issue",
        "Travis: I have been making progress ... ACTION: Travis to finish and share."."""
        if token.startswith("@") and re.fullmatch(r"@[\w-]{2,39}", token):
            return Owner(name=token, kind=OwnerKind.PERSON, as_written=token)
        if not re.fullmatch(r"[A-Z][a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]*)?", token) or _ORG_OR_COMMON.match(token):  # "Hervé" too
            return None
        name = re.escape(token)
        text = self.directory.text
        uses = (
            re.findall(rf"(?<=[a-z,;] ){name}\b", text)  # mid-sentence, capitalised
            + re.findall(rf"(?<=[.!?] ){name}(?= (?:said|asked|noted|mentioned|talked|explained|suggested|raised|reported|thinks|thought|joins|joined|left))", text)
            + re.findall(rf"(?m)^\s*[-*]?\s*{name}:\s", text)  # a speaker: "Travis: I have been ..."
            + re.findall(rf"(?:\(|[-–/,] ){name}\b(?! to\b)", text)  # "(Travis joins.)", "- Travis", ", Travis"
        )
        capitalised = len(re.findall(rf"\b{name}\b", text))
        # A handle in brackets or after "@" ("Alex (axic)", "@axic") is a name's use, not a common word's.
        lowercase = len(re.findall(rf"(?<![(@])\b{re.escape(token.lower())}\b", text))
        if lowercase >= 2 and lowercase >= capitalised:
            return None  # "Need to ...", "Survey to ...": a word the minutes mostly write in lower case is no name
        if capitalised >= 2 and uses:
            return Owner(name=token, kind=OwnerKind.PERSON, as_written=token)
        return None

    def support(self, owners: list[Owner]) -> OwnerSupport:
        """How well the meeting knows `owners` (the weakest of them): listed, used as a name
        elsewhere in the document, or only name-shaped (see `corpus.action_evidence`)."""
        if not owners:
            return OwnerSupport.NONE
        order = list(OwnerSupport)
        weakest = OwnerSupport.KNOWN
        for owner in owners:
            written = (owner.as_written or owner.name).strip()
            written = re.sub(r"^(?:the|our)\s+", "", written, flags=re.IGNORECASE)
            resolved = self.directory.resolve(written)
            if _GROUP_NAME.match(written) or (resolved is None and _group_owner(written)):
                level = OwnerSupport.GROUP
            elif resolved is not None and resolved.kind is not OwnerKind.INITIALS or _role_owner(written):
                level = OwnerSupport.KNOWN if resolved is None or resolved.kind is OwnerKind.PERSON else OwnerSupport.GROUP
            elif resolved is not None or _initials_owner(written):
                level = OwnerSupport.SHAPED  # initials nobody in the meeting has
            elif self._named_elsewhere(written.split()[0] if written else written) and len(written.split()) <= 3:
                level = OwnerSupport.NAMED
            elif re.fullmatch(r"(?:@[\w-]{2,39}|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]*){0,2})", written) and not _ORG_OR_COMMON.match(written.split()[0]):
                level = OwnerSupport.SHAPED
            else:
                level = OwnerSupport.GROUP
            if order.index(level) > order.index(weakest):
                weakest = level
        return weakest

    def named_in_text(self, token: str) -> Owner | None:
        """`token` as an owner when the minutes use it as someone's name (see `_named_elsewhere`)."""
        return self._named_elsewhere(token)

    def subject_owners(self, subject: str, allow_groups: bool = False) -> list[Owner]:
        """Owners of a clause's subject, dropping words a heading ran into it
        ("Assets Cllr Pointeer would assess ..." -> Cllr Pointeer)."""
        words = subject.split()
        for start in range(0, len(words)):
            owners = self.known_owners(" ".join(words[start:]), allow_groups=allow_groups, named_elsewhere=start == 0)
            if owners:
                return owners
        return []

    def named_people(self, text: str) -> list[Owner]:
        """People (attendees only) named in an informal subject: "Michael, Rich", "@mcollina"."""
        people: list[Owner] = []
        for token in split_owner_text(text):
            owner = self.directory.resolve(token.lstrip("@"))
            if owner is None or owner.kind is not OwnerKind.PERSON:
                return []  # one unknown name: not a list of attendees after all
            _add(people, owner)
        return people

    def _clauses(self, text: str):
        """(clause, extra words that may follow its subject) where an owner can stand first."""
        yield text, ()
        for pattern in (_AGREED_THAT, _FOR_X_TO):
            match = pattern.search(text)
            if match:
                yield match.group("clause"), ()
        match = _SENT_FROM.search(text)
        if match:
            yield match.group("clause"), ("on", "to", "by")

    def _subject(self, clause: str, enders: tuple[str, ...]) -> list[Owner]:
        """Owners when the clause opens with a known person, role or body followed by a verb."""
        words = clause.split()
        for length in range(min(_MAX_SUBJECT_WORDS, len(words) - 1), 0, -1):
            following = words[length]
            if following.lower().strip(",") in _GENERIC_HEADS:
                continue
            if not (_SUBJECT_END.match(following) or following in enders):
                continue
            subject = " ".join(words[:length]).strip(",:;")
            owners = self._resolve_subject(subject)
            if owners:
                return owners
        return []

    def _resolve_subject(self, subject: str) -> list[Owner]:
        tokens = split_owner_text(subject)
        if len(tokens) > 1:
            owners = [self.directory.resolve(t) or _initials_owner(t) for t in tokens]
            if not all(owners):
                return []
            unique: list[Owner] = []
            for owner in owners:
                _add(unique, owner)  # type: ignore[arg-type]
            return unique
        owner = self.directory.resolve(subject)
        if owner is None and self.board and _LEADING_ARTICLE.sub("", subject).lower() == self.board.lower():
            owner = Owner(name=self.board, kind=OwnerKind.ORGANISATION, as_written=subject)
        if owner is None:
            owner = _initials_owner(subject)
        return [owner] if owner else []


def _initials_owner(token: str) -> Owner | None:
    # Initials in subject position ("SD to review") are an owner even when nobody in the
    # meeting has them; they stay initials rather than being guessed.
    if _INITIALS.match(token) and token.upper() == token:
        return Owner(name=token, kind=OwnerKind.INITIALS, initials=token, as_written=token)
    return None


def _unknown_owner(token: str) -> Owner | None:
    token = token.strip(" .,;:")
    if not token or not any(ch.isalpha() for ch in token):
        return None
    if token.isupper() and len(token) <= 5:
        return Owner(name=token, kind=OwnerKind.INITIALS, initials=token, as_written=token)
    words = token.split()
    kind = OwnerKind.PERSON if 2 <= len(words) <= 3 and all(w[0].isupper() for w in words) else OwnerKind.ORGANISATION
    return Owner(name=token, kind=kind, as_written=token)


def _add(owners: list[Owner], owner: Owner) -> None:
    if all(o.name.lower() != owner.name.lower() for o in owners):
        owners.append(owner)


_ROLE_NAME = re.compile(
    r"^(?:(?:parish|town|deputy|vice|assistant|acting|interim|executive|general|finance|honorary|hon\.?)\s+){0,2}"
    r"(?:clerk|chair|chairman|chairperson|chairwoman|vice-chair|treasurer|secretary|president|director|"
    r"manager|coordinator|co-ordinator|convenor|convener|scribe|editor|webmaster|footpath warden|warden)$",
    re.IGNORECASE,
)
_GROUP_NAME = re.compile(
    r"^(?:all\s+)?(?:members|councillors|cllrs|trustees|directors|residents|everyone|everybody|teams|trusts|"
    r"officers|staff|volunteers|(?:the\s+)?(?:board|council|committee|parish council|group|team)|all)$",
    re.IGNORECASE,
)


def _role_owner(token: str) -> Owner | None:
    # A role nobody in the meeting is named as holding stays the role ("Clerk"), never a guess.
    if _ROLE_NAME.match(token):
        return Owner(name=token, kind=OwnerKind.PERSON, as_written=token)
    return None


def _group_owner(token: str) -> Owner | None:
    if _GROUP_NAME.match(token) or re.match(
        r"^[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3}\s+(?:Council|Committee|Board|Group|Team|committee|group|team|members|trustees|officers|representatives)$", token
    ):
        return Owner(name=token, kind=OwnerKind.ORGANISATION, as_written=token)
    return None


_ORG_OR_COMMON = re.compile(
    r"^(?:Council|Board|Committee|Group|Team|Members?|Staff|Everyone|All|Trust|Trustees|Directors?|Officers?|"
    r"Chair|Clerk|Secretary|Treasurer|Project|Foundation|Company|Government|Department|Agency|Service|"
    r"Highways|Police|Parish|County|Borough|District|City|Town|Village|School|Library|Network|Partnership|"
    r"This|That|These|Those|There|Here|It|We|They|He|She|You|Someone|Anyone|Nobody|Everybody|People|"
    r"Action|Actions|Decision|Agreed|Resolved|Noted|Update|Discussion|Next|Item|Minutes|Meeting|Agenda|Report)$"
)
