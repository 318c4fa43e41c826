"""Slack users as people in the minutes: the mapping file first, then users.info name and email."""

from __future__ import annotations

import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import BotConfig
from bot.service import MinutesService

_MENTION = re.compile(r"^<@(?P<id>[UW][A-Z0-9]+)(?:\|(?P<name>[^>]*))?>$")


def person_for_user(user_id: str, client: WebClient, config: BotConfig, service: MinutesService) -> tuple[str | None, str]:
    """(person in the minutes or None, how the user was described) for a Slack user id."""
    if user_id in config.people:
        return service.person_named([config.people[user_id]]) or config.people[user_id], config.people[user_id]
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError:
        return None, f"<@{user_id}>"
    profile = user.get("profile") or {}
    email = (profile.get("email") or "").casefold()
    if email and email in config.people:
        return service.person_named([config.people[email]]) or config.people[email], config.people[email]
    names = [profile.get("real_name"), user.get("real_name"), profile.get("display_name"), user.get("name")]
    if email:
        # "roger.hirst@essex.pcc.police.uk" -> "roger hirst"
        names.append(" ".join(re.split(r"[._-]+", email.split("@")[0])))
    names = [n for n in names if n]
    return service.person_named(names), names[0] if names else f"<@{user_id}>"


def person_for_argument(text: str, client: WebClient, config: BotConfig, service: MinutesService) -> tuple[str | None, str]:
    """`/actions @person` (escaped as <@U123|name>) or `/actions Roger Hirst`."""
    text = text.strip()
    mention = _MENTION.match(text)
    if mention:
        return person_for_user(mention.group("id"), client, config, service)
    return service.person_named([text]), text
