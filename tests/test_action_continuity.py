"""Actions followed across meetings of the same body: by ref (action logs) and by meaning (prose)."""

import pytest

from corpus.minutes import parse_minutes
from index.action_continuity import LINK_THRESHOLD, link_by_meaning, score_pairs
from index.embeddings import default_embedder
from tests import halesworth_pair as pair
from tests.conftest import SAMPLES

ESSEX_JULY = SAMPLES / "000_af1fb986c0683f01.txt"

# The Essex board's next meeting, reporting in prose (no refs) on two of July's actions.
ESSEX_SEPTEMBER = """MINUTES
ESSEX POLICE PERFORMANCE AND RESOURCES BOARD
27 September 2018, 0930 to 1230, GF01, Kelvedon Park
Present:
Roger Hirst (RH)
Police, Fire and Crime Commissioner for Essex
Anna Hook (AH)
Head of Performance

1. Matters Arising
The Crystallise paper has now been added to the Forward Plan and will come to the December Board.
Richard Leicester said the paper for the October Board is still being drafted and will follow.

2. Finance
The overtime budget is forecast to overspend by £1.2m; the Board noted the position.

3. Any Other Business
There was no other business.
"""


@pytest.mark.skipif(not pair.available(), reason="../shared/corpus/real (Halesworth minutes) not present")
def test_halesworth_january_actions_are_linked_to_what_march_reports():
    january = pair.january_actions()
    assert set(january) == set(pair.JANUARY_ACTIONS)
    names = {action.key: number for number, action in january.items()}
    links = link_by_meaning(list(january.values()), pair.march_paragraphs(), default_embedder())
    found = {names[link.action_key]: (link.item_number, link.status) for link in links}
    assert found == pair.EXPECTED
    shed = next(link for link in links if names[link.action_key] == "3.2")
    assert shed.quote.startswith("A shed has been ordered to house the chairs")


@pytest.mark.skipif(not pair.available(), reason="../shared/corpus/real (Halesworth minutes) not present")
def test_halesworth_threshold_separates_reports_from_everything_else():
    """The measured margin: every true report above the threshold, every other pair below it."""
    january = pair.january_actions()
    paragraphs = pair.march_paragraphs()
    names = {action.key: number for number, action in january.items()}
    scores = score_pairs(list(january.values()), paragraphs, default_embedder())
    true = [s.score for s in scores if pair.EXPECTED.get(names[s.action_key], (None,))[0] == paragraphs[s.paragraph].item_number]
    other = [s.score for s in scores if pair.EXPECTED.get(names[s.action_key], (None,))[0] != paragraphs[s.paragraph].item_number]
    assert len(true) == len(pair.EXPECTED)
    assert min(true) > LINK_THRESHOLD > max(other)


def test_later_meeting_prose_updates_status_and_history(store, tmp_path):
    store.ingest(parse_minutes(ESSEX_JULY), ESSEX_JULY)
    later = tmp_path / "005_september.txt"
    later.write_text(ESSEX_SEPTEMBER)
    store.ingest(parse_minutes(later), later)
    actions = {a.ref: a for a in store.actions(status="all") if a.source == ESSEX_JULY.name}

    crystallise = actions["45/18"]  # "AH to add Crystallise paper to Forward Plan"
    assert crystallise.status == "closed" and crystallise.state == "done"
    [report] = crystallise.history
    assert (report.source, report.meeting_date, report.method, report.status) == ("005_september.txt", "2018-09-27", "meaning", "done")
    assert report.quote.startswith("The Crystallise paper has now been added")

    paper = actions["47/18"]  # "RL to bring paper to October P&R Board"
    assert paper.status == "open" and paper.state == "carried forward"
    assert [h.status for h in paper.history] == ["carried forward"]

    asb = actions["48/18"]  # "AH to put ASB onto Forward Plan": similar words, not reported on
    assert asb.history == [] and asb.status == "open"
    linked_quotes = {h.quote for a in actions.values() for h in a.history}
    assert not any("overspend" in q or "no other business" in q for q in linked_quotes)

    assert store.remove(later.name)
    assert all(not a.history and a.status == "open" for a in store.actions(status="all") if a.ref in ("45/18", "47/18"))


def _histories(store):
    return sorted((a.source, a.ref or "", a.description, a.status,
                   tuple((h.source, h.method, h.status, h.quote) for h in a.history))
                  for a in store.actions(status="all"))


def test_a_batch_refreshes_each_board_once_with_the_same_histories(store, tmp_path):
    from pathlib import Path

    from index.ingest_files import ingest_paths
    from index.store import Store

    later = tmp_path / "005_september.txt"
    later.write_text(ESSEX_SEPTEMBER)
    tsc = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scale" / "nodejs-tsc"
    files = [ESSEX_JULY, later] + sorted(tsc.glob("2016-0[1-4]-*.md"))[::-1]  # newest first: links must still form
    one_by_one = Store.open(f"sqlite:///{tmp_path}/one_by_one.db")
    for path in files:
        one_by_one.ingest(parse_minutes(path), path)  # the board refreshed after every file

    summary = ingest_paths(store, files)
    assert len(summary.added) == len(files)
    batch = _histories(store)
    assert batch == _histories(one_by_one)
    assert sum(1 for *_, history in batch if history) >= 2  # something was followed across meetings
    one_by_one.engine.dispose()


def test_history_an_interrupted_batch_owed_is_refreshed_by_the_catch_up(store, tmp_path):
    from index.catch_up import catch_up

    later = tmp_path / "005_september.txt"
    later.write_text(ESSEX_SEPTEMBER)
    for path in (ESSEX_JULY, later):
        store.ingest(parse_minutes(path), path, defer_history=True)  # then the process died
    crystallise = next(a for a in store.actions(status="all") if a.ref == "45/18")
    assert crystallise.history == [] and crystallise.status == "open"
    catch_up(store, tmp_path / "index")
    crystallise = next(a for a in store.actions(status="all") if a.ref == "45/18")
    assert crystallise.status == "closed" and [h.method for h in crystallise.history] == ["meaning"]
    assert store.refresh_pending_history() == 0  # nothing left owed
