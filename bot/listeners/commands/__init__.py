"""Slash commands, answered ephemerally and restating what was asked."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.commands.actions import register as register_actions
from bot.listeners.commands.minutes import register as register_minutes
from bot.listeners.commands.reindex import register as register_reindex
from bot.deps import BotDeps


def register(app: App, deps: BotDeps) -> None:
    register_actions(app, deps)
    register_minutes(app, deps)
    register_reindex(app, deps)
