"""`/minutes <query>`: the best passages, with citations."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import BotDeps
from bot.listeners.questions import BUSY
from bot.render import plain_message, search_message


def register(app: App, deps: BotDeps) -> None:
    def minutes_command(ack, command, respond) -> None:
        query = command.get("text", "").strip()
        ack(response_type="ephemeral", text=f"Searching the minutes for “{query}”…" if query else "Usage: /minutes <what to look for>")
        if query and not deps.answers.submit(lambda: search_minutes(query, respond)):
            respond(response_type="ephemeral", replace_original=False, text=BUSY)

    def search_minutes(query: str, respond) -> None:
        passages = deps.service.search(query)
        message = search_message(query, passages) if deps.service.engine() else plain_message("No minutes have been indexed yet.")
        respond(response_type="ephemeral", replace_original=False, text=message.text, blocks=message.blocks)

    app.command("/minutes")(minutes_command)
