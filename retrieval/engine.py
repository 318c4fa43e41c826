"""The answer pipeline: read the question once, retrieve, then answer by intent.

question → filters (board, dates), people, intent, topic terms, one query vector →
hybrid passages → an answerer for the intent (action records, attendance, meeting
details, or the minutes' own sentences) → an Answer that cites its passages, or says
plainly that the minutes do not answer and lists the closest passages as possibly related.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.bm25 import tokenize
from index.passage_table import passage_column
from index.search_index import SearchIndex, action_text, load_index
from index.store import Store
from retrieval.action_answers import (
    actions_by_ref, best_owner_matches, cite_items_first, match_actions, person_actions,
)
from retrieval.answer_types import Answer, QueryContext
from retrieval.due_filter import due_window
from retrieval.follow_up import with_context
from retrieval.hybrid import HybridSearcher
from retrieval.intents import Intent, classify
from retrieval.meeting_answers import (
    attendance_answer, chosen_meeting, later_meeting, meeting_details, meeting_passages_first,
)
from retrieval.query_filters import MeetingRef, parse_filters
from retrieval.query_expansion import acronyms_in, named_phrases
from retrieval.query_focus import people_in_query
from retrieval.sentence_answers import PASSAGES_READ, answer_sentence, best_sentences
from retrieval.topic_terms import TermWeights, topic_terms
from retrieval.wording import action_line, citation, item_label, long_date, owner_label

SEARCH_DEPTH = 20
MIN_PASSAGE_COVERAGE = 0.6  # two-term topics need both terms unless one is far more common
MIN_SENTENCE_SCORE = 0.45
_APOLOGIES_TITLE = re.compile(r"apolog|attendance|present", re.I)
_NEXT_MEETING = re.compile(r"\b(next|future|forthcoming|upcoming)\b", re.I)


class AnswerEngine:
    """Answers questions from one index version and the store."""

    def __init__(self, index: SearchIndex, store: Store, embedder=None) -> None:
        self.index = index
        self.store = store
        self.searcher = HybridSearcher(index, embedder)
        self.weights = TermWeights(index.bm25)
        self.meetings: dict[str, MeetingRef] = {}
        columns = [passage_column(index.passages, name) for name in ("source", "board", "organisation", "meeting_date")]
        for source, board, organisation, date in zip(*columns):
            if source not in self.meetings:  # the first passage of each meeting says it all
                self.meetings[source] = MeetingRef(source, board, organisation, date)
        self._names = store.people_names()
        initials: dict[str, set[str]] = {}
        for action in index.actions:
            for owner in action.owners:
                if owner.initials and owner.kind == "person" and owner.initials != owner.name:
                    initials.setdefault(owner.initials, set()).add(owner.name)
        self._initials = {i: next(iter(n)) for i, n in initials.items() if len(n) == 1}
        self._action_tokens = [set(tokenize(action_text(a))) for a in index.actions]

    @classmethod
    def open(cls, store: Store | None = None, root: Path | None = None) -> "AnswerEngine | None":
        """The engine over the live index version (under `root`), or None before anything is indexed."""
        index = load_index(root)
        return cls(index, store or Store.open()) if index is not None else None

    @property
    def version(self) -> int:
        return self.index.version

    # --- reading the question ------------------------------------------------------------

    def people_in(self, question: str) -> list[str]:
        """Registry names the question mentions: full names, unique surnames, or known initials."""
        found = people_in_query(question, self._names)
        for token in re.findall(r"\b[A-Z]{2,3}\b", question):
            name = self._initials.get(token)
            if name and name not in found:
                found.append(name)
        return found

    @staticmethod
    def _named_phrases(question: str, filter_words: tuple[str, ...]) -> list[str]:
        """Names in the question other than the board's own ("Safer Essex" is a filter, not a topic)."""
        said = {w.lower() for phrase in filter_words for w in phrase.split()}
        return [p for p in named_phrases(question) if not {w.lower() for w in p.split()} <= said | {"for", "of", "the", "and"}]

    def understand(self, question: str, k: int = 10, mode: str = "hybrid") -> QueryContext:
        """Filters, people, intent, topic and the retrieved passages for `question`."""
        meetings = list(self.meetings.values())
        filters = parse_filters(question, meetings)
        sources = filters.sources(meetings)
        if sources is not None and not sources:
            # "the next meeting after October 2008" when none is stored: keep the board, drop the dates.
            sources = filters.sources(meetings, use_dates=False) or None
        people = self.people_in(question)
        intent = classify(question, bool(people))
        if actions_by_ref(question, self.index, sources):
            intent = Intent.ACTION_LOOKUP
        name_words = tuple(w for name in people for w in name.split()) + tuple(
            i for i, n in self._initials.items() if n in people)
        terms = topic_terms(question, drop=filters.phrases + name_words)
        aliases = {a: meaning for a, meaning in acronyms_in(question, self.weights.known).items() if a not in terms}
        vector = self.searcher.query_vector(question)
        focus = None
        if people and mode == "hybrid":
            focus = {(a.source, a.item) for name in people for a in self.store.actions(person=name, status="all")}
        lexical_query = " ".join([question, *aliases])
        passages = self.searcher.search(
            lexical_query, max(k, SEARCH_DEPTH), mode, focus=focus, sources=sources, vector=vector,
            phrases=self._named_phrases(question, filters.phrases) if mode == "hybrid" else None,
        )
        return QueryContext(question, intent, vector, terms, filters, sources, people, passages, mode, aliases)

    # --- answering -----------------------------------------------------------------------

    def ask(self, question: str, k: int = 10, mode: str = "hybrid", previous: str | None = None) -> Answer:
        """An extractive, cited answer to `question` (or a plain "not found").

        `previous` is the earlier question of a conversation: a follow-up ("and what's due
        next month?") is answered with its words joined in.
        """
        context = self.understand(with_context(question, previous), k, mode)
        answer = None
        if context.intent is Intent.ACTION_LOOKUP:
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
        answer.question = question
        answer.asked = context.question
        return answer

    def _answer(self, context: QueryContext, text: str, passages=None, actions=None, found: bool = True) -> Answer:
        return Answer(context.question, context.intent, found, text, list(passages if passages is not None else context.passages),
                      list(actions or []), context.people, context.filters)

    def _action_lookup(self, context: QueryContext) -> Answer | None:
        actions = actions_by_ref(context.question, self.index, context.sources)
        if not actions:
            return None
        lines = [f"Action {action_line(a)} — {a.board}, {long_date(a.meeting_date)}" for a in actions]
        return self._answer(context, "\n".join(lines), cite_items_first(context.passages, actions, self.index), actions)

    def _person_actions(self, context: QueryContext) -> Answer:
        actions, status = person_actions(context, self.store, self.weights)
        who = " and ".join(self._person_label(name) for name in context.people)
        kind = "" if status == "all" else f"{status} "
        window = due_window(context.question)
        when = f" {window.label}" if window is not None else ""
        if not actions:
            return self._answer(context, f"{who} has no {kind}actions{when} in the minutes.", actions=[])
        lines = [f"{who} has {len(actions)} {kind}action{'s' if len(actions) != 1 else ''}{when}:"]
        lines += [f"• {action_line(a)} — {a.board}, {long_date(a.meeting_date)}, {item_label(a.item, a.item_title)}" for a in actions]
        return self._answer(context, "\n".join(lines), cite_items_first(context.passages, actions, self.index), actions)

    def _person_label(self, name: str) -> str:
        for action in self.index.actions:
            for owner in action.owners:
                if owner.name == name:
                    return owner_label(owner)
        return name

    def _action_owner(self, context: QueryContext) -> Answer | None:
        best = best_owner_matches(match_actions(context, self.index, self.weights, self._action_tokens))
        if not best:
            return None
        actions = [m.action for m in best]
        lines = [f"{action_line(a)} — {a.board}, {long_date(a.meeting_date)}, {item_label(a.item, a.item_title)}" for a in actions]
        return self._answer(context, "\n".join(lines), cite_items_first(context.passages, actions, self.index), actions)

    def _attendance(self, context: QueryContext) -> Answer | None:
        meeting = chosen_meeting(context, self.meetings)
        if meeting is None:
            return None
        text = attendance_answer(context, meeting, self.store)
        if text is None:
            return None
        return self._answer(context, text, meeting_passages_first(context, meeting.source, _APOLOGIES_TITLE))

    def _meeting(self, context: QueryContext) -> Answer | None:
        meeting = chosen_meeting(context, self.meetings)
        if meeting is None:
            return None
        if _NEXT_MEETING.search(context.question):
            later = later_meeting(meeting, self.meetings)
            if later is not None:
                return self._answer(context, meeting_details(later, self.store).replace(" met on ", " next met on ", 1),
                                    meeting_passages_first(context, later.source))
            return None  # the minutes' own "date of next meeting" sentence answers it
        return self._answer(context, meeting_details(meeting, self.store), meeting_passages_first(context, meeting.source))

    def _from_sentences(self, context: QueryContext) -> Answer:
        top = context.passages[:PASSAGES_READ]
        coverage = max((self.weights.coverage(context.terms, r.passage.index_text, context.aliases) for r in top), default=0.0)
        if not context.terms:
            coverage = 1.0 if top else 0.0
        matches = best_sentences(context, self.weights, self.searcher.embedder.embed,
                                 decision=context.intent is Intent.DECISION) if coverage >= MIN_PASSAGE_COVERAGE else []
        if not matches or matches[0].score < MIN_SENTENCE_SCORE:
            return self._not_found(context)
        best = matches[0]
        text = f"“{answer_sentence(matches, context.terms)}” — {citation(best.passage.passage)}"
        passages = [best.passage] + [r for r in context.passages if r is not best.passage]
        return self._answer(context, text, passages)

    def _not_found(self, context: QueryContext) -> Answer:
        text = "I couldn't find anything in the minutes that answers that."
        if context.passages:
            text += " Possibly related:"
        return self._answer(context, text, found=False)
