"""How minutes mark actions in running text, in whatever spelling and case they use.

* a marker line: "ACTION: Sangwhan to comb through ...", "**Action items**: Josh to draft ...",
  "Action 46/18 SK to ...", "Action Point 8: ...", "AP3 - ...";
* an owner marker after the words it marks, alone on a line or inline:
  "ACTION:AHop/MS", "... be added to the action list. Action: Clerk", "Action by: JB";
* a section of actions: a heading or label line "Actions", "Action Items", "Actions Required",
  "Outstanding for Action: (Clerk to Resolve All)", "Actions to Take Forward", "Summary of
  Action Items", "Review Outstanding Action Items";
* a decision or resolution that lists work: "DECISION: 1) Cllr X to review ... 2) The Clerk to ...",
  "Resolved: (1) That HR contact ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOG_REF = r"\d{1,3}/\d{2,4}"
_REF = rf"(?:{LOG_REF}|\d{{1,3}}(?:\.\d{{1,2}})?(?![\d/]))"
# "Action 46/18", "Action Point 8", "ACTION:", "Actions -", "Action items:", "AP 3:".
MARKER = re.compile(
    rf"^\s*[*_]*(?P<word>(?i:(?:next\s+)?actions?(?:\s+(?:points?|items?|required|agreed))?|AP))[*_]*"
    rf"(?:\s+(?i:no\.?))?\s*(?P<ref>{_REF})?\s*[*_]*\s*(?P<sep>[:.\-–—])?[*_]*\s*(?P<rest>.*)$",
    re.DOTALL,
)
# An owner marker inside or at the end of a paragraph: "... list. Action: Clerk"; not the
# numeral of a list entry the marker opens ("iii. Action: CL to ask MR").
INLINE_OWNER_MARKER = re.compile(
    r"(?:(?<=[.;!?)])|(?<=\.\*\*))(?<!^[ivxlcdm]\.)(?<!^[ivxlcdm]{2}\.)(?<!^[ivxlcdm]{3}\.)(?<!^[a-z]\.)(?<!^\d\.)(?<!^\d\d\.)"
    r"\s*\(?\s*[*_]*(?i:actions?(?:\s+by)?)[*_]*\s*[:\-–]\s*"
)

# --- the one marker grammar: [list prefix] Action[s] [ref] [owner slot] [separator] text ---
# A list number or bullet glyph the reader left in the text: "i.", "e.", "3)", "○", "■", "●".
_PREFIX = r"(?:\s*(?:\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,5})[.)]|[-*•▪◦○●■□➢►–—·]|\\-)\s+)*"
_SLOT_NAME = r"(?:[A-Z][\w'’.-]*|@[\w-]+)"
# The owner slot between "Action" and its separator: "(Daniel)", "(Souradip & Andrew C)",
# "Mark", "AB", "MP/IS", "Jen and Valentine".
_SLOT = (
    rf"(?:\((?P<paren>[^()]{{1,60}})\)|(?P<bare>(?i:everybody|everyone|all)(?=\s*[*_]*\s*:)|{_SLOT_NAME}(?:\s+{_SLOT_NAME}){{0,2}}"
    rf"(?:\s*(?:,|/|&|\band\b)\s*{_SLOT_NAME}(?:\s+{_SLOT_NAME}){{0,2}}){{0,4}}))"
)
_MARKER_WORD = r"(?P<word>(?i:(?:next\s+)?actions?(?:\s+(?:points?|items?|required|agreed))?|AP))"
MARKER_GRAMMAR = re.compile(
    rf"^(?P<prefix>{_PREFIX})[*_]*{_MARKER_WORD}[*_]*(?:\s+(?i:no\.?))?\s*(?P<ref>{_REF})?"
    rf"(?:\s*{_SLOT}(?=\s*[*_]*\s*[:\-–—]))?\s*[*_]*\s*(?P<sep>[:.\-–—])?[*_]*\s*(?P<rest>.*)$",
    re.DOTALL,
)
# A marker with an owner slot after a sentence: "... require an amendment. Action CW: propose this".
_INLINE_SLOT_MARKER = re.compile(
    rf"(?:(?<=[.;!?])|(?<=[.;!?][*_]{{2}}))\s+(?:(?:[a-z]|[ivx]{{1,4}}|\d{{1,2}})[.)]\s+)?[*_]*(?i:actions?)[*_]*\s*{_SLOT}\s*[*_]*\s*[:\-–—]\s*"
)
# Words that follow "Action" without naming anyone: "Action Plan:", "Action Log -".
_NOT_A_SLOT = frozenset({
    "plan", "plans", "point", "points", "item", "items", "required", "agreed", "taken", "log", "list", "summary",
    "tracker", "register", "update", "updates", "review", "arising", "outstanding", "completed", "carried",
    "open", "closed", "new", "owner", "owners", "by", "status", "note", "notes", "date", "due", "ref", "no",
    "minutes", "meeting", "group", "team", "committee", "council", "board", "research", "day", "week",
})


@dataclass(frozen=True)
class MarkerLine:
    """An "Action ..." marker as written: its ref, owner slot, separator and the text after it."""

    word: str
    ref: str | None
    owner_slot: str | None  # "Daniel" of "Action (Daniel):", "AB" of "Action AB:"
    sep: str | None
    rest: str


def marker_line(text: str) -> MarkerLine | None:
    """The marker this line opens with, behind any list number or bullet glyph, if it has one."""
    match = MARKER_GRAMMAR.match(text)
    if not match:
        return None
    slot = match.group("paren") or match.group("bare")
    rest = match.group("rest")
    if slot is not None and not _is_slot(slot):
        # "Action Plan: ..." — the word after "Action" is no owner; read it as the text.
        plain = re.match(rf"^{_PREFIX}[*_]*{_MARKER_WORD}[*_]*(?:\s+(?i:no\.?))?\s*(?P<ref>{_REF})?\s*(?P<rest>.*)$", text, re.DOTALL)
        return MarkerLine(match.group("word"), plain.group("ref") if plain else None, None, None, plain.group("rest") if plain else rest)
    return MarkerLine(match.group("word"), match.group("ref"), slot, match.group("sep"), rest)


def _is_slot(slot: str) -> bool:
    words = [w.strip("().,&/").lower() for w in slot.split()]
    return bool(words) and words[0] not in _NOT_A_SLOT and not (len(words) == 1 and words[0] in ("to", "the", "a"))


def inline_slot_markers(text: str) -> list[tuple[int, int, str]]:
    """Markers with an owner slot after a sentence of the line: (start, end, owner slot) each."""
    found = []
    for match in _INLINE_SLOT_MARKER.finditer(text):
        slot = match.group("paren") or match.group("bare")
        if _is_slot(slot):
            found.append((match.start(), match.end(), slot))
    return found
_SECTION = re.compile(
    r"^\s*(?:#+\s*)?[*_]*(?P<label>(?i:"
    r"(?:summary\s+of\s+(?:the\s+)?|review\s+(?:of\s+)?(?:the\s+)?|list\s+of\s+|new\s+|open\s+|agreed\s+|outstanding\s+|previous\s+){0,2}"
    r"(?:actions?\s+(?:items?|points?|log|list|summary|tracker|register)|actions?(?:\s+(?:required|agreed|arising|log|list))?)"
    r"(?:\s+(?:to\s+take\s+forward|carried\s+forward|from\s+(?:the\s+)?(?:previous|last)\s+meetings?.*|arising.*))?"
    r"|outstanding(?:\s+(?:for\s+)?actions?)?|next\s+steps|to\s+do|todos?))"
    r"[*_]*\s*(?:\((?P<note>[^)]*)\))?\s*[:.]?\s*(?:\((?P<note2>[^)]*)\))?\s*$"
)
# Decisions and resolutions whose numbered points can assign work.
DECISION_LEAD = re.compile(r"^\s*[*_]*(?P<label>(?i:decisions?(?:\s+made)?|resolved|resolutions?|agreed))[*_]*\s*[:\-–]\s*(?P<rest>.*)$", re.DOTALL)
# Inline enumerations: "1) That ... 2) The HSE be asked ...", "(1) That ...".
ENUMERATION = re.compile(r"(?:(?<=\s)|^)\(?(?P<n>\d{1,2})\)\s+(?=\S)")
# A line that only introduces a list and tells that all of it is to be done.
DIRECTIVE_LEAD = re.compile(r"\b(?:to be actioned|needed to be done|actions?\b|following (?:actions|steps))", re.IGNORECASE)
# Deferrals and notes that a marker can hold without anyone having work to do.
DEFERRAL = re.compile(
    r"^\s*(?:revisit|bump(?:ed)?|punt(?:ed)?|defer(?:red)?|postpone[d]?|park(?:ed)?|carr(?:y|ied) (?:over|forward)|"
    r"as (?:noted|discussed) above|see\b|cf\.?\s|none|n/?a|no actions?|discuss(?:ed)? (?:during|at|next)|close[d]?)\b",
    re.IGNORECASE,
)
# Status written beside an entry: "[closed]", "[new for Helen Jeffrey]", "Status: new".
ENTRY_STATUS = re.compile(r"\s*\\?\[(?P<status>new|closed?|done|complete[d]?|open|ongoing|carried forward)(?:\s+for\s+(?P<owner>[^\]\\]+))?\\?\]\s*\.?\s*$", re.IGNORECASE)
# Owners in brackets before an entry: "[NM] Create ...", "[ML, NM] Investigate ...".
BRACKET_OWNERS = re.compile(r"^\s*(?:[-*•]\s*)?\[(?P<owners>[A-Z][\w .,&/'’-]{0,40})\]\s*:?\s*(?P<rest>\S.*)$")
# "Geir: update the JCP page", "Bill: coordinate with Geir" in an action list.
OWNER_COLON = re.compile(r"^\s*(?:[-*•]\s*)?(?P<owners>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}(?:\s*(?:,|/|&|and)\s*[A-Z][\w'’.-]*){0,3})\s*:\s+(?P<rest>\S.*)$")
LIST_ENTRY = re.compile(
    r"^\s*(?P<marker>(?:\(?(?P<num>\d{1,3}(?:\.\d{1,2})?)[.)]|(?P<dotted>\d{1,3}\.\d{1,2})(?:\s*[-–:|]|(?=\s))|\(?[a-z][.)]|\(?[ivx]{1,5}[.)]|[-*•▪]|\\-)(?:\s+|(?<=[-–:|])\s*))"
)
# "... - Completed", "... – Ongoing" after an entry in an action log.
TRAILING_STATUS = re.compile(r"\s+[-–—]\s+(?P<status>completed?|done|closed|resolved(?: in meeting)?|ongoing|open|in progress|carried forward)\s*\.?$", re.IGNORECASE)
# "Clerk to action", "HR to follow up": a line that hands the lines above to someone.
OWNER_ONLY_ASSIGNMENT = re.compile(
    r"^\s*(?P<who>(?:[Tt]he\s+)?[A-Z][\w'’-]*(?:\s*(?:/|&|,|and)?\s*[A-Z][\w'’-]*){0,3})\s+to\s+"
    r"(?:action|deal\s+with|follow[\s-]?up|progress|take\s+forward|look\s+into)(?:\s+(?:this|it|these|that))?\s*\.?\s*$"
)
STATUS_LINE = re.compile(r"^\s*status\s*:\s*(?P<status>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class SectionHeading:
    """An action section's heading, and the owner its note names ("(Clerk to Resolve All)")."""

    label: str
    owner_note: str | None


def section_heading(text: str) -> SectionHeading | None:
    """The action-section heading this line is, if it is one."""
    match = _SECTION.match(text)
    if not match:
        return None
    note = match.group("note") or match.group("note2")
    owner = None
    if note:
        owner_match = re.match(r"^\s*(?P<who>[A-Z][\w .'’-]{0,30}?)\s+to\s+\w+", note)
        owner = owner_match.group("who") if owner_match else None
    return SectionHeading(label=match.group("label"), owner_note=owner)


def is_deferral(text: str) -> bool:
    """"Revisit next week", "Punt for two weeks": a marker with no work for anyone."""
    return bool(DEFERRAL.match(text))


def split_enumeration(text: str) -> list[tuple[str | None, str]]:
    """Inline numbered points "1) A 2) B" as [("1", "A"), ("2", "B")]; the text alone otherwise."""
    matches = [m for m in ENUMERATION.finditer(text)]
    # Points must count up from 1 (or 2, continuing a list) to be a list, not "(copied to ...)".
    expected, kept = None, []
    for match in matches:
        number = int(match.group("n"))
        if expected is None and number in (1, 2) or expected is not None and number == expected:
            kept.append(match)
            expected = number + 1
    if not kept:
        return [(None, text)]
    points: list[tuple[str | None, str]] = []
    lead = text[: kept[0].start()].strip()
    if lead:
        points.append((None, lead))
    for match, following in zip(kept, kept[1:] + [None]):
        body = text[match.end() : following.start() if following else None].strip()
        points.append((match.group("n"), body))
    return points
