"""Answers computed in worker processes, so that they use every core.

Retrieval and composing an answer hold the interpreter lock for most of their CPU (numpy
gathers over the memory-mapped vectors, the question's Python reading), so answer threads
in one process used about one core of two however many there were, and a sustained stream
topped out there (benchmarks/README.md, "Sustained throughput"). Here each question is
answered in one of `processes` workers, each with its own `MinutesService` over the same
store and index folder: the index's large arrays are memory-mapped, so the workers share
their pages, and each worker swaps in a new index version by itself as the bot's own
service does. The bot's answer threads (bot/answer_pool.py) keep the queue, the "busy"
refusal and the Slack calls; they only wait here.

Workers are started with "spawn" (forking a process that runs threads is unsafe), with one
BLAS thread each, and warmed (model and index loaded) before the bot takes questions.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from bot.service import AnsweredQuestion, MinutesService

logger = logging.getLogger("minutes.bot")

_service: MinutesService | None = None  # in a worker: its own service


def _open_service(store_url: str, index_root: str | None) -> None:
    """A worker's initializer: its service, and its index loaded."""
    global _service
    from index.store import Store

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the bot, which stops its workers
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()
    _service = MinutesService(Store.open(store_url), Path(index_root) if index_root else None)
    _service.engine()


def _exit_with_parent(parent: int) -> None:
    """End this worker once the bot is gone, however it ended (SIGTERM, kill -9): no orphans."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _answer(question: str, previous: str | None) -> AnsweredQuestion:
    return _service.answer(question, previous)


def _ready() -> int:
    time.sleep(0.1)  # long enough that the other workers, once up, take some of the calls
    return os.getpid()


class AnswerProcesses:
    """`processes` workers answering questions over the store and index of `service`."""

    def __init__(self, service: MinutesService, processes: int) -> None:
        self._args = (service.store.engine.url.render_as_string(hide_password=False),
                      str(service.index_root) if service.index_root else None)
        self.processes = processes
        self._lock = threading.Lock()
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # One BLAS thread a worker (spawned workers read the variable when numpy loads): the
        # parallelism is the processes. OpenBLAS's own threads woke and spun for every small
        # matrix-vector product (a filter's vectors times the query): 20k x 384 took 7.7 ms of
        # CPU on its two threads against 1.3 ms on one (benchmarks/README.md).
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_open_service, initargs=self._args)

    def warm(self, timeout: float = 300) -> None:
        """Start every worker and wait until each has loaded the index."""
        deadline, ready = time.monotonic() + timeout, set()
        while len(ready) < self.processes and time.monotonic() < deadline:
            ready |= {f.result(timeout) for f in [self._executor.submit(_ready) for _ in range(self.processes)]}

    def answer(self, question: str, previous: str | None = None) -> AnsweredQuestion:
        """`MinutesService.answer` in one of the workers."""
        executor = self._executor
        try:
            return executor.submit(_answer, question, previous).result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory): this question fails out loud, the next get new workers.
            with self._lock:
                if self._executor is executor:
                    logger.error("an answer process died; starting new ones")
                    self._executor = self._start()
                    executor.shutdown(wait=False, cancel_futures=True)
            raise

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
