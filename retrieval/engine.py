"""The answer pipeline: read the question once, retrieve, then answer by intent.

question → filters (board, dates), people, intent, topic terms, one query vector →
hybrid passages → an answerer for the intent (action records, attendance, meeting
details, or the minutes' own sentences) → an Answer that cites its passages, or says
plainly that the minutes do not answer and lists the closest passages as possibly related.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.bm25 import tokenize
from index.passages import split_sentences
from index.passage_table import passage_column
from index.search_index import SearchIndex, action_text, load_index
from index.store import Store
from retrieval.action_answers import MIN_COVERAGE as MIN_ACTION_COVERAGE
from retrieval.action_answers import (
    actions_by_ref, best_owner_matches, cite_items_first, match_actions, person_actions,
)
from retrieval.answer_kinds import FULL_DATE, WANTED_WORDS, People, gives_work, has_kind
from retrieval.answer_types import Answer, QueryContext
from retrieval.due_filter import due_window
from retrieval.follow_up import with_context
from retrieval.hybrid import HybridSearcher, RankedPassage
from retrieval.intents import Intent, classify
from retrieval.meeting_answers import (
    attendance_answer, chosen_meeting, meeting_details, meeting_passages_first, next_meeting_answer,
)
from retrieval.meeting_catalog import MeetingCatalog, MeetingRef
from retrieval.query_filters import board_vocabulary, date_from_name, parse_filters
from retrieval.people_in_question import PersonRegistry, people_asked
from retrieval.query_expansion import acronyms_in, named_phrases
from retrieval.query_focus import known_initials, meetings_of_people
from retrieval.question_shape import Wanted, read_shape
from retrieval.sentence_answers import (
    PASSAGES_READ, SentenceMatch, answer_sentence, best_sentences, sentence_units, unwrap,
)
from retrieval.topic_terms import TermWeights, topic_terms
from retrieval.wording import action_line, citation, item_label, long_date, owner_label, quote

SEARCH_DEPTH = 20
MIN_PASSAGE_COVERAGE = 0.5  # fitted on all dev questions together (0.6 answered 3 fewer, no fewer false "found")
RESTRICT_COVERAGE = 0.6  # the named meetings must hold this much of the topic for a filter to restrict
MIN_SENTENCE_SCORE = 0.45
MIN_SENTENCE_COVERAGE = 0.2  # an answering sentence shares some of the topic, not only the kind asked for
FOCUS_RATIO = 0.75  # its topic coverage against the closest sentence's; calibrated on all dev questions together
_APOLOGIES_TITLE = re.compile(r"apolog|attendance|present", re.I)
_DOING = re.compile(r"\b(?:volunteer(?:ed|s)?|chasing|sorting(?:\s+out)?|taking|getting|doing|handling|working\s+on|"
                    r"looking\s+(?:at|into)|on\s+the\s+hook\s+for|in\s+charge\s+of|supposed\s+to|responsible\s+for)\b", re.I)
_ABSENT_ASKED = re.compile(r"\b(apolog\w*|regrets?|absent|absence|missed|could\s*n[o']t\s+attend)\b", re.I)
# A labelled list of people, at a line's start or after the list before it ("… (DCLG) Apologies: Dominic Campbell
# (FutureGov), …"), up to the next label ("Secretariat:") or the line's end.
_LABEL_START = r"(?:^|(?<=[).;,])\s|(?<=\s\s))"
_NEXT_LABEL = r"(?=\s+(?:[A-Z][a-z]+\s){0,2}[A-Z][a-z]+\s?:|$)"
_ABSENT_LINE = re.compile(_LABEL_START + r"((?:regrets|apologies(?:\s+for\s+absence)?|absent)\s*(?:[:–-]|were\s+received\s+from)\s*"
                          r"(.+?))" + _NEXT_LABEL, re.I)
_PRESENT_LINE = re.compile(_LABEL_START + r"((?:present|attendees|attending|in\s+attendance|members\s+present)\s*[:–-]\s*(.+?))"
                           + _NEXT_LABEL, re.I)
# "the next meeting", "when are they due to meet again": the meeting after the one named.
_NEXT_MEETING = re.compile(r"\b(?:next|following|future|forthcoming|upcoming|subsequent)\s+(?:[\w'’&:-]+\s+){0,5}?"
                           r"(?:meeting|meet|session|call|plenum|agm|board|committee|panel)s?\b|\bmeet(?:s|ing)?\s+(?:again|next)\b|\breconvene"
                           r"|\bnext\s+(?:date|time|day)\b", re.I)
_NEXT_MEETING_TITLE = re.compile(r"\bnext\s+(?:\w+\s+)?meeting|\bmeet\s+again\b", re.I)
_NEXT_MEETING_LINE = re.compile(r"\bnext\s+(?:[\w'’&-]+\s+){0,3}?(?:meeting|meet|session|call|plenum)s?\b|\bmeet\s+again\b"
                                r"|\bfuture\s+meetings?\b|\bfuture\s+meeting\s+dates?\b", re.I)
_YEAR = re.compile(r"(?<![\d/-])((?:19|20)\d\d)(?![\d/])")
_HELD_AT = re.compile(r"\b(?:held|took\s+place|venue|location|hosted\s+(?:by|at))\b", re.I)
_MEETING_WORD = re.compile(r"\b(?:meeting|minutes|met)\b", re.I)
PLACE_PASSAGES = 3  # minutes say where they met in their opening
_NEXT_MEETING_LABEL = re.compile(r"^\W*(?:\d+[.)]?\s*)?(?:date|dates|time)s?\s+(?:and\s+\w+\s+)?(?:of|for)\s+(?:the\s+)?(?:next|future)\b"
                                 r"|^\W*(?:\d+[.)]?\s*)?next\s+(?:\w+\s+){0,2}?meeting\s*[:–-]", re.I)
_WILL_MEET = re.compile(r"\b(?:will|shall|is|was|are|were)\s+(?:\w+\s+)?(?:be|scheduled|planned|set|held|on)\b|\bto\s+be\s+held\b", re.I)


_LISTING_WORDS = frozenset("open closed due overdue outstanding pending done complete completed still left "
                           "action actions task tasks".split())


# Title Case words that follow a first name without being a surname ("David Will", "Dan Said").
_NOT_SURNAMES = frozenset("will would said says to and or the of for has had is was agreed asked noted reported "
                          "board committee meeting minutes group team".split())


@dataclass
class Thresholds:
    """What "found" is decided on; `minutes eval --split` fits them on one half of the questions."""

    min_passage_coverage: float = MIN_PASSAGE_COVERAGE
    focus_ratio: float = FOCUS_RATIO
    min_sentence_score: float = MIN_SENTENCE_SCORE


class AnswerEngine:
    """Answers questions from one index version and the store."""

    def __init__(self, index: SearchIndex, store: Store, embedder=None) -> None:
        self.thresholds = Thresholds()
        self.reuse_contexts: dict | None = None  # set to {} while fitting thresholds: each question is read once
        self.index = index
        self.store = store
        self.searcher = HybridSearcher(index, embedder)
        self.weights = TermWeights(index.bm25)
        self.meetings: dict[str, MeetingRef] = {}
        columns = [passage_column(index.passages, name) for name in ("source", "board", "organisation", "meeting_date")]
        for source, board, organisation, date in zip(*columns):
            if source not in self.meetings:  # the first passage of each meeting says it all
                self.meetings[source] = MeetingRef(source, board, organisation, date or date_from_name(source))
        self.catalog = MeetingCatalog(self.meetings.values())
        self._vocabulary = board_vocabulary(self.catalog.meetings)
        self._names = store.people_names()
        initials: dict[str, set[str]] = {}
        for action in index.actions:
            for owner in action.owners:
                if owner.initials and owner.kind == "person" and owner.initials != owner.name:
                    initials.setdefault(owner.initials, set()).add(owner.name)
        self._initials = {i: next(iter(n)) for i, n in initials.items() if len(n) == 1}
        self._action_tokens = [set(tokenize(action_text(a))) for a in index.actions]
        by_source = known_initials(store)
        for action in index.actions:
            for owner in action.owners:
                if owner.initials and owner.initials != owner.name:
                    by_source.setdefault(action.source, set()).add(owner.initials)
        self._people = People.of(self._names, by_source)
        sources_of = meetings_of_people(store)
        for action in index.actions:
            for owner in action.owners:
                sources_of.setdefault(owner.name, set()).add(action.source)
        self._registry = PersonRegistry(self._names, sources_of)
        self._actions_by_item: dict[tuple[str, str | None], list] = {}
        for action in index.actions:
            self._actions_by_item.setdefault((action.source, action.item), []).append(action)

    @classmethod
    def open(cls, store: Store | None = None, root: Path | None = None) -> "AnswerEngine | None":
        """The engine over the live index version (under `root`), or None before anything is indexed."""
        index = load_index(root)
        return cls(index, store or Store.open()) if index is not None else None

    @property
    def version(self) -> int:
        return self.index.version

    # --- reading the question ------------------------------------------------------------

    def people_in(self, question: str, scope: set[str] | None = None) -> list[str]:
        """Registry names the question mentions: full names, surnames and first names written as
        names, or known initials; within the meetings of `scope` when the question names some."""
        found = people_asked(question, self._registry, scope, self._passages_with)
        for token in re.findall(r"\b[A-Z]{2,3}\b", question):
            name = self._initials.get(token)
            if name and name not in found and self._registry.in_scope(name, scope):
                found.append(name)
        return found

    def _passages_with(self, word: str) -> list[tuple[str, str]]:
        """(source, text) of up to 60 passages that hold `word` (by its index term), spread over the index."""
        positions = np.flatnonzero(self.index.bm25.scores(word))
        step = max(1, len(positions) // 60)
        return [(self.index.passages[int(i)].source, self.index.passages[int(i)].text) for i in positions[::step][:60]]

    @staticmethod
    def _named_phrases(question: str, filter_words: tuple[str, ...]) -> list[str]:
        """Names in the question other than the board's own ("Safer Essex" is a filter, not a topic)."""
        said = {w.lower() for phrase in filter_words for w in phrase.split()}
        return [p for p in named_phrases(question) if not {w.lower() for w in p.split()} <= said | {"for", "of", "the", "and"}]

    def understand(self, question: str, k: int = 10, mode: str = "hybrid") -> QueryContext:
        """Filters, people, intent, topic and the retrieved passages for `question`.

        A board or date the question names restricts the search only when the restricted
        passages cover the question's topic; otherwise the whole corpus is searched with
        those meetings boosted, so that misread metadata never hides the right minutes.
        """
        vector = self.searcher.embed_soon(question)  # embedded while the question is read and BM25 scores
        catalog = self.catalog
        filters = parse_filters(question, catalog.meetings, self._vocabulary)
        sources = filters.sources(catalog)
        if sources is not None and not sources:
            # No meeting of that board on that date. A month or day names the meeting more surely than a
            # board word read from unseen minutes ("the TAG call on 20 March 2018", its board unread);
            # "the next meeting after October 2008" when none is stored keeps the board, drops the dates.
            on_that_date = filters.sources(catalog, use_boards=False) if filters.boards and filters.names_a_month_or_day else None
            sources = on_that_date or filters.sources(catalog, use_dates=False) or None
        people = self.people_in(question, sources)
        intent = classify(question, bool(people))
        if actions_by_ref(question, self.index, sources):
            intent = Intent.ACTION_LOOKUP
        name_words = tuple(w for name in people for w in name.split()) + tuple(
            i for i, n in self._initials.items() if n in people)
        shape = read_shape(question)
        # "who volunteered to …", "who's chasing …": how the work is said, not what it is about.
        doing = tuple(_DOING.findall(question)) if shape.doer else ()
        # A day and month name the meeting ("at the 11 March committee meeting"), they are not its topic.
        dates = tuple(m.group(0) for m in FULL_DATE.finditer(question))
        terms = topic_terms(question, drop=filters.phrases + name_words + doing + dates)
        acronyms = acronyms_in(question, self.weights.known)
        # "the CSS (Computer Science Society)": an acronym spelled out beside it is one topic, not four.
        said = set(tokenize(question))
        spelled = {t for a, meaning in acronyms.items() if a in said for t in meaning}
        terms = [t for t in terms if t not in spelled] or terms
        aliases = {a: meaning for a, meaning in acronyms.items() if a not in terms}
        focus = None
        if people and mode == "hybrid":
            focus = {(a.source, a.item) for name in people for a in self.store.actions(person=name, status="all")}
        lexical_query = " ".join([question, *aliases])
        phrases = self._named_phrases(question, filters.phrases) if mode == "hybrid" else None
        depth = max(k, SEARCH_DEPTH)
        passages = self.searcher.search(lexical_query, depth, mode, focus=focus, sources=sources, vector=vector, phrases=phrases)
        restricted = sources is not None
        if restricted:
            held = self._topic_held(terms, aliases, passages, intent)
            if held < RESTRICT_COVERAGE:
                # The named meetings do not hold the topic: the metadata may be wrong. Search everything, and keep
                # the named meetings first only where they hold the topic as well as the rest.
                wider = self.searcher.search(lexical_query, depth, mode, focus=focus, vector=vector, phrases=phrases)
                if self._topic_held(terms, aliases, wider, intent) > held:
                    passages, sources, restricted = wider, None, False
        return QueryContext(question, intent, vector.result(), terms, filters, sources, people, passages, mode, aliases,
                            shape, restricted)

    def _topic_held(self, terms: list[str], aliases: dict, passages, intent: Intent) -> float:
        """How much of the question's topic the best of `passages` covers (1 when there is no topic to cover)."""
        if not passages:
            return 0.0
        if not terms or intent in (Intent.ATTENDANCE, Intent.MEETING):
            return 1.0
        return max(self.weights.coverage(terms, r.passage.index_text, aliases) for r in passages[:PASSAGES_READ])

    # --- answering -----------------------------------------------------------------------

    def ask(self, question: str, k: int = 10, mode: str = "hybrid", previous: str | None = None) -> Answer:
        """An extractive, cited answer to `question` (or a plain "not found").

        `previous` is the earlier question of a conversation: a follow-up ("and what's due
        next month?") is answered with its words joined in.
        """
        asked = with_context(question, previous)
        key = (asked, k, mode)
        if self.reuse_contexts is not None and key in self.reuse_contexts:
            context = self.reuse_contexts[key]
        else:
            context = self.understand(asked, k, mode)
            if self.reuse_contexts is not None:
                self.reuse_contexts[key] = context
        answer = None
        if self._unknown_name(context):
            answer = self._not_found(context)
        elif context.intent is Intent.ACTION_LOOKUP:
            answer = self._action_lookup(context)
        elif context.intent is Intent.PERSON_ACTIONS and context.people:
            answer = self._person_actions(context)
        elif context.intent is Intent.ACTION_OWNER:
            answer = self._action_owner(context)
        elif context.intent is Intent.ATTENDANCE:
            answer = self._attendance(context)
        elif context.intent is Intent.MEETING:
            answer = self._meeting(context)
        answer = answer or self._from_sentences(context)
        answer.passages = answer.passages[:k]
        answer.supporting = min(answer.supporting, len(answer.passages))
        answer.question = question
        answer.asked = context.question
        return answer

    def _unknown_name(self, context: QueryContext) -> bool:
        """A name the question uses (a capitalised word, not its first) that no minutes contain: "Folkestone"."""
        said = {w.lower() for phrase in context.filters.phrases for w in phrase.split()}
        for word in re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]{3,}\b", context.question.strip()):
            if word.lower() in said:
                continue
            terms = tokenize(word)
            if terms and not self.weights.known(terms[0]):
                return True
        return False

    def _answer(self, context: QueryContext, text: str, passages=None, actions=None, found: bool = True,
                supporting: int = 1) -> Answer:
        return Answer(context.question, context.intent, found, text, list(passages if passages is not None else context.passages),
                      list(actions or []), context.people, context.filters, supporting=supporting)

    def _holds(self, context: QueryContext):
        """A test for whether a text holds the kind of thing asked for (for "who's doing X", a
        sentence giving someone that work; for "which superintendent", a name, not a role)."""
        shape = context.shape
        wanted = shape.wanted if shape is not None else Wanted.ANY
        roles = not (shape is not None and shape.names_role)
        if shape is not None and shape.doer:
            if not roles:  # "which sergeant is to …": a name doing the work, not the role
                return lambda text, source=None: (gives_work(text, self._people, context.question)
                                                  and has_kind(wanted, text, self._people, context.question, roles, source))
            return lambda text, source=None: gives_work(text, self._people, context.question)
        return lambda text, source=None: has_kind(wanted, text, self._people, context.question, roles, source)

    def _names_someone(self, label: str) -> bool:
        """Whether a short heading is a person's name ("Charles", "Andrew C", "Anna Hook"): it opens with a
        first name the registry knows, in at most three words."""
        words = label.split()
        return 1 <= len(words) <= 3 and words[0][:1].isupper() and words[0].lower() in self._people.first_names

    @staticmethod
    def _items_cited(actions) -> int:
        return len({(a.source, a.item) for a in actions}) or 1

    def _action_lookup(self, context: QueryContext) -> Answer | None:
        actions = actions_by_ref(context.question, self.index, context.sources)
        if not actions:
            return None
        lines = [f"Action {action_line(a)} — {a.board}, {long_date(a.meeting_date)}" for a in actions]
        return self._answer(context, "\n".join(lines), cite_items_first(context.passages, actions, self.index), actions,
                            supporting=self._items_cited(actions))

    def _person_actions(self, context: QueryContext) -> Answer:
        actions, status = person_actions(context, self.store, self.weights)
        # Words that say which of the person's actions to list ("open", "due in November") are no topic.
        topic = [term for term in context.terms if term not in _LISTING_WORDS]
        if topic and actions and not any(
                self.weights.coverage(topic, action_text(a), context.aliases) >= MIN_ACTION_COVERAGE for a in actions):
            # "what is Roger Hirst on the hook for about the fire service merger": none of their actions is on it,
            # so listing them all would answer another question; the minutes' sentences may still say.
            return self._from_sentences(context)
        who = " and ".join(self._person_label(name) for name in context.people)
        kind = "" if status == "all" else f"{status} "
        window = due_window(context.question)
        when = f" {window.label}" if window is not None else ""
        if not actions:
            return self._answer(context, f"{who} has no {kind}actions{when} in the minutes.", actions=[], supporting=0)
        lines = [f"{who} has {len(actions)} {kind}action{'s' if len(actions) != 1 else ''}{when}:"]
        lines += [f"• {action_line(a)} — {a.board}, {long_date(a.meeting_date)}, {item_label(a.item, a.item_title)}" for a in actions]
        return self._answer(context, "\n".join(lines), cite_items_first(context.passages, actions, self.index), actions,
                            supporting=self._items_cited(actions))

    def _person_label(self, name: str) -> str:
        for action in self.index.actions:
            for owner in action.owners:
                if owner.name == name:
                    return owner_label(owner)
        return name

    def _action_owner(self, context: QueryContext) -> Answer | None:
        """The action records on the question's topic, owner in full and ref; for a who-question only
        records that name an owner answer. Failing that, a sentence of the minutes naming the doer,
        linked to the action of its item that person owns."""
        matches = match_actions(context, self.index, self.weights, self._action_tokens)
        wants_owner = context.shape is not None and context.shape.wanted is Wanted.PERSON
        if wants_owner:
            matches = [m for m in matches if m.action.owners]
        best = best_owner_matches(matches)
        years = set(_YEAR.findall(context.question))
        if years:
            # "the PyCon UK 2009 sprints": an action of another year's meeting, on another year's event, is not it.
            best = [m for m in best if _meeting_years(m.action.source, m.action.meeting_date) & years
                    or any(y in f"{m.action.description} {m.action.item_title or ''}" for y in years)]
        if not best:
            return self._sentence_doer(context)
        actions = [m.action for m in best]
        lines = [f"{action_line(a)} — {a.board}, {long_date(a.meeting_date)}, {item_label(a.item, a.item_title)}" for a in actions]
        return self._answer(context, "\n".join(lines), cite_items_first(context.passages, actions, self.index), actions,
                            supporting=self._items_cited(actions))

    def _sentence_doer(self, context: QueryContext) -> Answer | None:
        """"RL would bring back the [PEQF] information" answers "who must bring the PEQF update back":
        the sentence names the doer, and the action of that item they own is the record to show."""
        answer = self._from_sentences(context)
        if not answer.found or not answer.passages:
            return answer
        cited = answer.passages[0].passage
        quoted = answer.text
        linked = [a for a in self._actions_by_item.get((cited.source, cited.item), [])
                  if any(_names_owner(quoted, o) for o in a.owners)]
        if not linked:
            return answer
        lines = [f"{action_line(a)} — {a.board}, {long_date(a.meeting_date)}, {item_label(a.item, a.item_title)}" for a in linked]
        answer.text = "\n".join(lines) + "\n" + quoted
        answer.actions = linked
        return answer

    def _attendance(self, context: QueryContext) -> Answer | None:
        meeting = chosen_meeting(context, self.meetings)
        if meeting is None:
            return None
        if not self._about_meeting(context, meeting):
            return self._not_found(context)  # "the Norfolk panel in 2016": these minutes are of another meeting
        text = attendance_answer(context, meeting, self.store)
        if text is None:
            return self._attendance_line(context, meeting)
        return self._answer(context, text, meeting_passages_first(context, meeting.source, _APOLOGIES_TITLE))

    def _attendance_line(self, context: QueryContext, meeting: MeetingRef) -> Answer | None:
        """"Regrets: Andrew, Hadley" — the meeting's own labelled line, when no attendance list was read into the store."""
        absent = bool(_ABSENT_ASKED.search(context.question))
        label = _ABSENT_LINE if absent else _PRESENT_LINE
        for position in self.searcher.positions({meeting.source}):
            passage = self.index.passages[int(position)]
            for line in passage.text.splitlines():
                match = label.search(line.strip(" *#-•|"))
                if match and match.group(2).strip():
                    text = f"{meeting.board}, {long_date(meeting.date)} — “{quote(match.group(1))}” ({meeting.source})"
                    cited = [r for r in context.passages if r.passage is passage] or [RankedPassage(passage, 0.0)]
                    return self._answer(context, text, cited + [r for r in context.passages if r.passage is not passage])
        return None

    def _meeting(self, context: QueryContext) -> Answer | None:
        meeting = chosen_meeting(context, self.meetings)
        if meeting is None:
            return None
        if not self._about_meeting(context, meeting):
            return self._not_found(context)  # "the Kent board", "the 2021 AGM": no stored meeting is the one asked about
        return self._meeting_answer(context, meeting)

    def _about_meeting(self, context: QueryContext, meeting: MeetingRef) -> bool:
        """Whether `meeting` can be the one the question asks about: a year it names is the meeting's
        own or one its minutes mention, and a place or name it gives on its own is in its minutes."""
        years = set(_YEAR.findall(context.question))
        if years and not _meeting_years(meeting.source, meeting.date) & years:
            texts = [self.index.passages[int(p)].text for p in self.searcher.positions({meeting.source})]
            if not any(year in text for year in years for text in texts):
                return False
        return not self._name_not_in_meeting(context, meeting.source)

    def _meeting_answer(self, context: QueryContext, meeting: MeetingRef) -> Answer | None:
        years = set(_YEAR.findall(context.question))
        if years and not _meeting_years(meeting.source, meeting.date) & years and not _NEXT_MEETING.search(context.question):
            return None  # "the 2024 AGM" asked of the 2023 minutes: only their own sentences about it can answer
        if _NEXT_MEETING.search(context.question):
            stated = next_meeting_answer(meeting, self.meetings, self.store)
            if stated is not None:
                return self._answer(context, stated.text, meeting_passages_first(context, stated.source, _NEXT_MEETING_TITLE))
            return self._next_meeting_line(context, meeting)  # the minutes' own "date of next meeting" line
        if context.shape is not None and context.shape.wanted is Wanted.PLACE:
            document = self.store.document(meeting.source)
            if document is None or not document.location:
                # No place was read: the minutes' own opening may say where; the date alone does not answer.
                return self._meeting_place_line(context, meeting)
        return self._answer(context, meeting_details(meeting, self.store), meeting_passages_first(context, meeting.source))

    def _meeting_place_line(self, context: QueryContext, meeting: MeetingRef) -> Answer | None:
        """"The meeting was held … at The Castle, Castle St, Cambridge", "Minutes for HTTPbis - IETF 86 Orlando":
        a sentence of the opening of a meeting's minutes that holds a place and says it is where the meeting was
        (held, venue, took place: 2; the minutes' title or "meeting": 1; each word of the question it shares: 1)."""
        best = None
        for order, position in enumerate(self.searcher.positions({meeting.source})[:PLACE_PASSAGES]):
            passage = self.index.passages[int(position)]
            for sentence, _ in sentence_units(passage.text):
                if not has_kind(Wanted.PLACE, sentence):
                    continue
                weight = 2 if _HELD_AT.search(sentence) else 1 if _MEETING_WORD.search(sentence) else 0
                weight += len(set(context.terms) & set(tokenize(sentence)))
                if weight >= 2 and (best is None or weight > best[0]):
                    best = (weight, sentence, passage)
        if best is None:
            return None
        _, sentence, passage = best
        cited = [r for r in context.passages if r.passage is passage] or [RankedPassage(passage, 0.0)]
        text = f"“{quote(sentence)}” — {citation(passage)}"
        return self._answer(context, text, cited + [r for r in context.passages if r.passage is not passage])

    def _next_meeting_line(self, context: QueryContext, meeting: MeetingRef) -> Answer | None:
        """"Date of next meeting: 22nd January 2009": the line of a meeting's own minutes that dates the
        next one (it names the next meeting and holds a day and month). A labelled line beats one that
        says "will be", which beats a passing mention; the last of equals, as minutes close with it."""
        best = None
        for order, position in enumerate(self.searcher.positions({meeting.source})):
            passage = self.index.passages[int(position)]
            for line in unwrap(passage.text).splitlines():
                for sentence in split_sentences(line) or [line]:
                    if not (_NEXT_MEETING_LINE.search(sentence) and FULL_DATE.search(sentence)):
                        continue
                    weight = 2 if _NEXT_MEETING_LABEL.match(sentence) else 1 if _WILL_MEET.search(sentence) else 0
                    if best is None or (weight, order) >= best[0]:
                        best = ((weight, order), sentence, passage)
        if best is None:
            return None
        _, sentence, passage = best
        cited = [r for r in context.passages if r.passage is passage] or [RankedPassage(passage, 0.0)]
        text = f"“{quote(sentence.strip(' *#-•|'))}” — {citation(passage)}"
        return self._answer(context, text, cited + [r for r in context.passages if r.passage is not passage])

    def _from_sentences(self, context: QueryContext) -> Answer:
        """The minutes' own sentence that holds what was asked, or "the minutes don't say", quoting the closest."""
        top = context.passages[:PASSAGES_READ]
        if not top:
            return self._not_found(context)
        coverage = max((self.weights.coverage(context.terms, r.passage.index_text, context.aliases) for r in top), default=0.0)
        if not context.terms:
            coverage = 1.0
        wanted = context.shape.wanted if context.shape is not None else Wanted.ANY
        matches = best_sentences(context, self.weights, wanted, self._holds(context), names_someone=self._names_someone,
                                 decision=context.intent is Intent.DECISION or bool(context.shape and context.shape.outcome))
        if not matches:
            return self._not_found(context)
        # The answer must be about the topic: as close to it as the closest sentence of all, and hold the kind asked.
        focus = max(m.own_coverage for m in matches)
        limits = self.thresholds
        least = max(MIN_SENTENCE_COVERAGE, limits.focus_ratio * focus) if context.terms else 0.0
        answering = [m for m in matches if m.has_kind and m.score >= limits.min_sentence_score and m.coverage >= least
                     # a figure in the sentence after the topic's is about the topic only if it says so itself
                     and (m.lead_in is None or wanted is Wanted.ANY or m.own_coverage > 0)]
        top = answering[0] if answering else matches[0]
        evidence = {"passage_coverage": round(coverage, 3), "sentence_coverage": round(top.coverage, 3),
                    "focus": round(focus, 3), "score": round(top.score, 3), "kind": float(top.has_kind)}
        if coverage < limits.min_passage_coverage or not answering:
            answer = self._not_found(context, matches[0])
            answer.evidence = evidence
            return answer
        years = set(_YEAR.findall(context.question))
        if years:
            # A year the question names that the answering meeting is not of: the sentence itself must say it.
            answering = [m for m in answering if _meeting_years(m.passage.passage.source, m.passage.passage.meeting_date) & years
                         or any(y in f"{m.lead_in or ''} {m.heading or ''} {m.sentence}" for y in years)]
            if not answering:
                answer = self._not_found(context, matches[0])
                answer.evidence = evidence
                return answer
        best = answering[0]
        if not self._about_meeting(context, self.meetings.get(best.passage.passage.source)
                                   or MeetingRef(best.passage.passage.source, "", None, best.passage.passage.meeting_date)):
            answer = self._not_found(context, best)  # "the Chelmsford hub": these minutes are about somewhere else
            answer.evidence = evidence
            return answer
        ordered = [best] + [m for m in matches if m is not best]
        quoted = answer_sentence(ordered, context.terms)
        who = self._initials_named(quoted, best.passage.passage.source, context.question) if wanted is Wanted.PERSON else ""
        text = f"“{quoted}”{who} — {citation(best.passage.passage)}"
        passages = [best.passage] + [r for r in context.passages if r is not best.passage]
        answer = self._answer(context, text, passages)
        answer.evidence = evidence
        return answer

    def _name_not_in_meeting(self, context: QueryContext, source: str) -> bool:
        """A place or name the question gives on its own ("Chelmsford", "Tendring") that the answering
        meeting's minutes never mention. Runs of Title Case words are left out: an acronym may stand for them."""
        said = {w.lower() for phrase in context.filters.phrases for w in phrase.split()}
        words = re.findall(r"[A-Za-z][A-Za-z'’&-]*", context.question)
        wanted = []
        for i, word in enumerate(words):
            title = word[0].isupper() and word[1:].islower()
            neighbours = [w for w in (words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else "") if w]
            if i == 0 or not title or len(word) < 4 or word.lower() in said:
                continue
            if any(w[0].isupper() for w in neighbours if i == 0 or w is not words[0]):
                continue
            wanted.append(re.sub(r"['’]s$", "", word).lower())
        if not wanted:
            return False
        texts = [self.index.passages[int(p)].index_text.lower() for p in self.searcher.positions({source})]
        return any(not any(word in text for text in texts) for word in wanted)

    def _initials_named(self, quoted: str, source: str, question: str = "") -> str:
        """" (MS: Mike Stephens)": initials in a quoted answer, named from that meeting's attendance or the action owners."""
        asked = set(re.findall(r"\b[A-Z]{2,4}\b", question))  # "LG Inform" in the question is a name, not initials
        tokens = [t for t in dict.fromkeys(re.findall(r"\b[A-Z]{2,4}\b", quoted)) if t not in asked]
        firsts = self._first_names_named(quoted, source, question)
        if not tokens:
            return f" ({'; '.join(firsts)})" if firsts else ""
        present = {a.initials: a.name for a in self.store.attendance(source) if a.initials and a.initials != a.name}
        written = None
        named = []
        for token in tokens:
            name = present.get(token)
            known = self._initials.get(token)
            if name is None and known and self._registry.sources_of.get(known, set()) & {source}:
                name = known  # initials known from other minutes name someone here only if they were at this meeting
            if name is None:
                if written is None:
                    written = self._names_written_in(source)
                name = written.get(token)
            if name:
                named.append(f"{token}: {name}")
        named += firsts
        return f" ({'; '.join(named)})" if named else ""

    def _first_names_named(self, quoted: str, source: str, question: str) -> list[str]:
        """["David: David Ascher"]: a first name alone in a quoted answer ("David will draft …", "(Dan)"),
        named in full where that meeting's own text writes exactly one person of that first name in full."""
        asked = {w.lower() for w in re.findall(r"[A-Za-z]+", question)}
        alone = [w for w in dict.fromkeys(re.findall(r"(?<![\w'’-])([A-Z][a-z]{2,})\b(?!\s+[A-Z][a-z])", quoted))
                 if w.lower() in self._people.first_names and w.lower() not in asked]
        if not alone:
            return []
        written: dict[str, set[str]] = {}
        for position in self.searcher.positions({source}):
            text = self.index.passages[int(position)].text
            for match in re.finditer(r"\b([A-Z][a-z]+)[ \t]+((?:[A-Z]\.?[ \t]+)?[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?)\b", text):
                if match.group(1).lower() in self._people.first_names and match.group(2).lower() not in _NOT_SURNAMES:
                    written.setdefault(match.group(1), set()).add(f"{match.group(1)} {match.group(2)}")
        return [f"{w}: {next(iter(written[w]))}" for w in alone if len(written.get(w, ())) == 1]

    def _names_written_in(self, source: str) -> dict[str, str]:
        """{initials: name} for names written out in a meeting's own text whose initials no other name there shares."""
        found: dict[str, set[str]] = {}
        for position in self.searcher.positions({source}):
            text = self.index.passages[int(position)].text
            for match in re.finditer(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \t]+((?:[A-Z]\.?[ \t]+)?[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?)\b", text):
                first, last = match.group(1), match.group(2).split()[-1]
                found.setdefault((first[0] + last[0]).upper(), set()).add(f"{first} {match.group(2)}")
        return {initials: next(iter(names)) for initials, names in found.items() if len(names) == 1}

    def _not_found(self, context: QueryContext, closest: SentenceMatch | None = None) -> Answer:
        """"The minutes don't give the amount." on a line of its own, first; then the closest passage,
        marked as only possibly related ("Possibly related — closest: “…” — citation"); found=False."""
        wanted = context.shape.wanted if context.shape is not None else Wanted.ANY
        verb = "give" if wanted in (Wanted.AMOUNT, Wanted.COUNT, Wanted.PROPORTION) else "say"
        head = f"The minutes don't {verb} {WANTED_WORDS[wanted]}." if wanted is not Wanted.ANY else "The minutes don't answer that."
        passages = context.passages
        if closest is not None:
            text = f"{head}\nPossibly related — closest: “{quote(closest.sentence)}” — {citation(closest.passage.passage)}"
            passages = [closest.passage] + [r for r in context.passages if r is not closest.passage]
        elif context.passages:
            text = f"{head}\nPossibly related — closest: {citation(context.passages[0].passage)}"
        else:
            text = f"{head} Nothing in them is close."
        return self._answer(context, text, passages, found=False, supporting=0)


def _meeting_years(source: str, date: str | None) -> set[str]:
    """The years a meeting may be of: its date's, and any its file's name gives (a misread date is not the last word)."""
    return {y for y in [(date or "")[:4], *_YEAR.findall(source)] if y}


def _names_owner(text: str, owner) -> bool:
    """Whether `text` names an action's owner: full name, surname, or their initials as a word."""
    if owner.initials and re.search(rf"\b{re.escape(owner.initials)}\b", text):
        return True
    parts = owner.name.split()
    return bool(parts) and re.search(rf"\b{re.escape(parts[-1])}\b", text, re.I) is not None and len(parts[-1]) > 2
