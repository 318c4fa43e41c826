"""Buttons: "Details" on an action record shows the full record and its history: ephemerally
under a message, in a modal from the Home tab (with "Correct" for admins: corrections.py)."""

from __future__ import annotations

import json

from slack_bolt import App

from bot.deps import BotDeps
from bot.listeners.actions import feedback
from bot.listeners.actions.corrections import register as register_corrections
from bot.render import SHOW_ACTION, action_detail_message, plain_message


def register(app: App, deps: BotDeps) -> None:
    def show_action(ack, action, body, respond, client) -> None:
        ack()
        try:
            wanted = json.loads(action.get("value") or "{}")
            record = deps.service.action_record(wanted.get("source", ""), wanted.get("ref"), wanted.get("description", ""))
        except (json.JSONDecodeError, AttributeError):
            record = None
        admin = deps.is_admin((body.get("user") or {}).get("id"))
        message = action_detail_message(record, correctable=admin) if record else plain_message("That action is no longer in the minutes.")
        if body.get("response_url"):
            respond(response_type="ephemeral", replace_original=False, text=message.text, blocks=message.blocks)
        else:  # a button on the Home tab: no message to answer under, so the record opens in a modal
            client.views_open(trigger_id=body["trigger_id"], view={
                "type": "modal", "title": {"type": "plain_text", "text": "Action"}, "blocks": message.blocks})

    app.action(SHOW_ACTION)(show_action)
    feedback.register(app, deps)
    register_corrections(app, deps)
