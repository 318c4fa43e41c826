"""All listeners, wired in one place (one package per kind, as in bolt-python's starter template)."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import BotDeps
from bot.listeners import actions, commands, events


def register_listeners(app: App, deps: BotDeps) -> None:
    events.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
