"""Events: mentions, DMs (questions and shared files), file_shared."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import BotDeps
from bot.listeners.events import app_home
from bot.listeners.questions import answer_in_thread
from bot.listeners.uploads import add_shared_file


def _ack(ack) -> None:
    ack()


def register(app: App, deps: BotDeps) -> None:
    def on_mention(event, client, logger) -> None:
        answer_in_thread(event, client, deps, logger)

    def on_message(event, client, logger) -> None:
        if event.get("channel_type") != "im":
            return  # channel messages that mention the bot come as app_mention too
        subtype = event.get("subtype")
        if subtype == "file_share":
            for shared in event.get("files") or []:
                add_shared_file(shared["id"], event.get("user", ""), event["channel"], client, deps, logger)
        elif subtype is None:
            answer_in_thread(event, client, deps, logger)

    def on_file_shared(event, client, logger) -> None:
        channel = event.get("channel_id") or ""
        if channel.startswith("D"):  # shared in a DM with the bot
            add_shared_file(event["file_id"], event.get("user_id", ""), channel, client, deps, logger)

    # Every event is acknowledged at once; the work runs in lazy listeners (Bolt threads).
    app.event("app_mention")(ack=_ack, lazy=[on_mention])
    app.event("message")(ack=_ack, lazy=[on_message])
    app.event("file_shared")(ack=_ack, lazy=[on_file_shared])
    app_home.register(app, deps)
