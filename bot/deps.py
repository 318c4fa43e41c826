"""What every listener needs: settings, the minutes service, and per-process memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answer_pool import AnswerPool
from bot.config import BotConfig
from bot.conversation import SeenKeys, ThreadMemory
from bot.service import MinutesService


@dataclass
class BotDeps:
    config: BotConfig
    service: MinutesService
    threads: ThreadMemory = field(default_factory=ThreadMemory)
    seen: SeenKeys = field(default_factory=SeenKeys)
    answers: AnswerPool | None = None  # questions and searches run here (bounded); built from config when None

    def __post_init__(self) -> None:
        if self.answers is None:
            self.answers = AnswerPool(self.config.answer_workers, self.config.answer_queue)

    def is_admin(self, user_id: str | None) -> bool:
        return bool(user_id) and user_id in self.config.admins
