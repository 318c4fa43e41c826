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
from dataclasses import dataclass, field, replace

from corpus import action_markers as markers
from corpus.action_evidence import ActionFeatures, Marking, Modality, OwnerSupport, modality_of, opens_with_work
from corpus.action_owners import _ORG_OR_COMMON, OwnerFinder
from corpus.action_scorer import is_action
from corpus.assignments import MANDATE_PASSIVE_BY, Assignment, AssignmentForm, find_assignments, split_sentences
from corpus.item_lines import ItemLine, item_lines
from corpus.items import ItemSection
from corpus.models import ActionStatus, Owner, OwnerKind
from corpus.work_verbs import is_work_verb


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
    features: ActionFeatures | None = None  # the evidence the scorer weighs
    verb: str = ""  # for prose: the verb that gives the work

    @property
    def accepted(self) -> bool:
        """The scorer keeps this candidate (see `corpus.action_scorer`)."""
        return self.features is None or is_action(self.features)


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
        """All candidates in the item, in reading order, each with its evidence
        (`ActionCandidate.features`); the scorer decides which are actions."""
        lines = split_emphasised_markers(item_lines(item))
        found: list[ActionCandidate] = []
        section: markers.SectionHeading | None = markers.section_heading(item.title) if item.title else None
        whole_item = section is not None  # "9. Review Outstanding Action Items": the item is the list
        self._review = bool(section and _REVIEW.search(item.title or ""))
        group: tuple[list[Owner], int] | None = None  # an owner-grouped list's current owner, and its depth
        section_depth: int | None = None  # list depth of the section's first entry, when the reader kept it
        consumed: set[int] = set()
        index = 0
        while index < len(lines):
            line = lines[index]
            heading = markers.section_heading(line.text)
            if heading:
                section, group, section_depth = heading, None, None
                self._review = bool(_REVIEW.search(line.text))
                consumed.add(index)
                index += 1
                continue
            if section is not None:
                owners_line = self._group_owner_line(lines, index)
                if owners_line is not None:
                    group = (owners_line, line.list_depth)
                    consumed.add(index)
                    index += 1
                    continue
                if group is not None and line.list_depth and line.list_depth <= group[1]:
                    group = None
            if section is not None and line.list_depth:
                # With the list's layout read, an entry shallower than the list's first entry
                # (the next agenda bullet after "Action items:") ends it.
                if section_depth is None:
                    section_depth = line.list_depth
                elif line.list_depth < section_depth:
                    section, group, section_depth = None, None, None
            if section is not None and group is None and self._ends_section(line):
                section = None
            marker = markers.marker_line(line.text)
            if marker and self._is_marker(marker):
                index = self._marker(lines, index, marker, found, consumed)
                continue
            if section is not None and markers.STATUS_LINE.match(line.text) and found and found[-1].evidence is Evidence.SECTION:
                found[-1].status = _status_word(markers.STATUS_LINE.match(line.text).group("status"))
                consumed.add(index)
                index += 1
                continue
            if section is not None:
                candidate = self._section_entry(line.text, index, section, lenient=whole_item, line=line,
                                                group=group[0] if group else None)
                if isinstance(candidate, ActionCandidate) and not candidate.accepted and not _listed(line):
                    candidate = None  # not an entry by its evidence: the list is over
                if (isinstance(candidate, ActionCandidate) and whole_item and not candidate.owners and not _listed(line)
                        and found and found[-1].evidence is Evidence.SECTION and found[-1].line == index - 1
                        and not lines[index - 1].text.rstrip().endswith((".", ":", ";", "!", "?"))):
                    candidate = None  # the entry above was cut mid-sentence: this line continues it
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
                                                 covers={*targets, index}, features=self._features(Marking.MARKER, owners, description, work=True)))
                    index += 1
                    continue
            tagged = self._owner_tag(line, index)
            if tagged is not None and tagged.accepted:
                found.append(tagged)
                consumed.add(index)
                index += 1
                continue
            edge = self._edge_entry(line, index) or self._parent_of_owned(lines, index)
            if edge is not None and edge.accepted:
                found.append(edge)
                consumed.add(index)
                index += 1
                continue
            self._inline_markers(line.text, index, found, consumed)
            index += 1
        for index, line in enumerate(lines):
            if index not in consumed:
                previous = lines[index - 1].text if index and not lines[index - 1].heading else ""
                found.extend(self._prose(line.text, index, previous))
        found.sort(key=lambda c: c.line)
        return found

    # --- markers ---------------------------------------------------------------------

    @staticmethod
    def _is_marker(marker: markers.MarkerLine) -> bool:
        # "Action 46/18 ...", "ACTION: ...", "AP3 -", "Action (Daniel): ...", "Action Greg to
        # update ..." — not prose opening "Actions taken by ...".
        if marker.word.upper() == "AP" and not marker.ref:
            return False
        if marker.ref or marker.owner_slot or marker.sep in (":", "-", "–", "—"):
            return True
        # No separator: the marker must head an assignment ("Action Greg to update the list").
        return any(a.start == 0 and a.form in (AssignmentForm.INFINITIVE, AssignmentForm.FUTURE) for a in find_assignments(marker.rest.strip()))

    def _marker(self, lines: list[ItemLine], index: int, marker: markers.MarkerLine, found: list[ActionCandidate], consumed: set[int]) -> int:
        rest = marker.rest.strip().strip("*_ ").strip()
        ref = marker.ref
        consumed.add(index)
        line = lines[index]
        slot_owners = self.owners.from_owner_cell(marker.owner_slot) if marker.owner_slot else []
        if marker.owner_slot and not re.search(r"[A-Za-z]{2}", rest) and index > 0 and index - 1 not in consumed:
            # "Action (Andrew C): ^^" — the marker gives the line above it to its owner.
            rest = lines[index - 1].text
            consumed.add(index - 1)
        if not rest and index + 1 < len(lines) and not slot_owners:
            following = lines[index + 1].text
            if markers.LIST_ENTRY.match(following) or lines[index + 1].list_depth or ref is None:
                # "Action items:" on its own line heads the lines below it.
                return self._section_from_marker(lines, index + 1, found, consumed)
            rest = following
            consumed.add(index + 1)
            index += 1
        if not rest:
            return index + 1
        owners_only = self._owner_list(rest) if not slot_owners else None
        if owners_only is not None and index > 0 and not ref:
            targets = _marked_lines(lines, index, consumed)
            if targets:
                description = _marked_span(" ".join(lines[t].text for t in targets), owners_only, self)
                consumed.update(targets)
                found.append(ActionCandidate(description, owners_only, Evidence.MARKER, targets[-1], due_source=description,
                                             covers={*targets, index}, features=self._features(Marking.MARKER, owners_only, description, work=True)))
                return index + 1
        if markers.is_deferral(rest):
            return index + 1
        for owners_text, words in self._marker_segments(rest, marker.owner_slot):
            if markers.is_deferral(words):
                continue
            if owners_text is not None:
                owners = self.owners.from_owner_cell(owners_text)
            else:
                owners = self._owners_of(words, explicit=True, marker=True)
                trailing = _TRAILING_OWNER.search(words)
                if trailing:
                    # "Confirm whether the plan is public (Olivia Burman)", "LGA to do a
                    # presentation (Gesche Schmid)": the bracket names who leads it, when it
                    # names someone and the subject is no person.
                    lead = self.owners.from_owner_cell(trailing.group("who"))
                    lead_known = self.owners.support(lead) in (OwnerSupport.KNOWN, OwnerSupport.NAMED)
                    if not owners or lead_known and not all(o.kind is OwnerKind.PERSON for o in owners):
                        owners = lead
                        words = words[: trailing.start()].strip()
            found.append(ActionCandidate(words, owners, Evidence.MARKER, index, ref=ref, due_source=words, covers={index},
                                         features=self._features(Marking.MARKER, owners, words, line=line)))
            ref = None  # a ref numbers the first action of the line
        return index + 1

    def _marker_segments(self, rest: str, slot: str | None) -> list[tuple[str | None, str]]:
        """(owner slot, words) of each action a marker's text holds: further "Action X:"
        markers in the same line, and "Actions: CL to sort out ..., JQ to figure out ..."."""
        segments: list[tuple[str | None, str]] = []
        cuts = markers.inline_slot_markers(rest)
        pieces: list[tuple[str | None, str]] = []
        position, owner = 0, slot
        for start, end, next_slot in cuts:
            pieces.append((owner, rest[position:start]))
            position, owner = end, next_slot
        pieces.append((owner, rest[position:]))
        for owner_text, words in pieces:
            words = _TRAILING_NUMERAL.sub("", words.strip()).strip()
            if not words:
                continue
            if owner_text is None:
                for part in _split_by_infinitives(words):
                    segments.append((None, part))
            else:
                segments.append((owner_text, words))
        return segments

    def _section_from_marker(self, lines: list[ItemLine], start: int, found: list[ActionCandidate], consumed: set[int]) -> int:
        index = start
        heading = markers.SectionHeading(label="actions", owner_note=None)
        lead_depth = lines[start - 1].list_depth if start > 0 else 0
        first_depth = lines[start].list_depth if start < len(lines) else 0
        while index < len(lines) and not self._ends_section(lines[index]):
            depth = lines[index].list_depth
            if depth and (lead_depth and depth <= lead_depth or first_depth and depth < first_depth):
                break  # "- **Action items**:" / "  - Josh to draft ..." / "- Next topic": the list is over
            text = lines[index].text
            candidate = self._section_entry(text, index, heading, line=lines[index])
            if isinstance(candidate, list):
                found.extend(candidate)
                consumed.add(index)
                index += 1
                continue
            if candidate is None or not _listed(lines[index]) and (not candidate.owners or not candidate.accepted):
                break
            found.append(candidate)
            consumed.add(index)
            index += 1
        return index

    def _inline_markers(self, text: str, index: int, found: list[ActionCandidate], consumed: set[int]) -> None:
        """"... be added to the action list. Action: Clerk" — possibly several in a paragraph;
        and "... will require an amendment. Action CW: propose this" (the owner before the colon)."""
        slotted = markers.inline_slot_markers(text)
        if slotted:
            for (start, end, slot), following in zip(slotted, [*slotted[1:], None]):
                words = _TRAILING_NUMERAL.sub("", text[end : following[0] if following else None].strip()).strip()
                if not words or markers.is_deferral(words):
                    continue
                owners = self.owners.from_owner_cell(slot)
                found.append(ActionCandidate(words, owners, Evidence.MARKER, index, due_source=words, covers={index},
                                             features=self._features(Marking.MARKER, owners, words)))
            for candidate in self._prose(text[: slotted[0][0]], index):
                found.append(candidate)
            consumed.add(index)
            return
        segment_start = 0
        any_found = False
        for match in markers.INLINE_OWNER_MARKER.finditer(text):
            owners, owners_end = self._leading_owner_list(text[match.end() :])
            if not owners:
                # "... Action: Poster to be displayed on notice boards." — the marker heads its action.
                following = split_sentences(text[match.end() :])
                if following and not markers.is_deferral(following[0][1]):
                    words = following[0][1]
                    owners_of = self._owners_of(words, explicit=True)
                    found.append(ActionCandidate(words, owners_of, Evidence.MARKER, index, due_source=words, covers={index},
                                                 features=self._features(Marking.MARKER, owners_of, words)))
                    any_found = True
                    segment_start = match.end() + following[0][0] + len(words)
                continue
            description = _marked_span(text[segment_start : match.start()], owners, self, whole=False)
            if description:
                found.append(ActionCandidate(description, owners, Evidence.MARKER, index, due_source=description, covers={index},
                                             features=self._features(Marking.MARKER, owners, description, work=True)))
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
        self, text: str, index: int, section: markers.SectionHeading, lenient: bool = False,
        line: ItemLine | None = None, group: list[Owner] | None = None,
    ) -> ActionCandidate | list[ActionCandidate] | None:
        """One entry of an action list, with its evidence; None for a line that cannot be one
        (empty, a deferral). `group` is the owner of an owner-grouped list ("Charles" above
        "Buy one 4TB disk ..."); `lenient` when the whole item is the list."""
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
        edge = None
        if not owners:
            edge = edge_owner(body, colon=True)
            if edge is not None:
                named = self.owners.from_owner_cell(edge.owners)
                # "Finance: the balance is ...": a label, unless the words are a person's name
                # or the task opens with work.
                label_like = self.owners.support(named) is not OwnerSupport.KNOWN and not opens_with_work(edge.task)
                if named and not label_like:
                    owners, body = named, edge.task
        if not body or markers.is_deferral(body):
            return None
        if not owners:
            split = self._split_by_doers(body, index, ref, status)
            if split:
                return split
            owners = self._owners_of(body, explicit=True)
        if not owners and group:
            owners = list(group)
        if not owners and section.owner_note:
            owners = self.owners.from_owner_cell(section.owner_note)
        listed = bool(entry or bracket or (line is not None and line.list_depth))
        features = self._features(Marking.SECTION, owners, body, line=line, list_entry=listed,
                                  review=self._review and not section.owner_note)
        return ActionCandidate(body, owners, Evidence.SECTION, index, ref=ref, status=status, due_source=body, covers={index},
                               features=features)

    def _group_owner_line(self, lines: list[ItemLine], index: int) -> list[Owner] | None:
        """Owners when the line is only a name heading an owner-grouped list of actions
        ("Charles" followed by "Buy one 4TB disk ..."): the next line is an entry, deeper
        in the list when the reader kept depth."""
        line = lines[index]
        text = markers.LIST_ENTRY.sub("", line.text.strip(), count=1).strip().rstrip(":").strip()
        if index + 1 >= len(lines) or not _OWNER_HEADING.fullmatch(text) or opens_with_work(text):
            return None
        following = lines[index + 1]
        if following.heading or _OWNER_HEADING.fullmatch(markers.LIST_ENTRY.sub("", following.text.strip(), count=1).strip()):
            return None
        if line.list_depth and following.list_depth and following.list_depth <= line.list_depth:
            return None
        owners = self.owners.from_owner_cell(text)
        if not owners:
            return None
        support = self.owners.support(owners)
        if support in (OwnerSupport.KNOWN, OwnerSupport.NAMED):
            return owners
        # A group heads the list only when the minutes give it work elsewhere ("Action
        # (Sysadmins): ..."); "Village Hall" over a few lines is a sub-heading.
        written = re.escape(text)
        if re.search(rf"\(\s*{written}\s*\)\s*:|\b{written}\s+to\s+[a-z]", self.owners.directory.text):
            return owners
        return None

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

    # --- owners at the edge of a list entry ---------------------------------------------

    def _edge_entry(self, line: ItemLine, index: int) -> ActionCandidate | None:
        """A list entry whose owner stands at its edge: "(Roland) Draft notice ...", "Create
        area in slack - Steven", "Copy the rules (Valentine)", "Jen: send the notice"."""
        text = line.text.strip()
        entry = markers.LIST_ENTRY.match(text)
        listed = bool(entry or line.list_depth)
        body = text[entry.end() :].strip() if entry else text
        if len(body.split()) > _MAX_EDGE_WORDS:
            return None
        # "Name: ..." outside an action list is mostly a speaker ("Carol: Propose vacation
        # during the shift"), so only the bracket and trailing forms are read here.
        edge = edge_owner(body, colon=False)
        if edge is None or edge.form == "paren" and not listed:
            return None
        owners = self.owners.from_owner_cell(edge.owners)
        if not owners:
            return None
        task = edge.task
        elided = _ELIDED_FUTURE.search(task)
        # "Also have an online meeting ...", "Once space is free, get a pile of boxes ...": the
        # imperative behind a linking adverb or a fronted clause.
        bare = _FRONTED.sub("", task, count=1)
        imperative = opens_with_work(task) or opens_with_work(bare) or bool(_LIGHT_WORK.match(bare))
        # "(David A. Wheeler) - Note: I intend to create a small group ...": the bracketed
        # speaker's own undertaking.
        own = _OWN_UNDERTAKING.match(task) if edge.form == "bracket" else None
        work = imperative or bool(elided and is_work_verb(elided.group("verb"))) or bool(own and is_work_verb(own.group("verb")))
        modality = Modality.IMPERATIVE if imperative else Modality.FUTURE if work else Modality.NONE
        support = self.owners.support(owners)
        if edge.form == "paren" and support not in (OwnerSupport.KNOWN, OwnerSupport.NAMED):
            return None  # "(GDPR)", "(see above)": a bracket at the end is rarely an owner
        features = ActionFeatures(
            Marking.EDGE, support, modality, work, list_entry=listed, emphasis=bool(line.emphasis),
            presenter_like=edge.form == "bracket" and not work,
        )
        status = ActionStatus.CLOSED if edge.done else ActionStatus.OPEN
        return ActionCandidate(task, owners, Evidence.SECTION, index, status=status, due_source=task, covers={index},
                               features=features)

    def _parent_of_owned(self, lines: list[ItemLine], index: int) -> ActionCandidate | None:
        """An instruction whose sub-entries share it out ("Complete the schedule online" over
        "Main Channel - Tine", "Data Science - Nuo"): the task of everyone its parts name."""
        line = lines[index]
        if not line.list_depth or not opens_with_work(line.text.strip()) or len(line.text.split()) > _MAX_EDGE_WORDS:
            return None
        owners: list[Owner] = []
        parts = known = 0
        for child in lines[index + 1 :]:
            if not child.list_depth or child.list_depth <= line.list_depth:
                break
            if child.list_depth > line.list_depth + 1:
                continue
            tail = _PART_OWNER.search(child.text.strip())
            named = self.owners.from_owner_cell(tail.group("who")) if tail else []
            support = self.owners.support(named) if named else OwnerSupport.NONE
            if support not in (OwnerSupport.KNOWN, OwnerSupport.NAMED, OwnerSupport.SHAPED):
                return None  # one part without an owner: sub-points, not a share-out
            parts += 1
            known += support is OwnerSupport.KNOWN
            owners.extend(o for o in named if all(o.name != k.name for k in owners))
        if parts < 2 or known * 2 < parts:
            return None
        features = ActionFeatures(Marking.EDGE, OwnerSupport.KNOWN, Modality.IMPERATIVE, True, list_entry=True,
                                  emphasis=bool(line.emphasis))
        task = line.text.strip()
        return ActionCandidate(task, owners, Evidence.SECTION, index, due_source=task, covers={index}, features=features)

    def _owner_tag(self, line: ItemLine, index: int) -> ActionCandidate | None:
        """A paragraph closed by an emphasised or tab-set owner ("... felling of the two ash
        trees. *Clerk*"): the tag gives the paragraph to its owner. Statuses set the same way
        ("*Noted*", "*Agreed*") are no owners."""
        text = line.text.rstrip()
        tail = None
        for start, end in line.emphasis:
            if start > 0 and not text[end:].strip(" .;"):
                tail = start
        if tail is None:
            tab = re.search(r"\t+\s*([^\t]{1,40})$", text)
            tail = tab.start() if tab else None
        if tail is None:
            return None
        tag = text[tail:].strip(" \t.;*_")
        body = text[:tail].strip()
        if not body or _STATUS_TAG.fullmatch(tag) or len(tag.split()) > 4:
            return None
        if not body.rstrip("*_ ").endswith((".", "!", "?", ";", ":", ")")) and "\t" not in text[len(body) - 1 : tail + 1]:
            return None  # "... Vice Chair of **Safer Essex**": a name set in bold inside the sentence
        owners = self._owner_list(tag)
        if owners is None or self.owners.support(owners) not in (OwnerSupport.KNOWN, OwnerSupport.NAMED):
            return None
        description = _marked_span(body, owners, self)
        features = self._features(Marking.MARKER, owners, description, line=line, work=True)
        return ActionCandidate(description, owners, Evidence.MARKER, index, due_source=description, covers={index},
                               features=features)

    def _features(
        self, marking: Marking, owners: list[Owner], text: str, line: ItemLine | None = None, work: bool | None = None,
        list_entry: bool | None = None, review: bool = False, form: AssignmentForm | None = None,
        modality: Modality | None = None, speaker: bool = False, pronoun: bool = False,
    ) -> ActionFeatures:
        """The evidence record of a candidate (see `corpus.action_evidence`)."""
        assignment = next((a for a in find_assignments(text) if a.start <= 40), None)
        if modality is None:
            if form is not None:
                modality = modality_of(form)
            elif assignment is not None:
                modality = modality_of(assignment.form)
            elif opens_with_work(text) or _HANDLE_TO.match(text):
                modality = Modality.IMPERATIVE
            else:
                modality = Modality.NONE
        if work is None:
            work = assignment is not None or opens_with_work(text) or bool(_MANDATIVE.search(text) or _HANDLE_TO.match(text))
        if list_entry is None:
            list_entry = bool(line is not None and line.list_depth or markers.LIST_ENTRY.match(text))
        return ActionFeatures(
            marking, self.owners.support(owners), modality, work, list_entry=list_entry,
            emphasis=bool(line is not None and line.emphasis), speaker_label=speaker, pronoun=pronoun,
            review_section=review,
        )

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
            # The point passed the decision's own test (a doer, or a lead-in that says the
            # points are to be done): its verb is work.
            found.append(ActionCandidate(body, owners, Evidence.DECISION, index, due_source=body, covers={index},
                                         features=self._features(Marking.DECISION, owners, body, work=True, modality=Modality.AGREED)))

    # --- prose ---------------------------------------------------------------------------

    def _prose(self, text: str, index: int, previous: str = "") -> list[ActionCandidate]:
        """Assignments in running prose, each with its evidence: a known doer, a committing
        modality and a work verb are what make prose an action (see `corpus.action_scorer`)."""
        label = _TITLE_LABEL.match(markers.LIST_ENTRY.sub("", text, count=1).strip())
        prefix = f"{label.group('title')}: " if label else ""
        speaker = _SPEAKER.match(markers.LIST_ENTRY.sub("", text, count=1).strip())
        results: list[ActionCandidate] = []
        sentences = split_sentences(text)
        for position, (_, sentence) in enumerate(sentences):
            context = sentences[position - 1][1] if position else ""
            earlier = split_sentences(previous) if not position and previous else []
            antecedent = context or (earlier[-1][1] if earlier else "")  # what "this" may point back to
            said = _SAID_WOULD.search(sentence)
            if said and is_work_verb(said.group("verb")):
                # "Cllr Alam said he would seek a letter of support": an undertaking by Cllr Alam.
                owners = self.owners.subject_owners(said.group("who"))
                if owners:
                    words = sentence[said.start("who") :].strip()
                    results.append(ActionCandidate(words, owners, Evidence.PROSE, index, due_source=words, context=context,
                                                   covers={index}, form=AssignmentForm.UNDERTAKING,
                                                   features=self._features(Marking.PROSE, owners, words, form=AssignmentForm.UNDERTAKING,
                                                                           work=True, modality=Modality.UNDERTAKING, pronoun=True)))
                    continue
            led = _LED_BY.search(sentence)
            if led and _WE_WILL.search(sentence[: led.start()]):
                # "We will have a community panel at Scala Days, led by Zainab Ali".
                owners = self.owners.subject_owners(led.group("who"))
                # "The first action point is that we will ...": the writer marks the sentence as
                # an action, so a full name there counts as one under any marker.
                pointed = bool(_ACTION_POINT.search(sentence[: led.start()]))
                if not owners and pointed and len(led.group("who").split()) >= 2:
                    owners = self.owners.from_owner_cell(led.group("who"))
                if owners:
                    words = sentence.strip()
                    results.append(ActionCandidate(words, owners, Evidence.PROSE, index, due_source=words, context=context,
                                                   covers={index}, form=AssignmentForm.FUTURE, verb="lead",
                                                   features=self._features(Marking.MARKER if pointed else Marking.PROSE, owners,
                                                                           words, work=True, modality=Modality.FUTURE)))
                    continue
            first_person = speaker is not None and _FIRST_PERSON.search(sentence)
            reading = sentence
            if first_person:
                # "Hervé: I will try to update the draft": I is the speaker.
                tail = sentence[first_person.end("pronoun") :]
                tail = " will" + tail[3:] if tail[:3] in ("'ll", "’ll") else tail
                reading = sentence[: first_person.start("pronoun")] + speaker.group("who") + tail
            for assignment in find_assignments(reading):
                modality = modality_of(assignment.form)
                if assignment.form is AssignmentForm.REPORTED:
                    head = reading[: assignment.start].lower()
                    if re.search(r"\b(?:agreed|resolved|decided|asked|requested)\b[^.]*\bthat\s*$", head):
                        modality = Modality.AGREED  # "It was agreed that JR would investigate ..."
                owners = self.owners.subject_owners(assignment.owners_text)
                if (modality is Modality.REPORTED and owners and assignment.start == 0 and is_work_verb(assignment.verb)
                        and all(o.kind is OwnerKind.PERSON for o in owners) and self.owners.support(owners) is OwnerSupport.KNOWN
                        and _FRAME.search(" ".join(s for _, s in sentences[:position]) or antecedent)):
                    # "It was suggested that the tree should be cut down. Cllr. J. Davies would ask
                    # the landowner for permission": the decision before frames the reported
                    # "would" of a person the meeting knows as their commitment.
                    modality = Modality.AGREED
                marking = Marking.PROSE
                directed = modality is Modality.AGREED or _ASKED.search(assignment.clause[: len(assignment.owners_text) + 25])
                if not owners and directed:
                    # "It was AGREED that councillors should seek ...", "Councillors were ASKED to
                    # identify ...": the meeting gives a group work, as a decision does.
                    owners = self.owners.subject_owners(assignment.owners_text, allow_groups=True)
                    marking = Marking.DECISION
                if not owners:
                    continue
                words = assignment.clause if assignment.form is not AssignmentForm.PASSIVE else reading
                from_speaker = bool(first_person) and assignment.owners_text == speaker.group("who")
                if from_speaker:
                    words = sentence[first_person.start("pronoun") :].strip()
                description = words if not prefix or words.startswith(prefix) else prefix + words
                if len(words.split()) <= _SHORT_CLAUSE_WORDS and _ANAPHORA.search(words) and assignment.start > 0:
                    # "Cataloguing our accounts - Action Mike will work on this": "this" is the words before.
                    description = sentence.strip()
                elif len(words.split()) <= _SHORT_CLAUSE_WORDS and _ANAPHORA.search(words) and antecedent \
                        and len(antecedent.split()) <= _MAX_ENTRY_WORDS and not re.search(r":\s*$", antecedent):
                    # "We should discuss the process for including a PMC member. Paul W. will take
                    # action on this.": "this" is the sentence before.
                    description = f"{antecedent.strip()} {words.strip()}"
                entry_text = markers.LIST_ENTRY.sub("", text, count=1).strip()
                if label and len(words.split()) <= _SHORT_CLAUSE_WORDS and len(entry_text.split()) <= _MAX_ENTRY_WORDS:
                    # "HR to add to forward list.": a short hand-off means the entry it closes.
                    description = entry_text
                # A first-person line is mostly opinion ("I'll go further"): only a work verb makes it an undertaking.
                features = self._features(marking, owners, words, form=assignment.form, modality=modality,
                                          work=is_work_verb(assignment.verb) if from_speaker else True, speaker=from_speaker)
                results.append(ActionCandidate(description.strip(), owners, Evidence.PROSE, index, due_source=words,
                                               context=context, covers={index}, form=assignment.form, features=features,
                                               verb=assignment.verb))
                break  # one action a sentence: "X and Y will ..." is one
            else:
                # No one in the sentence took the work: a decision may give it to nobody named,
                # and an elided "will" is the speaker's.
                agreed = _AGREED_TO.search(sentence)
                if agreed and is_work_verb(agreed.group("verb")) and agreed.group("verb").lower() not in _DECIDED_NOT_DONE:
                    # "It was AGREED to raise with Ms McAlinden ...": a decision that gives work to nobody named.
                    words = sentence[agreed.start("verb") :].strip()
                    # Prose evidence: beside marked actions such decisions are narrative.
                    results.append(ActionCandidate(words, [], Evidence.PROSE, index, due_source=words, context=context,
                                                   covers={index},
                                                   features=self._features(Marking.DECISION, [], words, work=True, modality=Modality.AGREED)))
                    continue
                carried = _SUBJECT_CARRIED.match(sentence)
                if carried and is_work_verb(carried.group("verb")):
                    # "Martin reported no progress ..., and will summarize the status": the
                    # sentence's subject carries over to the clause that lost it.
                    owners = self.owners.subject_owners(carried.group("who"))
                    if owners:
                        words = f"{carried.group('who')} {sentence[carried.start('will') :].strip()}"
                        results.append(ActionCandidate(words, owners, Evidence.PROSE, index, due_source=words, context=context,
                                                       covers={index}, form=AssignmentForm.FUTURE, verb=carried.group("verb"),
                                                       features=self._features(Marking.PROSE, owners, words, work=True,
                                                                               modality=Modality.FUTURE)))
                        continue
                elided = _SPEAKER_ELIDED.search(sentence) if speaker is not None and not first_person else None
                if elided and is_work_verb(elided.group("verb")):
                    # "Mark: I already have the action item, will start that discussion".
                    owners = self.owners.subject_owners(speaker.group("who"))
                    if owners:
                        words = sentence[speaker.end() :].strip() if sentence.startswith(speaker.group(0)) else sentence
                        results.append(ActionCandidate(words, owners, Evidence.PROSE, index, due_source=words, context=context,
                                                       covers={index}, form=AssignmentForm.FUTURE, verb=elided.group("verb"),
                                                       features=self._features(Marking.PROSE, owners, words, work=True,
                                                                               modality=Modality.FUTURE, speaker=True)))
        return results

    # --- owners ------------------------------------------------------------------------

    def _owners_of(self, text: str, explicit: bool, marker: bool = False) -> list[Owner]:
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
            # Under an explicit marker a single name-shaped word is a name ("ACTION: Greg to
            # update the list") even when no attendance list was read.
            name_shaped = bool(re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]*)?", words[0])) and not _ORG_OR_COMMON.match(words[0]) \
                and not is_work_verb(words[0]) and words[0] not in _NOT_NAMES
            if len(words) > 1 or self.owners.named_in_text(words[0]) or re.fullmatch(r"[A-Z]{2,4}", words[0]) or marker and name_shaped:
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




_MAX_EDGE_WORDS = 60
# Words set in italics or bold at the end of a paragraph that record an outcome, not an owner.
_STATUS_TAG = re.compile(r"(?i)noted|agreed|resolved|approved|carried|accepted|deferred|rejected|done|completed?|closed|ongoing|"
                         r"open|received|unanimous(?:ly)?|for information|no action|n/?a|none|tbc|pending")
# Capitalised words that open a marker's text without naming anyone: "ACTION: Need to ...".
_NOT_NAMES = frozenset({"Need", "Needs", "Attempt", "Try", "Plan", "Aim", "Goal", "Decision", "Proposal", "Suggestion", "Survey", "Reminder", "Nobody", "None"})
# Items that review earlier actions: their entries are mostly reports of progress.
_REVIEW = re.compile(r"(?i)\b(?:previous|last|earlier|review|arising|carried)\b")
# "... is public (Olivia Burman)": an owner in brackets closing a marked action.
_TRAILING_OWNER = re.compile(r"\s*\((?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}(?:\s*(?:,|/|&|and)\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}){0,3})\)\s*\.?\s*$")
# A list numeral left at the end of a segment ("... readmes. e." before "Action MP: ...").
_TRAILING_NUMERAL = re.compile(r"(?:(?<=[.;!?])|^)\s*(?:[a-z]|[ivx]{1,4}|\d{1,2})[.)]\s*$")
_ELIDED_FUTURE = re.compile(r"(?:^|[;,.]\s*|\band\s+)(?:will|shall)\s+(?:also\s+|then\s+)?(?P<verb>[a-z]+)")
_MANDATIVE = re.compile(r"\b(?:be|to be|will be|should be)\s+\w+(?:ed|en|sent|made|done|shared|held|set|kept|put|raised|asked|invited|included)\b")
_NAMES = r"(?:[A-Z][\w'’.-]*|@[\w-]+)(?:\s+[A-Z][\w'’.-]*){0,2}"
_NAME_RUN = rf"{_NAMES}(?:\s*(?:,|/|&|\band/or\b|\bor\b|\band\b)\s*{_NAMES}){{0,5}}"
# An owner-only line heading an owner-grouped list: "Charles", "Souradip & Andrew C".
_OWNER_HEADING = re.compile(_NAME_RUN)
_SPEAKER = re.compile(r"^(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}):\s+")
_FIRST_PERSON = re.compile(r"(?:^|(?<=:\s)|(?<=[,;]\s)|\b(?:Okay|OK|Ok|Yes|Sure|So|Well),?\s+)(?P<pronoun>I)(?='ll\b|’ll\b|\s+(?:will|shall|can|am going to)\b)")
# "..., will start that discussion" with nobody before "will": the speaker's own words.
_SPEAKER_ELIDED = re.compile(r"(?:^[^,;:]*:\s*|[,;]\s*(?:and\s+)?)(?:I\s+)?will\s+(?:also\s+|then\s+)?(?P<verb>[a-z]+)")
# "Martin reported no progress on X, and will summarize ...": a named subject, its first verb
# (past or present tense), then a clause with no subject of its own.
_SUBJECT_CARRIED = re.compile(
    r"^\s*(?P<who>(?:(?i:the)\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\s+[a-z]+(?:ed|s)\b[^.;:]{0,160}?,\s*and\s+"
    r"(?P<will>will|shall)\s+(?:also\s+|then\s+)?(?P<verb>[a-z]+)"
)
_LED_BY = re.compile(r",?\s+(?:led|organi[sz]ed|coordinated|co-ordinated|run|hosted|chaired)\s+by\s+(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})(?=\s*(?:[,.;)]|$))")
_OWN_UNDERTAKING = re.compile(
    r"^(?:[-–:]\s*)?(?:(?:Note|Update|Comment)\s*:\s*)?(?:(?:Okay|OK|Yes|So),?\s+)?I(?:'ll|’ll|\s+will|\s+shall|\s+intend\s+to|\s+plan\s+to|\s+am\s+going\s+to)\s+"
    r"(?:also\s+|then\s+)?(?P<verb>[a-z]+)"
)
# A decision or proposal the meeting made, framing the reported commitments after it.
_FRAME = re.compile(r"(?i)\b(?:it\s+was|was|were|members|council(?:lors)?|committee|board|meeting)\s+(?:\w+\s+)?(?:agreed|resolved|decided|suggested|proposed)\b|^\s*(?:agreed|resolved|decided)\b")
_ACTION_POINT = re.compile(r"(?i)\baction\s+(?:point|item)s?\s+(?:is|are|was|were)\b")
_WE_WILL = re.compile(r"(?i)\b(?:we|they|there)\s+(?:will|shall|are going to|plan to)\b")
_ANAPHORA = re.compile(r"\b(?:this|it|that|these|them)\s*[.!]?\s*$", re.IGNORECASE)
# A lower-case user name giving itself work: "kelly to continue ...", "ehashman to sync ...".
_HANDLE_TO = re.compile(r"^@?[a-z][\w-]{2,38}\s+to\s+[a-z]{2,}")
_ASKED = re.compile(r"(?i)\b(?:was|were|is|are|been)\s+(?:asked|tasked|requested)\s+to\b")
_SAID_WOULD = re.compile(
    r"(?P<who>(?:(?i:the)\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\s+(?:said|indicated|confirmed|stated|undertook|offered|promised)\s+"
    r"(?:that\s+)?(?:he|she|they)\s+would\s+(?:also\s+)?(?P<verb>[a-z]+)"
)
_AGREED_TO = re.compile(r"(?:^|\b[Ii]t\s+was\s+)(?i:agreed|resolved|decided)\s+(?:that\s+(?:we|the\s+\w+)\s+(?:would|should)\s+|to\s+)(?P<verb>[a-z]+)")
# Verbs whose decision is done as it is taken: "It was agreed to approve the minutes".
_DECIDED_NOT_DONE = frozenset({"approve", "accept", "adopt", "agree", "appoint", "pass", "vote", "note", "ratify", "support",
                               "continue", "hold", "keep", "defer", "endorse", "receive", "grant", "award", "give", "pay", "accept"})


@dataclass(frozen=True)
class EdgeOwner:
    """An owner written at the edge of a list entry, and the task beside it."""

    owners: str
    task: str
    form: str  # "bracket" "(X) task", "colon" "X: task", "dash" "task - X", "paren" "task (X)"
    done: bool = False


# What may stand before an entry's imperative: a linking adverb, or a fronted clause closed by a comma.
_FRONTED = re.compile(r"^(?:(?:Also|Then|And|Additionally|Next|Finally)\s+|(?:Once|When|After|Before|If|Until|As soon as)\s+[^,;]{3,60},\s*(?:then\s+)?)")
# A light verb whose object is the work: "have an online meeting w/ them", "do a demo".
_LIGHT_WORK = re.compile(r"(?i)^(?:have|do|give)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:meeting|call|chat|session|presentation|talk|demo|walkthrough)\b")
# A part's owner after a dash at its end: "Web/Education - Slavik".
_PART_OWNER = re.compile(rf"\S\s+[-–—]\s*(?P<who>{_NAME_RUN})\s*$")
_EDGE_BRACKET = re.compile(rf"^\((?P<who>{_NAME_RUN})\)\s*[:\-–]?\s*(?P<task>\S.*)$")
_EDGE_COLON = re.compile(rf"^(?P<who>{_NAME_RUN})\s*:\s+(?P<task>\S.*)$")
_EDGE_DASH = re.compile(
    rf"^(?P<task>\S.*?\S)\s+[-–—]\s*(?P<who>{_NAME_RUN})(?:\s*\([^()]{{1,20}}\))?"
    r"(?:\s*[-–—,]\s*(?P<status>done|completed?|finished|ongoing|in progress))?\s*\.?$"
)
_EDGE_PAREN = re.compile(rf"^(?P<task>\S.*?\S)\s*\((?P<who>{_NAME_RUN})\)\s*\.?$")
_NOT_OWNER_WORDS = re.compile(
    r"^(?:Note|Notes|Update|Updates|Status|Action|Actions|Decision|Agreed|Resolved|Noted|Outcome|Result|Summary|Background|"
    r"Discussion|Proposal|Question|Answer|Comment|Comments|Issue|Issues|Item|Items|Done|Completed|Ongoing|TBC|TBD|N/A|Q\d|"
    r"Conclusion|Conclusions|Consensus|Resolution|Outcome|Outcomes|Results?|Context|Problem|Solution|Goals?|Plan|Ideas?|Feedback|"
    r"Request|Motion|Vote|Reminder|Announcements?|Agreement|Todo|TODO|Aside|Follow-up|Followup|Proposed|Suggestion|"
    r"Next|Time|Date|Location|Venue|Agenda|Minutes|Attendees|Present|Apologies|Chair|Link|Links|Slides|See|Ref|Re|AOB|"
    r"Yes|No|OK|Okay|Both|All|Everyone|None|Other|Others|Main|Total|Budget|Cost|Costs|Tier|Count|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$"
)


def edge_owner(text: str, colon: bool = False) -> EdgeOwner | None:
    """The owner at the edge of an entry's text ("(Roland) Draft notice", "contact keynotes -
    Tine - done", "Confirm the plan (Olivia Burman)", and with `colon` "Jen and Jeff: write
    the post"), when the words there are names and not a label ("Note:", "Update -")."""
    text = text.strip()
    for form, pattern in (("bracket", _EDGE_BRACKET), ("colon", _EDGE_COLON), ("dash", _EDGE_DASH), ("paren", _EDGE_PAREN)):
        if form == "colon" and not colon:
            continue
        match = pattern.match(text)
        if not match:
            continue
        who = re.sub(r"\s+(?:and/or|or)\s+", " and ", match.group("who").strip())
        names = [w for w in re.split(r"\s*(?:,|/|&|\band/or\b|\bor\b|\band\b)\s*", who) if w]
        if not names or any(_NOT_OWNER_WORDS.match(n.split()[0]) for n in names):
            continue
        task = match.group("task").strip()
        if form == "colon" and any(a.start == 0 for a in find_assignments(task)):
            continue  # "Village Hall: Clerk to write ...": a title, and the task has its own doer
        if form == "dash" and len(task.split()) < 2:
            continue
        done = bool(form == "dash" and match.group("status") and re.match(r"(?i)done|complete|finished", match.group("status")))
        return EdgeOwner(who, task, form, done)
    return None


def _listed(line: ItemLine) -> bool:
    return bool(line.list_depth or markers.LIST_ENTRY.match(line.text))


def _split_by_infinitives(words: str) -> list[str]:
    """"CL to sort out database, JQ to figure out filmnight, CW to update calendar" as three."""
    cuts = [a.start for a in find_assignments(words) if a.start > 0 and a.form is AssignmentForm.INFINITIVE
            and re.search(r"[,;]\s*(?:and\s+)?$", words[: a.start])]
    if not cuts or not any(a.start == 0 for a in find_assignments(words)):
        return [words]
    parts, position = [], 0
    for cut in cuts:
        parts.append(words[position:cut].strip().rstrip(",;").strip())
        position = cut
    parts.append(words[position:].strip())
    return [p for p in parts if p]


def split_emphasised_markers(lines: list[ItemLine]) -> list[ItemLine]:
    """A bold run that starts with "Action" inside a paragraph ("... purchasing process
    **Action Greg to update procurement list**") is a line of its own, as are the words
    around it."""
    result: list[ItemLine] = []
    for line in lines:
        cuts = [(a, b) for a, b in line.emphasis if a > 0 and re.match(r"\s*[*_]*(?i:actions?)\b", line.text[a:b])]
        if not cuts:
            result.append(line)
            continue
        position = 0
        for a, b in cuts:
            before = line.text[position:a].strip()
            if before:
                result.append(replace(line, text=before, emphasis=()))
            result.append(replace(line, text=line.text[a:b].strip(), emphasis=((0, b - a),), list_depth=0, list_marker=""))
            position = b
        after = line.text[position:].strip()
        if after:
            result.append(replace(line, text=after, emphasis=()))
    return result
