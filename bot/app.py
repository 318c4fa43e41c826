"""Builds the Bolt app and serves it: Socket Mode with SLACK_APP_TOKEN, else HTTP on /slack/events."""

from __future__ import annotations

import logging
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from socketserver import ThreadingMixIn

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

from bot.config import BotConfig
from bot.deps import BotDeps
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
    )
    app.middleware(dedupe_events(deps.seen))
    register_listeners(app, deps)
    return app, deps


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the stdlib's name
        logger.info("%s " + format, self.address_string(), *args)


def http_server(app: App, host: str, port: int) -> WSGIServer:
    """A threaded WSGI server for the app's /slack/events (use port 0 for a free one)."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    return make_server(host, port, SlackRequestHandler(app), server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)


def socket_mode_handler(app: App, config: BotConfig):
    """Socket Mode over the app-level token; reconnects by itself when Slack asks it to."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(app, config.app_token, auto_reconnect_enabled=True)


def serve(config: BotConfig, host: str = "0.0.0.0") -> None:
    """Run until interrupted."""
    app, deps = build_app(config)
    deps.service.engine()  # load the index before the first question
    if config.socket_mode:
        socket_mode_handler(app, config).start()
        return
    server = http_server(app, host, config.port)
    logger.info("listening on http://%s:%s/slack/events", host, server.server_port)
    server.serve_forever()
