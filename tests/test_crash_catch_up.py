"""An ingest killed after storing and before the index swap: the next ingest, or a serve start, catches up.

Real processes: `minutes ingest` is started and SIGKILLed once the store holds every new
file (it is then embedding the new passages); a reader in this process keeps answering from
the live version all the while.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.service import MinutesService
from index.catch_up import index_lag
from index.ingest_files import ingest_paths
from index.search_index import build_index, current_version
from index.store import Store
from tests.conftest import SAMPLES
from tests.slack_mock import MockSlack
from tests.loopback_bot import SECRET, Bot, event, mention

ROOT = Path(__file__).resolve().parents[1]
NODEJS = ROOT.parent / "shared" / "corpus" / "scale" / "nodejs-tsc"
pytestmark = pytest.mark.skipif(not NODEJS.exists(), reason="the shared nodejs-tsc corpus is not beside the project")


class Reader:
    """Asks a question every 50 ms from the live version; records (version, answered) per question."""

    def __init__(self, service: MinutesService) -> None:
        self.service, self.results, self.errors = service, [], []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                answer = self.service.ask("Who owns the digital forensics action?")
                self.results.append((self.service.engine().version, "Stephen Kavanagh" in answer.text))
            except Exception as error:  # noqa: BLE001 - any failure is the finding
                self.errors.append(repr(error))
            time.sleep(0.05)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    url = f"sqlite:///{home / 'minutes.db'}"
    monkeypatch.setenv("MINUTES_HOME", str(home))
    monkeypatch.setenv("MINUTES_DATABASE_URL", url)
    store = Store.open(url)
    ingest_paths(store, [SAMPLES])
    build_index(store, home / "index")
    return home, store


def _environment(extra: dict | None = None) -> dict:
    return {**os.environ, "HF_HUB_OFFLINE": "1", **(extra or {})}


def _kill_mid_index(store: Store, folder: Path, index: Path) -> None:
    """Start `minutes ingest folder`; SIGKILL it once every file is stored, before the new version is live."""
    files = len(list(folder.iterdir()))
    before = len(store.document_hashes())
    live = current_version(index)
    ingest = subprocess.Popen([sys.executable, "-m", "cli.main", "ingest", str(folder)], cwd=ROOT, env=_environment(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    while len(store.document_hashes()) < before + files and time.monotonic() < deadline and ingest.poll() is None:
        time.sleep(0.02)
    ingest.send_signal(signal.SIGKILL)
    ingest.wait(30)
    assert len(store.document_hashes()) == before + files, "the ingest should have stored every file"
    assert current_version(index) == live, "killed too late: the new version was already live"
    assert index_lag(store, index) is not None


def _copy(names: list[Path], folder: Path) -> Path:
    folder.mkdir()
    for path in names:
        shutil.copy(path, folder / path.name)
    return folder


def test_the_next_ingest_catches_up_and_answers_never_stop(home, tmp_path):
    home, store = home
    index = home / "index"
    reader = Reader(MinutesService(Store.open(os.environ["MINUTES_DATABASE_URL"]), index_root=index))
    live = current_version(index)
    folder = _copy(sorted(NODEJS.glob("*.md"))[100:125], tmp_path / "tsc")
    _kill_mid_index(store, folder, index)
    lag = index_lag(store, index)
    assert len(lag.not_indexed) == 25 and lag.still_indexed == []

    again = subprocess.run([sys.executable, "-m", "cli.main", "ingest", str(folder)], cwd=ROOT, env=_environment(),
                           capture_output=True, text=True)
    assert again.returncode == 0 and "skipped 25" in again.stdout
    assert "the index is behind the store (index version" in " ".join(again.stderr.split())
    assert current_version(index) > live and index_lag(store, index) is None
    time.sleep(0.5)
    reader.stop()
    assert reader.errors == []
    assert len(reader.results) > 20 and all(answered for _, answered in reader.results)
    assert reader.results[0][0] == live and reader.results[-1][0] == current_version(index)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_serve_start_catches_up_while_answering_from_the_live_version(home, tmp_path):
    home, store = home
    index = home / "index"
    live = current_version(index)
    folder = _copy(sorted(NODEJS.glob("*.md"))[150:175], tmp_path / "tsc")
    _kill_mid_index(store, folder, index)

    slack = MockSlack()
    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=_environment({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url,
                          "PORT": str(port)}))
    try:
        bot = Bot(f"http://127.0.0.1:{port}/slack/events", None, slack)
        asked, versions, n = [], [], 0
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:  # ask every 0.3 s until the new version is live, then once more
            ts = f"17000030{n:02d}.000100"
            version = current_version(index)
            try:
                status, _, _ = event(bot, mention("who owns the digital forensics action?", ts))
            except OSError:  # not listening yet
                time.sleep(0.2)
                continue
            assert status == 200
            asked.append(ts)
            versions.append(version)
            n += 1
            if current_version(index) != live and index_lag(store, index) is None and n > 1:
                break
            time.sleep(0.3)
        assert current_version(index) > live and index_lag(store, index) is None
        assert versions[0] == live  # asked while the serve process was still catching up
        wanted = set(asked)
        replies = slack.wait_for("chat.postMessage", len(asked), timeout=120, where=lambda c: c.body.get("thread_ts") in wanted)
        assert sorted(c.body["thread_ts"] for c in replies) == sorted(asked)
        assert all("Stephen Kavanagh (SK)" in c.body["text"] for c in replies)
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            _, log = serve.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            _, log = serve.communicate()
        slack.close()
    lines = [json.loads(line) for line in log.decode().splitlines() if line.startswith("{")]
    assert any("the index is behind the store" in line.get("message", "") for line in lines)
    assert any("index caught up" in line.get("message", "") for line in lines)
