"""Shared fixtures: isolated MINUTES_HOME, and the store on SQLite and on a real PostgreSQL.

The PostgreSQL 15 server is started for the session with initdb/pg_ctl on a temp dir and
a free loopback port. PostgreSQL refuses to run as root (CI runs as root), so then the
binaries run as the `postgres` system user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


@pytest.fixture(scope="session", autouse=True)
def loopback_only():
    """No test reaches the network: connections to anything but loopback are refused."""
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(sock: socket.socket, address) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if not (host.startswith("127.") or host in ("::1", "localhost")):
                raise ConnectionRefusedError(f"tests may only connect to loopback, not {host}")

    def connect(sock, address):
        check(sock, address)
        return original_connect(sock, address)

    def connect_ex(sock, address):
        check(sock, address)
        return original_connect_ex(sock, address)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    yield
    socket.socket.connect, socket.socket.connect_ex = original_connect, original_connect_ex


@pytest.fixture(scope="session", autouse=True)
def model_cache(tmp_path_factory) -> Path:
    """One ONNX export of the embedding model for the whole session (module fixtures included)."""
    cache = tmp_path_factory.mktemp("models")
    os.environ["MINUTES_MODEL_CACHE"] = str(cache)
    os.environ["MINUTES_HOME"] = str(tmp_path_factory.mktemp("session-home"))
    return cache


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch, model_cache):
    """Tests never touch the user's store or real Slack settings."""
    monkeypatch.setenv("MINUTES_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MINUTES_MODEL_CACHE", str(model_cache))
    monkeypatch.delenv("MINUTES_DATABASE_URL", raising=False)
    monkeypatch.delenv("MINUTES_MAX_FILE_MB", raising=False)
    for key in list(os.environ):
        if key.startswith("SLACK_"):
            monkeypatch.delenv(key)


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """A running PostgreSQL server for the whole test session: yields its base URL."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 binaries not found in {PG_BIN}")
    root = Path(tempfile.mkdtemp(prefix="minutes-pg-"))
    root.chmod(0o755)
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
                   check=True, capture_output=True)
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockets} -c fsync=off"
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _fresh_postgres_database(base: str) -> tuple[str, callable]:
    import psycopg

    name = f"test_{uuid.uuid4().hex[:12]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop(engine=None) -> None:
        if engine is not None:
            engine.dispose()
        with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, monkeypatch):
    """A URL for an empty database on each backend; also set as MINUTES_DATABASE_URL."""
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'minutes.db'}", None
    else:
        url, drop = _fresh_postgres_database(request.getfixturevalue("postgres_server"))
    monkeypatch.setenv("MINUTES_DATABASE_URL", url)
    yield url
    if drop:
        drop()


@pytest.fixture
def store(database_url):
    """An empty `Store` on each backend."""
    from index.store import Store

    opened = Store.open(database_url)
    yield opened
    opened.engine.dispose()
