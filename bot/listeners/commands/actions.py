"""`/actions [@person | name]`: that person's open actions; the caller's own without an argument.
`/actions remind off|on`: stop or restart the caller's reminder DMs."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import BotDeps
from bot.listeners.questions import BUSY
from bot.render import actions_message
from bot.slack_people import person_for_argument, person_for_user
from index.reminder_ledger import ReminderLedger


def remind_switch(text: str) -> bool | None:
    """`remind off` -> False, `remind on` -> True, anything else None."""
    words = text.strip().casefold().split()
    if len(words) == 2 and words[0] in ("remind", "reminders") and words[1] in ("on", "off"):
        return words[1] == "on"
    return None


def register(app: App, deps: BotDeps) -> None:
    def actions_command(ack, command, client, respond) -> None:
        switch = remind_switch(command.get("text", ""))
        if switch is not None:
            ReminderLedger(deps.service.store.engine).set_enabled(command["user_id"], switch)
            ack(response_type="ephemeral", text=(
                "Reminders are on: I'll DM you once a day when an action of yours is overdue or due within a week."
                if switch else "Reminders are off: I won't DM you about your actions. `/actions remind on` turns them back on."))
            return
        whose = command.get("text", "").strip() or "you"
        ack(response_type="ephemeral", text=f"Looking up open actions for {whose}…")
        if not deps.answers.submit(lambda: list_actions(command, client, respond)):
            respond(response_type="ephemeral", replace_original=False, text=BUSY)

    def list_actions(command, client, respond) -> None:
        argument = command.get("text", "").strip()
        if argument:
            person, asked = person_for_argument(argument, client, deps.config, deps.service)
        else:
            person, asked = person_for_user(command["user_id"], client, deps.config, deps.service)
        actions = deps.service.open_actions(person) if person else []
        message = actions_message(person, asked, actions)
        respond(response_type="ephemeral", replace_original=False, text=message.text, blocks=message.blocks)

    app.command("/actions")(actions_command)
