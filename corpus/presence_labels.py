"""Labels that open an attendance list, recognised by their vocabulary of presence.

Minutes introduce who came in countless wordings: "Present:", "Board members in attendance
were:", "### Officers and Trustees Present", "Panel:", "Other Attendees:", "# Members",
"Those present at the meeting:", "The following members of the Board of Directors were
present at the meeting:", "Also in attendance was", "Apologies for absence", "Regrets".
Rather than listing labels, a label is a short run of words holding a *presence word*
(present, attendance, attendees, members, panel, apologies, regrets, absent, guests ...)
whose other words are qualifiers (who: "board", "other", "voting"; where: "at the meeting";
verbs: "were", "was") or capitalised body names ("Board of Directors", "TSC"). It ends at a
colon, semicolon, dash or tab, at a closing verb ("... was Kurt Kaiser"), or at the end of
a short line that is nothing but the label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.models import AttendanceRole

# Words that by themselves say "these people were (not) here".
_PRESENCE = {
    "present", "attendance", "attendees", "attendee", "attending", "participants", "participating",
    "members", "panel", "panellists", "panelists", "apologies", "apology", "regrets", "absent",
    "absentees", "guests", "guest", "observers", "observer", "visitors", "invited", "invitees",
    "secretariat", "excused", "officers", "councillors", "trustees", "directors", "governors",
}
_ABSENT = {"apologies", "apology", "regrets", "absent", "absentees", "excused"}
_GUEST = {"guests", "guest", "observers", "observer", "visitors", "invited", "invitees"}
_ALSO = {"also", "other", "others", "secretariat", "staff", "officers", "officer", "additional"}
# Words a label may hold besides its presence word: who, how, where, and the verb.
_QUALIFIERS = {
    "the", "a", "following", "those", "these", "of", "at", "this", "meeting", "meetings", "were", "was", "are", "is",
    "also", "other", "others", "and", "&", "for", "absence", "received", "given", "sent", "tendered", "from",
    "by", "in", "with", "board", "member", "directors", "director", "trustees", "trustee", "officers",
    "officer", "councillors", "councillor", "committee", "staff", "governors", "governor", "people", "persons",
    "voting", "non-voting", "ex-officio", "advisory", "executive", "elected", "co-opted", "council", "team",
    "core", "maintainers", "representatives", "partially", "part", "remotely", "remote", "online",
    "virtually", "via", "zoom", "phone", "telephone", "call", "person", "in-person", "not", "non", "who",
    "all", "today", "today's", "tonight's", "had", "been", "have", "noted", "steering", "group", "working",
    "tsc", "tac", "wg", "additional", "expected", "be", "to", "sig", "community", "public", "reps",
    "officials", "senior", "chair", "chairs", "our", "there", "or", "apologies", "regrets", "management",
}
# A label's verb or preposition may run straight into the names: "Also in attendance was Kurt Kaiser".
_CLOSING_VERB = re.compile(r"^(?P<label>.{3,120}?\b(?:were|was|are|is|included|from))\s+(?P<rest>[A-Z].*)$")
_SEPARATOR = re.compile(r"\s*(?:[:;]|\s[-–—]\s|\t)\s*")
_MARKUP = re.compile(r"^\s*(?:#+\s*|[-*•·]\s+)?[*_]*|[*_]*\s*$")
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-z][.)]|[ivx]{1,4}[.)])\s+(?=[A-Za-z])")
_ASIDE = re.compile(r"\([^()]{0,40}\)")
_MAX_LABEL_WORDS = 14
_MAX_BARE_WORDS = 6


@dataclass(frozen=True)
class PresenceLabel:
    """A label opening an attendance list, the role it gives, and any names after it."""

    label: str
    role: AttendanceRole
    rest: str


def read_label(line: str) -> PresenceLabel | None:
    """The presence label `line` opens with, or None when it is no such label."""
    text = _MARKUP.sub("", line).strip()
    text = _NUMBERING.sub("", text)
    if not text:
        return None
    separator = _SEPARATOR.search(text)
    if separator and separator.start() > 0:
        label, rest = text[: separator.start()], text[separator.end() :]
        if _is_label(label):
            return PresenceLabel(label.strip(" *_"), role_of(label), rest.strip())
    closing = _CLOSING_VERB.match(text)
    if closing and _is_label(closing.group("label")):
        return PresenceLabel(closing.group("label"), role_of(closing.group("label")), closing.group("rest").strip())
    bare = text.rstrip(" :;.-–")
    if len(bare.split()) <= _MAX_BARE_WORDS and not re.search(r"[.!?,]", bare) and _is_label(bare):
        return PresenceLabel(bare, role_of(bare), "")
    return None


def _words(label: str) -> list[str]:
    label = _ASIDE.sub(" ", label.strip(" *_"))
    return [w.strip("*_.,") for w in label.replace("/", " ").split() if w.strip("*_.,")]


def _is_label(label: str) -> bool:
    """A presence word, and besides it only qualifiers and bodies' names ("Members' Items",
    "Panel Discussion" and "Dave Horkan (DHO) Clerk Apologies" are no labels)."""
    words = _words(label)
    if not words or len(words) > _MAX_LABEL_WORDS or re.search(r"\d", _ASIDE.sub(" ", label)):
        return False
    lower = [w.lower().rstrip("'’s") if w.lower().endswith(("'s", "’s")) else w.lower() for w in words]
    if not any(w in _PRESENCE for w in lower) and "in attendance" not in " ".join(lower):
        return False
    if lower[0] in ("is", "was", "were", "are", "and", "or", "of", "from", "by", "to"):
        return False
    after_article = False
    for word, low in zip(words, lower):
        if low in _PRESENCE or low in _QUALIFIERS:
            after_article = low in ("of", "the", "and", "&")
            continue
        # A body's name inside the label: an acronym ("TSC", "OSGeo") or capitalised words
        # after "of"/"the" ("members of the Board of Directors"); never a person's name
        # ("Dave Horkan (DHO) Clerk Apologies: ...").
        if re.fullmatch(r"[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*", word) or (after_article and word[:1].isupper()):
            continue
        return False
    return True


def role_of(label: str) -> AttendanceRole:
    """The attendance role a label gives: apologies, guests, also in attendance, or present."""
    lower = [w.lower() for w in _words(label)]
    joined = " ".join(lower)
    if any(w in _ABSENT for w in lower) or "not present" in joined or "did not attend" in joined:
        return AttendanceRole.APOLOGIES
    if any(w in _GUEST for w in lower):
        return AttendanceRole.GUEST
    if lower and lower[0] in ("also", "other", "others", "additional"):
        return AttendanceRole.IN_ATTENDANCE
    if any(w in ("present", "members", "member", "attendees", "panel") for w in lower):
        return AttendanceRole.PRESENT
    if "in attendance" in joined or any(w in _ALSO for w in lower):
        return AttendanceRole.IN_ATTENDANCE
    return AttendanceRole.PRESENT
