"""Builds the Bolt app and serves it: Socket Mode with SLACK_APP_TOKEN, else HTTP on /slack/events."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

from bot.config import BotConfig
from bot.deps import BotDeps
from bot.digest import start_digest_poster
from bot.listeners import register_listeners
from bot.middleware import dedupe_events
from bot.service import MinutesService

logger = logging.getLogger("minutes.bot")


def web_client(config: BotConfig) -> WebClient:
    """A Web API client that retries 429 (after Retry-After) and 5xx answers."""
    kwargs = {"base_url": config.api_url} if config.api_url else {}
    client = WebClient(token=config.bot_token, **kwargs)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    client.retry_handlers.append(ServerErrorRetryHandler(max_retry_count=2))
    return client


def build_app(config: BotConfig, service: MinutesService | None = None) -> tuple[App, BotDeps]:
    """The Bolt app with every listener registered (calls auth.test once)."""
    deps = BotDeps(config, service or MinutesService())
    app = App(
        client=web_client(config),
        signing_secret=config.signing_secret or "socket-mode-does-not-sign",
        token_verification_enabled=True,
        # Listener functions only acknowledge and hand questions to the answer pool (bot/answer_pool.py);
        # Bolt's default of 5 threads, shared with the answering, made acks wait behind answers.
        listener_executor=ThreadPoolExecutor(max_workers=config.http_threads, thread_name_prefix="listener"),
    )
    app.middleware(dedupe_events(deps.seen))
    register_listeners(app, deps)
    return app, deps


class HttpServer:
    """waitress serving the app's /slack/events: a real listen backlog and a pool of request threads.

    The standard library's servers listen with a backlog of 5, so a burst of deliveries was
    refused with connection resets. waitress accepts on one thread (poll, no select() limit)
    and runs `threads` requests at a time; each only verifies, dispatches and acknowledges,
    because answering runs on the bot's answer pool.
    """

    def __init__(self, app: App, host: str, port: int, threads: int = 16, backlog: int = 2048) -> None:
        from slack_bolt.adapter.wsgi import SlackRequestHandler
        from waitress.server import create_server

        self._server = create_server(
            SlackRequestHandler(app), host=host, port=port, threads=threads, backlog=backlog,
            connection_limit=max(1000, backlog), asyncore_use_poll=True, ident="minutes-bot",
            channel_timeout=60, cleanup_interval=30,
        )

    @property
    def server_port(self) -> int:
        return self._server.effective_port

    def serve_forever(self) -> None:
        self._server.run()

    def shutdown(self) -> None:
        self._server.task_dispatcher.shutdown(cancel_pending=False, timeout=5)
        self._server.close()


def http_server(app: App, host: str, port: int, config: BotConfig | None = None) -> HttpServer:
    """The production HTTP server for the app (use port 0 for a free one); call serve_forever()."""
    config = config or BotConfig(bot_token="")
    return HttpServer(app, host, port, threads=config.http_threads, backlog=config.http_backlog)


def socket_mode_handler(app: App, config: BotConfig):
    """Socket Mode over the app-level token; reconnects by itself when Slack asks it to."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    # Envelopes are acknowledged on these threads; answers go on to the answer pool.
    return SocketModeHandler(app, config.app_token, auto_reconnect_enabled=True, concurrency=config.http_threads)


def start_catch_up(service: MinutesService) -> threading.Thread:
    """In the background, bring the index up to date if the store got ahead of it (a crash
    mid-ingest); questions are answered from the live version until the new one is swapped in."""

    def run() -> None:
        from index.catch_up import index_lag

        lag = index_lag(service.store, service.index_root)
        if lag is None:
            return
        logger.warning("the index is behind the store (%s): building a new version; answering from the live one meanwhile",
                       lag.describe())
        try:
            version = service.catch_up()
        except Exception:  # the live version keeps serving; `minutes doctor` still reports the gap
            logger.exception("catching up the index failed; run `minutes reindex`")
            return
        logger.info("index caught up: version %s is live", version)

    thread = threading.Thread(target=run, name="index-catch-up", daemon=True)
    thread.start()
    return thread


def serve(config: BotConfig, host: str = "0.0.0.0") -> None:
    """Run until interrupted."""
    app, deps = build_app(config)
    if deps.processes is not None:
        deps.processes.warm()  # every answer process has the index loaded before the first question
    else:
        deps.service.engine()  # load the index before the first question
    start_catch_up(deps.service)
    start_digest_poster(deps.service, app.client, config)  # what an ingest queued (or a crash left), then every 5 min
    if config.socket_mode:
        socket_mode_handler(app, config).start()
        return
    server = http_server(app, host, config.port, config)
    logger.info("listening on http://%s:%s/slack/events (%s request threads, backlog %s, %s answer threads, queue %s, "
                "%s answer processes)", host, server.server_port, config.http_threads, config.http_backlog,
                config.answer_workers, config.answer_queue, config.answer_processes)
    server.serve_forever()
