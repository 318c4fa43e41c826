"""Where questions are answered: a few threads and a bounded queue, apart from acknowledging.

Slack needs an acknowledgement within 3 s; answering takes tenths of a second of CPU each.
Acknowledging runs on the server's request threads and Bolt's listener threads; answers run
here, on as many threads as there are cores to spare, so a burst of questions queues up
instead of starving the acknowledgements (Python threads share one interpreter lock). When
the queue is full, `submit` says no at once and the caller tells the asker the bot is busy:
a question is answered or refused out loud, never dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

logger = logging.getLogger("minutes.bot")


class AnswerPool:
    """`workers` threads answering; at most `queue` more questions waiting for one."""

    def __init__(self, workers: int = 2, queue: int = 64) -> None:
        self.capacity = workers + queue
        self._slots = threading.BoundedSemaphore(self.capacity)
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="answer")

    def submit(self, work: Callable[[], None]) -> bool:
        """Run `work` on an answer thread; False (and nothing runs) when the pool is full."""
        if not self._slots.acquire(blocking=False):
            return False
        try:
            future = self._executor.submit(work)
        except RuntimeError:  # shutting down
            self._slots.release()
            return False
        future.add_done_callback(self._finished)
        return True

    def _finished(self, future: Future) -> None:
        self._slots.release()
        if future.exception() is not None:
            logger.error("answering failed", exc_info=future.exception())

    def shutdown(self, wait: bool = True) -> None:
        self._executor.shutdown(wait=wait, cancel_futures=not wait)
