"""What every listener needs: settings, the minutes service, and per-process memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answer_pool import AnswerPool
from bot.answer_processes import AnswerProcesses
from bot.config import BotConfig
from bot.conversation import SeenKeys, ThreadMemory
from bot.service import AnsweredQuestion, MinutesService


@dataclass
class BotDeps:
    config: BotConfig
    service: MinutesService
    threads: ThreadMemory = field(default_factory=ThreadMemory)
    seen: SeenKeys = field(default_factory=SeenKeys)
    answers: AnswerPool | None = None  # questions and searches run here (bounded); built from config when None
    processes: AnswerProcesses | None = None  # where answers are computed, when config.answer_processes > 0

    def __post_init__(self) -> None:
        if self.answers is None:
            self.answers = AnswerPool(self.config.answer_workers, self.config.answer_queue)
        if self.processes is None and self.config.answer_processes > 0:
            self.processes = AnswerProcesses(self.service, self.config.answer_processes)

    def answer(self, question: str, previous: str | None = None) -> AnsweredQuestion:
        """A question answered in the answer processes when there are some, else on this thread."""
        if self.processes is not None:
            return self.processes.answer(question, previous)
        return self.service.answer(question, previous)

    def is_admin(self, user_id: str | None) -> bool:
        return bool(user_id) and user_id in self.config.admins
