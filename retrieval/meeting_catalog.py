"""The stored meetings, grouped by board and ordered by date.

A question that names a board or a date is answered from the meetings that pass its filters.
At 1M passages there are ~80k meetings: walking them all for every filtered question cost
~30 ms, so the catalog is built once per index version and a filter is read by binary search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from index.store import board_key

if TYPE_CHECKING:
    from retrieval.query_filters import QueryFilters


@dataclass(frozen=True)
class MeetingRef:
    """A stored meeting, as the index knows it."""

    source: str
    board: str
    organisation: str | None
    date: str | None  # ISO day


@lru_cache(maxsize=65536)
def _key_of(board: str) -> str:
    return board_key(board)


def meeting_board_key(meeting: MeetingRef) -> str:
    """The board key of a meeting (what `QueryFilters.boards` holds)."""
    return _key_of(meeting.board)


@dataclass
class _Meetings:
    """One board's meetings, or all of them."""

    dated: list[tuple[str, int, MeetingRef]]  # (date, catalog position, meeting), ascending
    undated: list[MeetingRef]


def _date(entry: tuple[str, int, MeetingRef]) -> str:
    return entry[0]


class MeetingCatalog:
    """Meetings by board and date, for selecting the ones a question's filters name."""

    def __init__(self, meetings: Iterable[MeetingRef]) -> None:
        self.meetings: list[MeetingRef] = list(meetings)
        numbered = list(enumerate(self.meetings))
        self._all = self._grouped(numbered)
        per_board: dict[str, list[tuple[int, MeetingRef]]] = {}
        for position, meeting in numbered:
            per_board.setdefault(meeting_board_key(meeting), []).append((position, meeting))
        self._by_board = {key: self._grouped(group) for key, group in per_board.items()}

    @staticmethod
    def _grouped(numbered: list[tuple[int, MeetingRef]]) -> _Meetings:
        # The catalog position breaks ties between meetings of one day: "the last meeting" of two
        # on that day is the later one in the index.
        dated = sorted((m.date, position, m) for position, m in numbered if m.date)
        return _Meetings(dated, [m for _, m in numbered if not m.date])

    def __len__(self) -> int:
        return len(self.meetings)

    def select(self, filters: QueryFilters, use_dates: bool = True, use_boards: bool = True) -> set[str] | None:
        """Sources of the meetings that pass `filters`, or None when they set no filter."""
        if not filters.active:
            return None
        if use_boards and filters.boards:
            groups = [self._by_board[key] for key in filters.boards if key in self._by_board]
        else:
            groups = [self._all]
        ranged = use_dates and bool(filters.date_from or filters.date_to)
        parts: list[list[tuple[str, int, MeetingRef]]] = []
        undated: list[MeetingRef] = []
        for group in groups:
            if ranged:  # undated meetings pass no date filter
                low = bisect_left(group.dated, filters.date_from or "", key=_date)
                high = bisect_right(group.dated, filters.date_to or "9999", key=_date)
                parts.append(group.dated[low:high])
            else:
                parts.append(group.dated)
                undated.extend(group.undated)
        if filters.latest or filters.earliest:
            # Each part is in order, so the latest (earliest) meeting is one of their ends.
            ends = [part[-1] if filters.latest else part[0] for part in parts if part]
            if ends:
                return {(max(ends) if filters.latest else min(ends))[2].source}
        return {entry[2].source for part in parts for entry in part} | {m.source for m in undated}
