"""`/minutes <query>`: the best passages, with citations."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import BotDeps
from bot.render import plain_message, search_message


def register(app: App, deps: BotDeps) -> None:
    def ack_minutes(ack, command) -> None:
        query = command.get("text", "").strip()
        ack(response_type="ephemeral", text=f"Searching the minutes for “{query}”…" if query else "Usage: /minutes <what to look for>")

    def search_minutes(command, respond) -> None:
        query = command.get("text", "").strip()
        if not query:
            return
        passages = deps.service.search(query)
        message = search_message(query, passages) if deps.service.engine() else plain_message("No minutes have been indexed yet.")
        respond(response_type="ephemeral", replace_original=False, text=message.text, blocks=message.blocks)

    app.command("/minutes")(ack=ack_minutes, lazy=[search_minutes])
