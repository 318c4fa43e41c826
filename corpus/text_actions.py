"""Action candidates from an item's running text: marker lines, action sections,
decision lists and prose assignments.

Each detector proposes `ActionCandidate`s with the evidence it rests on; the resolver in
`corpus.actions` keeps one candidate per piece of text and drops weak prose that repeats an
explicit action. Explicit evidence (a marker, a section, a decision list) may name any owner
the minutes write ("members", "the Parish Council"); prose must name someone the meeting
knows, because "Highways Rangers will attend ..." is news, not an action.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from corpus import action_markers as markers
from corpus.action_owners import OwnerFinder
from corpus.assignments import MANDATE_PASSIVE_BY, Assignment, AssignmentForm, find_assignments, split_sentences
from corpus.item_lines import ItemLine, item_lines
from corpus.items import ItemSection
from corpus.models import ActionStatus, Owner


class Evidence(str, enum.Enum):
    """What an action candidate rests on, strongest first."""

    MARKER = "marker"
    SECTION = "section"
    DECISION = "decision"
    PROSE = "prose"


@dataclass
class ActionCandidate:
    """A proposed action: its words, owners (as written and resolved), and where it came from."""

    description: str
    owners: list[Owner]
    evidence: Evidence
    line: int  # index of the line it was read from
    ref: str | None = None
    status: ActionStatus = ActionStatus.OPEN
    due_source: str = ""  # the words a due date may be read from
    context: str = ""  # the sentence before, for deadlines stated first ("by Sept. 8th we want ...")
    covers: set[int] = field(default_factory=set)  # lines this candidate accounts for
    form: AssignmentForm | None = None  # for prose: the grammar that assigned the work


_SENTENCE_OPENERS = frozenset({
    "For", "To", "In", "On", "At", "If", "When", "As", "With", "From", "By", "Please", "Proceed", "Also", "Then",
    "Once", "After", "Before", "Following", "Subject", "Agreed", "Resolved", "Noted", "Action", "Actions", "All",
})
_TITLE_LABEL = re.compile(r"^(?P<title>[A-Z][^:.!?]{2,60}):\s+(?=\S)")
_OWNERS_ONLY_WORDS = 6


class TextActionReader:
    """Reads the candidates of one item's text, with the meeting's owner rules."""

    def __init__(self, owners: OwnerFinder) -> None:
        self.owners = owners

    def candidates(self, item: ItemSection) -> list[ActionCandidate]:
        """All candidates in the item, in reading order."""
        lines = item_lines(item)
        found: list[ActionCandidate] = []
        section: markers.SectionHeading | None = markers.section_heading(item.title) if item.title else None
        whole_item = section is not None  # "9. Review Outstanding Action Items": the item is the list
        consumed: set[int] = set()
        index = 0
        while index < len(lines):
            line = lines[index]
            heading = markers.section_heading(line.text)
            if heading:
                section = heading
                consumed.add(index)
                index += 1
                continue
            if section is not None and self._ends_section(line):
                section = None
            marker = markers.MARKER.match(line.text)
            if marker and self._is_marker(marker):
                index = self._marker(lines, index, marker, found, consumed)
                continue
            if section is not None and markers.STATUS_LINE.match(line.text) and found and found[-1].evidence is Evidence.SECTION:
                found[-1].status = _status_word(markers.STATUS_LINE.match(line.text).group("status"))
                consumed.add(index)
                index += 1
                continue
            if section is not None:
                candidate = self._section_entry(line.text, index, section, lenient=whole_item)
                if candidate is not None:
                    found.extend(candidate if isinstance(candidate, list) else [candidate])
                    consumed.add(index)
                elif markers.STATUS_LINE.match(line.text) and found and found[-1].evidence is Evidence.SECTION:
                    found[-1].status = _status_word(markers.STATUS_LINE.match(line.text).group("status"))
                    consumed.add(index)
                elif whole_item and found and found[-1].evidence is Evidence.SECTION:
                    found[-1].description = f"{found[-1].description} {line.text}"  # a wrapped entry
                    consumed.add(index)
                else:
                    section = None  # the list is over; read this line as running text
                    continue
                index += 1
                continue
            decision = markers.DECISION_LEAD.match(line.text)
            if decision or re.match(r"^\s*\(\d{1,2}\)\s+that\b", line.text, re.IGNORECASE):
                index = self._decision(lines, index, decision, found, consumed)
                continue
            handing = markers.OWNER_ONLY_ASSIGNMENT.match(line.text)
            if handing and index > 0:
                owners = self.owners.known_owners(handing.group("who"), allow_groups=True)
                targets = _marked_lines(lines, index, consumed)
                if owners and targets:
                    description = " ".join(lines[t].text for t in targets)
                    consumed.update([*targets, index])
                    found.append(ActionCandidate(description, owners, Evidence.MARKER, targets[-1], due_source=description,
                                                 covers={*targets, index}))
                    index += 1
                    continue
            self._inline_markers(line.text, index, found, consumed)
            index += 1
        for index, line in enumerate(lines):
            if index not in consumed:
                found.extend(self._prose(line.text, index))
        found.sort(key=lambda c: c.line)
        return found

    # --- markers ---------------------------------------------------------------------

    @staticmethod
    def _is_marker(marker: re.Match[str]) -> bool:
        # "Action 46/18 ...", "ACTION: ...", "AP3 -" — not prose opening "Actions taken by ...".
        if marker.group("word").upper() == "AP" and not marker.group("ref"):
            return False
        return bool(marker.group("ref") or marker.group("sep") in (":", "-", "–", "—"))

    def _marker(self, lines: list[ItemLine], index: int, marker: re.Match[str], found: list[ActionCandidate], consumed: set[int]) -> int:
        rest = marker.group("rest").strip().strip("*_ ").strip()
        ref = marker.group("ref")
        consumed.add(index)
        if not rest and index + 1 < len(lines):
            following = lines[index + 1].text
            if markers.LIST_ENTRY.match(following) or ref is None:
                # "Action items:" on its own line heads the lines below it.
                return self._section_from_marker(lines, index + 1, found, consumed)
            rest = following
            consumed.add(index + 1)
            index += 1
        if not rest:
            return index + 1
        owners_only = self._owner_list(rest)
        if owners_only is not None and index > 0 and not ref:
            targets = _marked_lines(lines, index, consumed)
            if targets:
                description = _marked_span(" ".join(lines[t].text for t in targets), owners_only, self)
                consumed.update(targets)
                found.append(ActionCandidate(description, owners_only, Evidence.MARKER, targets[-1], due_source=description,
                                             covers={*targets, index}))
                return index + 1
        if markers.is_deferral(rest):
            return index + 1
        owners = self._owners_of(rest, explicit=True)
        found.append(ActionCandidate(rest, owners, Evidence.MARKER, index, ref=ref, due_source=rest, covers={index}))
        return index + 1

    def _section_from_marker(self, lines: list[ItemLine], start: int, found: list[ActionCandidate], consumed: set[int]) -> int:
        index = start
        heading = markers.SectionHeading(label="actions", owner_note=None)
        while index < len(lines) and not self._ends_section(lines[index]):
            text = lines[index].text
            candidate = self._section_entry(text, index, heading)
            if isinstance(candidate, list):
                found.extend(candidate)
                consumed.add(index)
                index += 1
                continue
            if candidate is None or not candidate.owners and not markers.LIST_ENTRY.match(text):
                break
            found.append(candidate)
            consumed.add(index)
            index += 1
        return index

    def _inline_markers(self, text: str, index: int, found: list[ActionCandidate], consumed: set[int]) -> None:
        """"... be added to the action list. Action: Clerk" — possibly several in a paragraph."""
        segment_start = 0
        any_found = False
        for match in markers.INLINE_OWNER_MARKER.finditer(text):
            owners, owners_end = self._leading_owner_list(text[match.end() :])
            if not owners:
                # "... Action: Poster to be displayed on notice boards." — the marker heads its action.
                following = split_sentences(text[match.end() :])
                if following and not markers.is_deferral(following[0][1]):
                    words = following[0][1]
                    found.append(ActionCandidate(words, self._owners_of(words, explicit=True), Evidence.MARKER, index,
                                                 due_source=words, covers={index}))
                    any_found = True
                    segment_start = match.end() + following[0][0] + len(words)
                continue
            description = _marked_span(text[segment_start : match.start()], owners, self, whole=False)
            if description:
                found.append(ActionCandidate(description, owners, Evidence.MARKER, index, due_source=description, covers={index}))
                any_found = True
            segment_start = match.end() + owners_end
        if any_found:
            # The rest of the paragraph may still hold prose actions of its own.
            tail = text[segment_start:]
            for candidate in self._prose(tail, index):
                found.append(candidate)
            consumed.add(index)

    # --- sections ----------------------------------------------------------------------

    @staticmethod
    def _ends_section(line: ItemLine) -> bool:
        text = line.text.strip()
        if line.heading and not markers.section_heading(text):
            return True
        if markers.DECISION_LEAD.match(text) and not markers.DECISION_LEAD.match(text).group("rest").strip():
            return True
        # A label such as "Resolved: (For information only)", "Decisions", "Village Hall",
        # or a sub-heading "1. ii) General".
        bare = markers.LIST_ENTRY.sub("", markers.LIST_ENTRY.sub("", text, count=1).strip(), count=1).strip()
        words = bare.split()
        if re.match(r"^[A-Z][\w ,&/'’()-]*:?\s*(?:\([^)]*\))?\s*:?$", bare) and len(words) <= 5 and not re.search(r"\b(?:to|will)\b", bare):
            return True
        if bare != text.strip() and len(words) <= 3 and not bare.endswith(".") and not find_assignments(bare):
            return True
        return False

    def _section_entry(
        self, text: str, index: int, section: markers.SectionHeading, lenient: bool = False
    ) -> ActionCandidate | list[ActionCandidate] | None:
        """One entry of an action list; `lenient` when the whole item is the list, so that
        "Bill: coordinate with Geir" may name someone the attendance list spells otherwise."""
        body = text.strip()
        ref = None
        entry = markers.LIST_ENTRY.match(body)
        if entry:
            # An action list's own numbers are the actions' refs ("Actions: 1. ... 2. ...");
            # a list of outstanding matters numbers its matters, not actions.
            if re.search(r"(?i)action", section.label):
                ref = entry.group("num") or entry.group("dotted")
            body = body[entry.end() :].strip()
        status = ActionStatus.OPEN
        trailing = markers.TRAILING_STATUS.search(body)
        if trailing:
            status = _status_word(trailing.group("status"))
            body = body[: trailing.start()].strip()
        owners: list[Owner] = []
        status_match = markers.ENTRY_STATUS.search(body)
        if status_match:
            status = _status_word(status_match.group("status"))
            if status_match.group("owner"):
                owners = self.owners.from_owner_cell(status_match.group("owner"))
            body = body[: status_match.start()].strip()
        bracket = markers.BRACKET_OWNERS.match(body)
        if bracket:
            owners = owners or self.owners.from_owner_cell(bracket.group("owners"))
            body = bracket.group("rest").strip()
        colon = markers.OWNER_COLON.match(body)
        if not owners and colon:
            named = self._owner_list(colon.group("owners"))
            if named is None and lenient and re.fullmatch(r"[A-Z][a-z]+", colon.group("owners")):
                named = self.owners.from_owner_cell(colon.group("owners"))
            if named is not None:
                owners = named
                body = colon.group("rest").strip()
        if not body or markers.is_deferral(body):
            return None
        if not owners:
            split = self._split_by_doers(body, index, ref, status)
            if split:
                return split
            owners = self._owners_of(body, explicit=True)
        if not owners and section.owner_note:
            owners = self.owners.from_owner_cell(section.owner_note)
        if not owners and not entry and not bracket:
            return None  # a note under the heading, not an entry
        return ActionCandidate(body, owners, Evidence.SECTION, index, ref=ref, status=status, due_source=body, covers={index})

    def _split_by_doers(self, body: str, index: int, ref: str | None, status: ActionStatus) -> list[ActionCandidate] | None:
        """An entry that gives work to several people in turn ("... JR would investigate the
        mole hills ... HR to investigate previous costs ...") is one action per doer."""
        label = _TITLE_LABEL.match(body)
        prefix = f"{label.group('title')}: " if label else ""
        parts: list[tuple[str, list[Owner]]] = []
        for _, sentence in split_sentences(body):
            for assignment in find_assignments(sentence):
                if not _strong_enough(assignment, sentence):
                    continue
                owners = self.owners.known_owners(assignment.owners_text, allow_groups=False)
                if owners:
                    words = assignment.clause if assignment.form is not AssignmentForm.PASSIVE else sentence
                    parts.append((words if words.startswith(prefix) else prefix + words, owners))
                    break
        names = {tuple(sorted(o.name for o in owners)) for _, owners in parts}
        if len(parts) < 2 or len(names) < 2:
            return None
        return [ActionCandidate(text, owners, Evidence.SECTION, index, ref=ref if n == 0 else None, status=status,
                                due_source=text, covers={index}) for n, (text, owners) in enumerate(parts)]

    # --- decisions -------------------------------------------------------------------

    def _decision(self, lines: list[ItemLine], index: int, lead: re.Match[str] | None, found: list[ActionCandidate], consumed: set[int]) -> int:
        """Numbered points of a decision: each that gives someone work is an action.

        When the lead-in says the points are to be actioned ("the following needed to be
        actioned"), every point is one, with or without a named doer.
        """
        texts = [lead.group("rest") if lead else lines[index].text]
        end = index + 1
        while end < len(lines) and re.match(r"^\s*\(?\d{1,2}\)\s+\S", lines[end].text):
            texts.append(lines[end].text)
            end += 1
        joined = " ".join(texts)
        points = markers.split_enumeration(joined)
        directive = bool(lead and markers.DIRECTIVE_LEAD.search(points[0][1] if points[0][0] is None else ""))
        if len(points) == 1 and points[0][0] is None and not lead:
            points = [(None, joined)]
        if points and points[0][0] is None and len(points) > 1:
            points = points[1:]
        if len(points) == 1 and points[0][0] is None:
            # "DECISION: It was agreed that the following ..." then points on the next line.
            lead_text = points[0][1]
            if end < len(lines) and markers.DIRECTIVE_LEAD.search(lead_text):
                follow = markers.split_enumeration(lines[end].text)
                if follow[0][0] is not None:
                    consumed.update(range(index, end + 1))
                    for number, body in follow:
                        self._decision_point(body, end, True, found)
                    return end + 1
            points = [(None, lead_text)]
        consumed.update(range(index, end))
        for number, body in points:
            self._decision_point(body, index, directive, found)
        return end

    def _decision_point(self, body: str, index: int, directive: bool, found: list[ActionCandidate]) -> None:
        body = body.strip()
        if not body:
            return
        sentences = [sentence for _, sentence in split_sentences(body)]
        # The point's own subject ("That BB contact ...", "Cllr X and Cllr Y to review ..."),
        # a later sentence handing it on ("HR to action."), and doers joined by ", and".
        assignments = [
            a for number, sentence in enumerate(sentences) for a in find_assignments(sentence)
            if a.form is AssignmentForm.MANDATE or a.start < 12 or number == 0 and a.form is not AssignmentForm.PASSIVE
        ]
        owners: list[Owner] = []
        for assignment in assignments:
            owners = self.owners.known_owners(assignment.owners_text, allow_groups=True)
            if owners:
                break
        mandative = re.search(r"\b(?:be|would be|to be|will be|should be)\s+\w+(?:ed|en|sent|made|done|shared|held|set|kept|put|raised|asked|invited|included)\b", body)
        for _, sentence in split_sentences(body)[:2]:
            passive = MANDATE_PASSIVE_BY.search(sentence)
            if passive and not owners:
                owners = self.owners.known_owners(passive.group("who"), allow_groups=True)
        for assignment in assignments:
            for owner in self.owners.known_owners(assignment.owners_text, allow_groups=True):
                if all(owner.name.lower() != o.name.lower() for o in owners):
                    owners.append(owner)  # "JH will progress ..., and HR will provide support"
        if owners or directive and (mandative or assignments):
            found.append(ActionCandidate(body, owners, Evidence.DECISION, index, due_source=body, covers={index}))

    # --- prose ---------------------------------------------------------------------------

    def _prose(self, text: str, index: int) -> list[ActionCandidate]:
        """Assignments in running prose, held to the stricter bar (a known doer)."""
        label = _TITLE_LABEL.match(markers.LIST_ENTRY.sub("", text, count=1).strip())
        prefix = f"{label.group('title')}: " if label else ""
        results: list[ActionCandidate] = []
        sentences = split_sentences(text)
        for position, (_, sentence) in enumerate(sentences):
            for assignment in find_assignments(sentence):
                if not _strong_enough(assignment, sentence):
                    continue
                owners = self.owners.subject_owners(assignment.owners_text)
                if not owners:
                    continue
                words = assignment.clause if assignment.form is not AssignmentForm.PASSIVE else sentence
                description = words if not prefix or words.startswith(prefix) else prefix + words
                entry_text = markers.LIST_ENTRY.sub("", text, count=1).strip()
                if label and len(words.split()) <= _SHORT_CLAUSE_WORDS and len(entry_text.split()) <= _MAX_ENTRY_WORDS:
                    # "HR to add to forward list.": a short hand-off means the entry it closes.
                    description = entry_text
                context = sentences[position - 1][1] if position else ""
                results.append(ActionCandidate(description.strip(), owners, Evidence.PROSE, index, due_source=words,
                                               context=context, covers={index}, form=assignment.form))
                break  # one action a sentence: "X and Y will ..." is one
        return results

    # --- owners ------------------------------------------------------------------------

    def _owners_of(self, text: str, explicit: bool) -> list[Owner]:
        assignments = [a for a in find_assignments(text) if a.start <= 40]
        for assignment in assignments:
            owners = self.owners.known_owners(assignment.owners_text, allow_groups=explicit)
            if owners:
                return owners
        owners = self.owners.from_description(text)
        if owners or not explicit:
            return owners
        bare = re.match(r"^(?P<who>(?:[Tt]he\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})\s+(?:[a-z]+)\b", text.strip())
        if bare:
            # "Action: Parish Clerk arrange meeting ...": the subjunctive, no "to".
            owners = self.owners.known_owners(bare.group("who"), allow_groups=True)
            if owners:
                return owners
        for assignment in assignments:
            # A doer the attendance list does not name ("ACTION: Travis to ..."), as written,
            # when the minutes use the word as a name elsewhere ("Travis: I have been ...").
            words = assignment.owners_text.split()
            if len(words) > 3 or words[0] in _SENTENCE_OPENERS:
                continue
            if len(words) > 1 or self.owners.named_in_text(words[0]) or re.fullmatch(r"[A-Z]{2,4}", words[0]):
                return self.owners.from_owner_cell(assignment.owners_text)
        return []

    def _resolve(self, owners_text: str, explicit: bool) -> list[Owner]:
        if explicit:
            return self.owners.from_owner_cell(owners_text)
        owners = self.owners.known_owners(owners_text)
        return owners

    def _owner_list(self, text: str) -> list[Owner] | None:
        """Owners when the text is nothing but a list of them ("AHop/MS", "Clerk/Councillors")."""
        text = text.strip().strip("*_").strip(" .")
        if not text or len(text.split()) > _OWNERS_ONLY_WORDS or re.search(r"\b(?:to|will|should|the\s+\w+\s+\w+)\b", text):
            return None
        owners = self.owners.known_owners(text, allow_groups=True)
        return owners or None

    def _leading_owner_list(self, text: str) -> tuple[list[Owner], int]:
        """Owners at the start of `text` ("Clerk Rest of the Cemetery ..." -> Clerk) and where they end."""
        match = re.match(r"\s*([^.\n]{1,80})", text)
        if not match:
            return [], 0
        words = match.group(1).split()
        for count in range(min(len(words), 8), 0, -1):
            candidate = " ".join(words[:count]).rstrip(",;:")
            owners = self._owner_list(candidate)
            if owners:
                end = text.find(words[count - 1]) + len(words[count - 1])
                return owners, end
        return [], 0


def _strong_enough(assignment: Assignment, sentence: str) -> bool:
    # Prose "would" is reported speech unless a decision frames it ("It was agreed that
    # JR would investigate"); a passive needs its doer named ("... by HR").
    if assignment.form is AssignmentForm.REPORTED:
        head = sentence[: assignment.start].lower()
        return bool(re.search(r"\b(?:agreed|resolved|decided|asked|requested)\b[^.]*\bthat\s*$", head))
    return True


_SHORT_LINE_WORDS = 6
_SHORT_CLAUSE_WORDS = 8
_MAX_ENTRY_WORDS = 80
_MAX_MARKED_WORDS = 120
_MAX_MARKED_LINES = 3


def _marked_lines(lines: list[ItemLine], index: int, consumed: set[int]) -> list[int]:
    """The lines an owner marker on line `index` marks: the paragraph before it, reaching
    back over short lines ("AGREED") to the numbered paragraph they close."""
    taken: list[int] = []
    for back in range(index - 1, max(-1, index - 1 - _MAX_MARKED_LINES), -1):
        if lines[back].heading or back in consumed:
            break
        taken.insert(0, back)
        text = lines[back].text
        if markers.LIST_ENTRY.match(text) or re.match(r"^\d{1,3}(?:\.\d{1,2})*\s", text) or len(text.split()) > _SHORT_LINE_WORDS:
            break
    return taken


def _marked_span(text: str, owners: list[Owner], reader: TextActionReader, whole: bool = True) -> str:
    """The words an owner marker marks: a short paragraph it closes whole (`whole`), else
    from the sentence that assigns the work to its owners, else the last sentence."""
    sentences = [s for _, s in split_sentences(text.strip())]
    if not sentences:
        return ""
    if whole and len(" ".join(sentences).split()) <= _MAX_MARKED_WORDS:
        return " ".join(sentences)
    names = {o.name.lower() for o in owners} | {(o.as_written or "").lower() for o in owners}
    for position, sentence in enumerate(sentences):
        for assignment in find_assignments(sentence):
            resolved = reader.owners.subject_owners(assignment.owners_text, allow_groups=True)
            if {o.name.lower() for o in resolved} & names:
                return " ".join(sentences[position:])
    if len(" ".join(sentences).split()) <= _MAX_MARKED_WORDS:
        return " ".join(sentences)
    return sentences[-1]


def _status_word(word: str) -> ActionStatus:
    return ActionStatus.CLOSED if re.match(r"(?i)closed?|done|complete|resolved", word.strip()) else ActionStatus.OPEN


