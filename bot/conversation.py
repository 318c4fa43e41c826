"""Which question was last asked in each thread, so follow-ups keep their context."""

from __future__ import annotations

import threading
from collections import OrderedDict

ThreadKey = tuple[str, str]  # (channel, thread_ts)


class ThreadMemory:
    """A bounded, thread-safe map of thread -> the last question answered there."""

    def __init__(self, size: int = 2000) -> None:
        self._size = size
        self._questions: OrderedDict[ThreadKey, str] = OrderedDict()
        self._lock = threading.Lock()

    def last_question(self, key: ThreadKey) -> str | None:
        with self._lock:
            return self._questions.get(key)

    def remember(self, key: ThreadKey, question: str) -> None:
        with self._lock:
            self._questions[key] = question
            self._questions.move_to_end(key)
            while len(self._questions) > self._size:
                self._questions.popitem(last=False)


class SeenKeys:
    """A bounded set of keys already handled (event ids, message timestamps, file ids)."""

    def __init__(self, size: int = 10000) -> None:
        self._size = size
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        """True the first time `key` is seen, False after."""
        with self._lock:
            if key in self._keys:
                return False
            self._keys[key] = None
            while len(self._keys) > self._size:
                self._keys.popitem(last=False)
            return True
