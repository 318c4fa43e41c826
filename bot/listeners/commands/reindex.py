"""`/reindex` (admins only): build a new index version beside the live one and swap it in."""

from __future__ import annotations

from slack_bolt import App

from bot.correction_notices import notify_orphaned_corrections
from bot.deps import BotDeps


def register(app: App, deps: BotDeps) -> None:
    def ack_reindex(ack, command) -> None:
        if not deps.is_admin(command.get("user_id")):
            ack(response_type="ephemeral", text="Sorry, only admins can re-index the minutes. Nothing was changed.")
            return
        ack(response_type="ephemeral", text="Re-indexing the minutes; I'll tell you when the new index is live.")

    def run_reindex(command, respond, client, logger) -> None:
        if not deps.is_admin(command.get("user_id")):
            return
        try:
            result = deps.service.reindex()
        except Exception as error:  # the previous version keeps serving; say why
            logger.exception("re-index failed")
            respond(response_type="ephemeral", replace_original=False,
                    text=f"Re-indexing failed ({error}); the previous index is still answering.")
            return
        kept = f" {len(result.failed)} file(s) could not be read again and were kept as stored." if result.failed else ""
        respond(response_type="ephemeral", replace_original=False,
                text=f"Re-index done: index version {result.version} is live ({result.passages} passages, "
                     f"{result.embedded} newly embedded).{kept}")
        notify_orphaned_corrections(client, deps.service.store)

    app.command("/reindex")(ack=ack_reindex, lazy=[run_reindex])
