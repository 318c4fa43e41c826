"""`app_home_opened`: publish the user's open actions (overdue first, then due soon) on the Home tab."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import BotDeps
from bot.render_my_actions import home_view
from bot.slack_people import person_for_user
from index.action_due import by_urgency, today
from index.reminder_ledger import ReminderLedger


def register(app: App, deps: BotDeps) -> None:
    def ack_home(ack) -> None:
        ack()

    def publish_home(event, client, logger) -> None:
        if event.get("tab", "home") != "home":
            return  # the Messages tab: nothing to publish
        user = event["user"]
        person, asked = person_for_user(user, client, deps.config, deps.service)
        on = today()
        actions = by_urgency(deps.service.open_actions(person), on) if person else []
        reminders_on = ReminderLedger(deps.service.store.engine).enabled(user)
        view = home_view(person, asked, actions, on, reminders_on)
        client.views_publish(user_id=user, view=view)
        logger.info("home tab published", extra={"actions": len(actions), "matched": person is not None})

    app.event("app_home_opened")(ack=ack_home, lazy=[publish_home])
