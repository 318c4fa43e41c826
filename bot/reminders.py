"""Daily reminder DMs: each person with overdue actions, or actions due within a week, gets one
digest a day (conversations.open + chat.postMessage).

People are found in Slack through the people mapping file (user id or email -> name as the
minutes write it) and then users.list (full name, display name, email). The ledger in the
store makes it at most once a day; a failed post is released and sent by the next run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import BotConfig
from bot.render_my_actions import reminder_message
from bot.service import MinutesService
from index.action_due import PersonDue, due_by_person
from index.reminder_ledger import ReminderLedger


@dataclass
class ReminderReport:
    """What a run did, person by person."""

    day: date
    due: list[PersonDue]
    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    opted_out: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # no Slack user, or not a person (an organisation, bare initials)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (person, Slack error)


def people_due(service: MinutesService, on: date) -> list[PersonDue]:
    """Every owner with open actions overdue or due within a week of `on`."""
    return due_by_person(service.store.actions(status="open"), on)


def slack_users_by_person(client: WebClient, config: BotConfig, service: MinutesService) -> dict[str, str]:
    """{person in the minutes: Slack user id}: the mapping file first, then every workspace member's names."""
    found: dict[str, str] = {}
    for key, name in config.people.items():
        person = service.person_named([name]) or name
        if "@" in key:
            try:
                user = client.users_lookupByEmail(email=key)["user"]
            except SlackApiError:
                continue
            found.setdefault(person, user["id"])
        else:
            found.setdefault(person, key)
    cursor = None
    while True:
        page = client.users_list(cursor=cursor, limit=200) if cursor else client.users_list(limit=200)
        for member in page.get("members") or []:
            if member.get("deleted") or member.get("is_bot") or member.get("id") == "USLACKBOT":
                continue
            profile = member.get("profile") or {}
            names = [profile.get("real_name"), member.get("real_name"), profile.get("display_name")]
            email = (profile.get("email") or "").casefold()
            if email:
                names.append(" ".join(re.split(r"[._-]+", email.split("@")[0])))
            person = service.person_named([n for n in names if n])
            if person:
                found.setdefault(person, member["id"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return found


def send_reminders(client: WebClient, config: BotConfig, service: MinutesService, on: date) -> ReminderReport:
    """Send today's digests; safe to run again (same day: nothing is sent twice)."""
    ledger = ReminderLedger(service.store.engine)
    report = ReminderReport(on, people_due(service, on))
    run = ledger.start_run(on, dry_run=False)
    users = slack_users_by_person(client, config, service) if any(p.kind == "person" for p in report.due) else {}
    for due in report.due:
        user = users.get(due.person) if due.kind == "person" else None
        if user is None:
            report.unmatched.append(due.person)
            continue
        if not ledger.enabled(user):
            report.opted_out.append(due.person)
            continue
        if not ledger.claim(due.person, user, on, len(due.actions)):
            report.already_sent.append(due.person)
            continue
        message = reminder_message(due.person, due.actions, on)
        try:
            channel = client.conversations_open(users=user)["channel"]["id"]
            client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)
        except (SlackApiError, OSError) as error:  # OSError: the connection itself failed
            ledger.release(due.person, on)
            reason = error.response.get("error") if isinstance(error, SlackApiError) else None
            report.failed.append((due.person, str(reason or error)))
            continue
        ledger.mark_sent(due.person, on)
        report.sent.append(due.person)
    ledger.finish_run(run, len(report.sent), len(report.failed))
    return report
