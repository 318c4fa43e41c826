"""Re-indexing without downtime: incremental and full builds, removal, failures, concurrent
readers, and a second process that picks up new versions from a shared PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.service import MinutesService
from index.ingest_files import ingest_paths
from index.reindex import reindex
from index.search_index import current_version, load_index
from index.store import Store
from tests.conftest import SAMPLES, _fresh_postgres_database

ROOT = Path(__file__).resolve().parents[1]
FORENSICS = "Who owns the digital forensics action?"


@pytest.fixture
def minutes_dir(tmp_path) -> Path:
    """Copies of three sample minutes, which tests may edit."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    for name in ("000_af1fb986c0683f01.txt", "002_4f17c99a753820d4.txt", "004_b54d0e956782b075.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def test_incremental_reindex_parses_and_embeds_only_what_changed_and_full_redoes_all(tmp_path, minutes_dir):
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [minutes_dir])
    first = reindex(store, tmp_path / "index")
    assert first.version == 1 and first.embedded > first.passages  # passages and actions
    unchanged = reindex(store, tmp_path / "index")
    assert (unchanged.version, unchanged.embedded, unchanged.reparsed) == (2, 0, [])
    edited = minutes_dir / "002_4f17c99a753820d4.txt"
    edited.write_text(edited.read_text().replace("5.8 The Commissioner asked that his congratulations",
                                                 "5.8 The Board heard that the new helicopter hangar would open in May. The Commissioner asked that his congratulations"))
    changed = reindex(store, tmp_path / "index")
    assert changed.reparsed == ["002_4f17c99a753820d4.txt"]
    assert 0 < changed.embedded <= 3  # the edited item's passage (and nothing else)
    service = MinutesService(store, tmp_path / "index")
    assert "helicopter hangar" in service.ask("When will the helicopter hangar open?").text
    progress: list[str] = []
    full = reindex(store, tmp_path / "index", full=True, progress=lambda stage, done, total: progress.append(stage))
    assert full.embedded == full.passages + len(load_index(tmp_path / "index").actions)
    assert sorted(full.reparsed) == sorted(p.name for p in minutes_dir.iterdir())
    assert {"parsing", "embedding", "indexing"} <= set(progress)


def test_vectors_made_another_way_are_not_taken_over(tmp_path, minutes_dir):
    from index.embeddings import OnnxEmbedder, default_embedder, model_path
    from index.onnx_export import ONNX_FILE, exported_model_dir
    from index.search_index import embedder_signature

    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [minutes_dir])
    first = reindex(store, tmp_path / "index")
    assert load_index(tmp_path / "index").embedder == embedder_signature(default_embedder())
    # A model change (here fp32 weights for int8): every vector is made again, none mixed in.
    fp32 = OnnxEmbedder(model_path(), exported_model_dir(model_path()) / ONNX_FILE)
    assert fp32.signature != default_embedder().signature
    again = reindex(store, tmp_path / "index", embedder=fp32)
    assert again.embedded == first.embedded
    assert load_index(tmp_path / "index").embedder == embedder_signature(fp32)
    assert reindex(store, tmp_path / "index", embedder=fp32).embedded == 0


def test_removing_a_document_removes_it_from_answers(database_url, minutes_dir):
    run = lambda *a: subprocess.run([sys.executable, "-m", "cli.main", *a], capture_output=True, text=True, cwd=ROOT)
    assert run("ingest", str(minutes_dir)).returncode == 0
    before = json.loads(run("ask", FORENSICS, "--json").stdout)
    assert before["found"] and before["actions"][0]["ref"] == "46/18"
    removed = run("remove", "000_af1fb986c0683f01.txt")
    assert removed.returncode == 0 and "removed 000_af1fb986c0683f01.txt" in removed.stdout
    after = json.loads(run("ask", FORENSICS, "--json").stdout)
    assert not after["found"] and after["actions"] == []
    assert all(not p["source"].startswith("000") for p in after["passages"])
    assert "46/18" not in run("actions", "--status", "all").stdout
    missing = run("remove", "000_af1fb986c0683f01.txt")
    assert missing.returncode == 1 and "no minutes called" in missing.stderr


class FailingEmbedder:
    dimension = 384

    def embed(self, texts):
        raise RuntimeError("disk full while embedding")


def test_a_failed_reindex_leaves_the_live_version_serving(tmp_path, minutes_dir):
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [minutes_dir / "000_af1fb986c0683f01.txt"])
    service = MinutesService(store, tmp_path / "index")
    service.reindex()
    ingest_paths(store, [minutes_dir / "002_4f17c99a753820d4.txt"])
    with pytest.raises(RuntimeError, match="disk full"):
        reindex(store, tmp_path / "index", embedder=FailingEmbedder())
    assert current_version(tmp_path / "index") == 1
    assert not list((tmp_path / "index").glob("*.building"))
    assert service.ask(FORENSICS).found


def test_queries_during_reindexing_never_fail_or_see_half_an_index(tmp_path, minutes_dir):
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [minutes_dir / "000_af1fb986c0683f01.txt"])
    service = MinutesService(store, tmp_path / "index")
    service.reindex()
    stop = threading.Event()
    answers, failures, versions = [], [], set()

    def ask_forever() -> None:
        while not stop.is_set():
            try:
                answer = service.ask(FORENSICS)
                versions.add(service.engine().version)
                answers.append(answer.found and [a.ref for a in answer.actions] == ["46/18"] and "Stephen Kavanagh (SK)" in answer.text)
            except Exception as error:  # noqa: BLE001 - any failure is what this test looks for
                failures.append(repr(error))

    readers = [threading.Thread(target=ask_forever) for _ in range(3)]
    for reader in readers:
        reader.start()
    for extra in ("002_4f17c99a753820d4.txt", "004_b54d0e956782b075.txt", None, None):
        if extra:
            ingest_paths(store, [minutes_dir / extra])
        service.reindex(full=extra is None)
    stop.set()
    for reader in readers:
        reader.join()
    assert failures == []
    assert len(answers) > 20 and all(answers)
    assert len(versions) >= 3  # readers moved across versions while answering


READER = """
import json, sys
from bot.service import MinutesService
service = MinutesService()
for line in sys.stdin:
    answer = service.ask(line.strip())
    print(json.dumps({"version": service.engine().version, "found": answer.found, "text": answer.text}), flush=True)
"""


def test_a_second_process_loads_a_newer_version_from_the_shared_database(postgres_server, tmp_path, minutes_dir):
    url, drop = _fresh_postgres_database(postgres_server)
    env = {**os.environ, "MINUTES_DATABASE_URL": url, "MINUTES_HOME": str(tmp_path / "shared-home")}
    cli = lambda *a: subprocess.run([sys.executable, "-m", "cli.main", *a], env=env, capture_output=True, text=True, cwd=ROOT, check=True)
    try:
        cli("ingest", str(minutes_dir / "000_af1fb986c0683f01.txt"))
        reader = subprocess.Popen([sys.executable, "-c", READER], env=env, cwd=ROOT, text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            def ask(question: str) -> dict:
                reader.stdin.write(question + "\n")
                reader.stdin.flush()
                return json.loads(reader.stdout.readline())

            first = ask(FORENSICS)
            assert first["found"] and first["version"] == 1
            assert not ask("What did the Cambridgeshire board decide about restorative justice?")["found"]
            cli("ingest", str(minutes_dir / "002_4f17c99a753820d4.txt"))  # another process builds version 2
            store = Store.open(url)
            assert store.live_index_version() == 2
            store.engine.dispose()
            second = ask("What did the Cambridgeshire board decide about restorative justice?")
            assert second["version"] == 2 and second["found"] and "Restorative Justice" in second["text"]
        finally:
            reader.stdin.close()
            reader.wait(30)
    finally:
        drop()
