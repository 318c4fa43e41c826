"""Admins correct action records: "Correct" on a record's Details, "Add action" on a cited passage.

A click opens a modal (views.open with the click's trigger_id, or views.push over the Home
tab's Details modal); the submission is checked again server-side (a non-admin's is refused
and nothing changes), stored within the 3 s acknowledgement, and answered by updating the
modal. Then (the acknowledgement already sent) the index version with the corrected records
is built, so answers use them; `/actions`, the Home tab and reminders read the store and see them at once.
"""

from __future__ import annotations

import json
import logging

from slack_bolt import App

from bot.deps import BotDeps
from bot.render_corrections import (
    ADD_ACTION, ADD_VIEW, CORRECT_ACTION, CORRECT_VIEW, add_action_modal, button_sentence, correction_modal, done_view,
    submitted,
)
from index.corrections import CorrectionError, changed_fields
from retrieval.wording import item_label, long_date

REFUSED = "Sorry, only admins (MINUTES_ADMINS) can correct action records. Nothing was changed."


def register(app: App, deps: BotDeps) -> None:
    def _open(client, body: dict, view: dict) -> None:
        if (body.get("view") or {}).get("type") == "modal":  # over the Home tab's Details modal
            client.views_push(trigger_id=body["trigger_id"], view=view)
        else:
            client.views_open(trigger_id=body["trigger_id"], view=view)

    def _refuse(body: dict, respond, logger: logging.Logger) -> None:
        logger.info("correction refused: not an admin", extra={"user": (body.get("user") or {}).get("id")})
        if body.get("response_url"):
            respond(response_type="ephemeral", replace_original=False, text=REFUSED)

    def open_correction(ack, action, body, client, respond, logger) -> None:
        ack()
        if not deps.is_admin((body.get("user") or {}).get("id")):
            _refuse(body, respond, logger)
            return
        record = _record(action.get("value"))
        if record is None:
            if body.get("response_url"):
                respond(response_type="ephemeral", replace_original=False, text="That action is no longer in the minutes.")
            return
        _open(client, body, correction_modal(record, deps.service.store.meeting_people(record.source)))

    def open_addition(ack, action, body, client, respond, logger) -> None:
        ack()
        if not deps.is_admin((body.get("user") or {}).get("id")):
            _refuse(body, respond, logger)
            return
        try:
            wanted = json.loads(action.get("value") or "{}")
            source, item, sentence = wanted["source"], wanted.get("item"), button_sentence(wanted)
            document = deps.service.store.document(source)
            people = deps.service.store.meeting_people(source)
        except (json.JSONDecodeError, KeyError, TypeError, CorrectionError):
            document = None
        if document is None:
            if body.get("response_url"):
                respond(response_type="ephemeral", replace_original=False, text="Those minutes are no longer stored.")
            return
        titles = {i.number: i.title for i in deps.service.store.items(source)}
        where = f"{document.board}, {long_date(document.meeting_date)}, {item_label(item, titles.get(item))} ({source})"
        _open(client, body, add_action_modal(source, item, where, sentence, people))

    def submit_correction(ack, body, view, logger) -> None:
        user = (body.get("user") or {}).get("id")
        if not deps.is_admin(user):
            ack(response_action="errors", errors={"owner_other": REFUSED})
            return
        wanted = _metadata(view)
        record = _record(json.dumps(wanted))
        if record is None:
            ack(response_action="errors", errors={"owner_other": "That action is no longer in the minutes."})
            return
        fields = submitted(view, record)
        if fields.empty:
            ack(response_action="errors", errors={"owner_other": "Nothing changed: pick a new owner, due date or status."})
            return
        try:
            correction = deps.service.correct_action(
                record.source, record.ref, record.description, by=user, owner=fields.owner, due=fields.due,
                status=fields.status, not_action=fields.not_action)
        except CorrectionError as error:
            ack(response_action="errors", errors={"due" if "due" in str(error) else "owner_other": str(error)})
            return
        ack(response_action="update", view=done_view("Action corrected", (
            f"Corrected {record.ref or 'the action'}: {changed_fields(correction)}. "
            "Answers, /actions, the Home tab and reminders use it from now on.")))
        refresh_answers(logger)

    def submit_addition(ack, body, view, logger) -> None:
        user = (body.get("user") or {}).get("id")
        if not deps.is_admin(user):
            ack(response_action="errors", errors={"text": REFUSED})
            return
        wanted = _metadata(view)
        fields = submitted(view, None)
        try:
            correction = deps.service.add_action(wanted.get("source", ""), wanted.get("item"), fields.text or "", by=user,
                                                 owner=fields.owner, due=fields.due)
        except CorrectionError as error:
            ack(response_action="errors", errors={"due" if "due" in str(error) else "text": str(error)})
            return
        ack(response_action="update", view=done_view("Action added", (
            f"Added to {correction.key.source}: “{correction.key.description}” ({changed_fields(correction)}).")))
        refresh_answers(logger)

    def refresh_answers(logger) -> None:
        # Here, not in a lazy listener: Bolt starts lazy listeners alongside the acknowledging
        # function, so one could build the version before the correction is stored.
        try:
            version = deps.service.refresh_actions()
        except Exception:  # the correction is stored; the next index build carries it
            logger.exception("index build after a correction failed")
            return
        logger.info("answers use the corrected actions", extra={"index_version": version})

    def _record(value: str | None):
        try:
            wanted = json.loads(value or "{}")
            return deps.service.action_record(wanted.get("source", ""), wanted.get("ref"), wanted.get("description", ""))
        except (json.JSONDecodeError, AttributeError):
            return None

    app.action(CORRECT_ACTION)(open_correction)
    app.action(ADD_ACTION)(open_addition)
    app.view(CORRECT_VIEW)(submit_correction)
    app.view(ADD_VIEW)(submit_addition)


def _metadata(view: dict) -> dict:
    try:
        found = json.loads(view.get("private_metadata") or "{}")
    except json.JSONDecodeError:
        return {}
    return found if isinstance(found, dict) else {}
