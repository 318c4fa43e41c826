"""What the bot asks of the lower layers: answers, actions, re-indexing and adding minutes.

One service per process. It keeps the answer engine of the live index version and swaps in
a newer version when one appears (after a re-index here or in another process), so every
question is answered from a complete version. Re-indexing and ingesting are serialised;
questions keep being answered from the previous version while they run.

Each question reads the local CURRENT pointer (a small file); the database's record of the
newest version (which another host may have built) is read at most once a second: at tens
of questions a second that query was a noticeable part of each answer's CPU.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from corpus.minutes import parse_minutes
from index.reindex import ReindexResult, reindex
from index.search_index import build_index, current_version
from index.corrections import CorrectionView
from index.store import Store
from index.views import ActionView
from retrieval.answer_types import Answer
from retrieval.engine import AnswerEngine
from retrieval.hybrid import RankedPassage

RECORDED_VERSION_RECHECK_S = 1.0  # how stale the database's newest version may be, at most


@dataclass(frozen=True)
class AddedMinutes:
    """What an admin's upload added."""

    source: str
    outcome: str  # added, updated or skipped
    board: str
    meeting_date: str | None
    items: int
    actions: int
    index_version: int
    replaced: str | None = None
    duplicate_of: str | None = None
    conflicts: tuple[str, ...] = ()  # other files kept that claim the same board and date


@dataclass(frozen=True)
class AnsweredQuestion:
    """An answer (None before anything is indexed), the index version it came from, and its CPU."""

    answer: Answer | None
    version: int | None
    cpu_s: float  # CPU of the thread (in whichever process) that answered


class MinutesService:
    """Thread-safe access to answers and to the store for the Slack listeners."""

    def __init__(self, store: Store | None = None, index_root: Path | None = None) -> None:
        self.store = store or Store.open()
        self.index_root = index_root
        self._engine: AnswerEngine | None = None
        self._seen_version: int | None = None
        self._engine_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._recorded: tuple[float, int | None] | None = None  # (when read, the database's newest version)

    def live_version(self) -> int | None:
        """The newest version: recorded in the (shared) database, or the local pointer file."""
        recorded = self._recorded
        if recorded is None or time.monotonic() - recorded[0] >= RECORDED_VERSION_RECHECK_S:
            recorded = self._recorded = (time.monotonic(), self.store.live_index_version())
        versions = [v for v in (recorded[1], current_version(self.index_root)) if v is not None]
        return max(versions) if versions else None

    def _written(self) -> None:
        """After a build here: read the database's record again at the next question."""
        self._recorded = None

    def engine(self) -> AnswerEngine | None:
        """The engine of the live index version (loaded, or reloaded when a newer one is live,
        whichever process built it)."""
        live = self.live_version()
        with self._engine_lock:
            if live is not None and live != self._seen_version:
                self._seen_version = live
                self._engine = AnswerEngine.open(self.store, self.index_root) or self._engine
            return self._engine

    def ask(self, question: str, previous: str | None = None) -> Answer | None:
        """The answer, or None when nothing has been indexed yet."""
        engine = self.engine()
        return engine.ask(question, k=5, previous=previous) if engine else None

    def answer(self, question: str, previous: str | None = None) -> AnsweredQuestion:
        """`ask`, with the version answered from and the CPU it took (for the question's log line)."""
        cpu = time.thread_time()
        answer = self.ask(question, previous)
        return AnsweredQuestion(answer, self.engine().version if answer else None, time.thread_time() - cpu)

    def search(self, query: str, k: int = 5) -> list[RankedPassage]:
        engine = self.engine()
        return engine.understand(query, k=k).passages[:k] if engine else []

    def open_actions(self, person: str) -> list[ActionView]:
        return self.store.actions(person=person, status="open")

    def person_named(self, candidates: list[str]) -> str | None:
        """The person in the minutes matching one of `candidates` (full names first, then unique surnames)."""
        from corpus.people import normalise_name

        names = self.store.people_names()
        keys = {normalise_name(n): n for n in names}
        for candidate in candidates:
            if candidate and normalise_name(candidate) in keys:
                return keys[normalise_name(candidate)]
        for candidate in candidates:
            parts = normalise_name(candidate or "").split()
            if len(parts) >= 2:
                same = [n for n in names if normalise_name(n).split()[-1:] == parts[-1:] and normalise_name(n).split()[0][:1] == parts[0][:1]]
                if len(same) == 1:
                    return same[0]
        return None

    def action_record(self, source: str, ref: str | None, description: str) -> ActionView | None:
        """One action as stored now (for the "details" button)."""
        for action in self.store.actions(status="all"):
            if action.source == source and action.ref == ref and action.description.startswith(description):
                return action
        return None

    def correct_action(self, source: str, ref: str | None, description: str, by: str, owner: str | None = None,
                       due: str | None = None, status: str | None = None, not_action: bool = False) -> CorrectionView:
        """Store an admin's correction (index/corrections.py); CorrectionError says what is wrong.
        `/actions`, the Home tab and reminders see it at once; answers after `refresh_actions`."""
        with self._write_lock:
            return self.store.correct_action(source, ref, description, by, owner=owner, due=due, status=status,
                                             not_action=not_action)

    def add_action(self, source: str, item: str | None, text: str, by: str, owner: str | None = None,
                   due: str | None = None) -> CorrectionView:
        """Store an action the reader missed (a correction of kind "add")."""
        with self._write_lock:
            return self.store.add_action(source, item, text, by, owner=owner, due=due)

    def refresh_actions(self) -> int | None:
        """A new index version snapshotting the corrected action records, so answers use them
        (passages and vectors are all reused; only an added action's words are embedded);
        the version, or None before anything is indexed."""
        with self._write_lock:
            if self.live_version() is None:
                return None
            version = build_index(self.store, self.index_root).version
        self.engine()
        return version

    def reindex(self, full: bool = False) -> ReindexResult:
        """What `minutes reindex` does: re-parse changed files, build and swap in a new version."""
        with self._write_lock:
            result = reindex(self.store, self.index_root, full=full)
        self._written()
        self.engine()
        return result

    def catch_up(self) -> int | None:
        """Bring the index up to date when the store is ahead of it (an interrupted ingest);
        the version built, or None when it was in step. Questions keep being answered meanwhile."""
        from index.catch_up import catch_up

        with self._write_lock:
            built = catch_up(self.store, self.index_root)
        self._written()
        self.engine()
        return built.version if built is not None else None

    def add_minutes(self, path: Path, digest: bool = False) -> AddedMinutes:
        """Parse, store and index one file (with `digest`, a new meeting is queued for the digest);
        MinutesReadError says why a file cannot be read."""
        with self._write_lock:
            parsed = parse_minutes(path)
            result = self.store.ingest(parsed, path, digest=digest)
            changed = result.outcome in ("added", "updated")
            version = build_index(self.store, self.index_root).version if changed else current_version(self.index_root) or 0
        self._written()
        self.engine()
        return AddedMinutes(parsed.source, result.outcome, parsed.meeting.board,
                            parsed.meeting.date.isoformat() if parsed.meeting.date else None,
                            len(parsed.items), len(parsed.actions), version, result.replaced, result.duplicate_of,
                            result.conflicts)
