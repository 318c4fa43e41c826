"""benchmarks/coverage.py on the sample minutes: the unlabeled-pool report must be sane where we know the answers."""

from __future__ import annotations

from pathlib import Path

from benchmarks.coverage import TimedParser, action_wording, measure

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def test_samples_coverage_is_complete() -> None:
    report = measure([SAMPLES], timeout=120)

    assert [org.organisation for org in report.organisations] == ["samples"]
    samples = report.organisations[0]
    assert samples.documents == samples.readable == len(list(SAMPLES.iterdir())) == 5
    assert report.unreadable == []
    # every sample is dated, has its agenda items and an attendance list
    assert samples.dated == samples.two_items == samples.people == 1.0
    # documents whose text says "Action ..." or "X to ..." have actions extracted,
    # and every extracted action sits in an item; most name an owner
    assert samples.with_wording >= 4
    assert samples.wording_with_action == 1.0
    assert samples.actions >= 30
    assert samples.actions_with_item == 1.0
    assert samples.actions_with_owner is not None and samples.actions_with_owner >= 0.5
    assert report.total.documents == 5


def test_unreadable_files_are_reported_with_their_reason(tmp_path: Path) -> None:
    org = tmp_path / "some-board"
    org.mkdir()
    (org / "empty.txt").write_text("   \n", encoding="utf-8")
    (org / "notes.mkd").write_text("# Minutes\n", encoding="utf-8")
    (org / "minutes.md").write_text((SAMPLES / "000_af1fb986c0683f01.txt").read_text(encoding="utf-8"), encoding="utf-8")

    report = measure([tmp_path], timeout=120)

    reasons = {Path(entry["path"]).name: entry["reason"] for entry in report.unreadable}
    assert set(reasons) == {"empty.txt", "notes.mkd"}
    assert "empty" in reasons["empty.txt"] and ".mkd" in reasons["notes.mkd"]
    (board,) = report.organisations
    assert (board.organisation, board.documents, board.readable, board.unreadable) == ("some-board", 3, 1, 2)
    assert board.dated == 1.0


def test_a_file_over_the_time_limit_is_reported_and_the_next_one_still_parses() -> None:
    sample = str(SAMPLES / "000_af1fb986c0683f01.txt")
    parser = TimedParser(timeout=0.001)
    try:
        slow = parser.parse(sample, "samples")
        parser.timeout = 120
        normal = parser.parse(sample, "samples")
    finally:
        parser.close()
    assert slow.error is not None and "timed out" in slow.error
    assert normal.error is None and len(normal.items) >= 2


def test_action_wording_rules() -> None:
    lines = [
        "Present: Jonathan Smith (Chair)",
        "ACTION: Clerk to write to the highways authority",
        "Jonathan will set up a server by Sept. 8th",
        "- [ ] open an issue about the CI machines",
        "Action Point 5 For ECC to share the current work with Safer Essex.",
        "## Action items",
        "@mhdawson to open a PR",
        "Action items",
        "Backlog",
        "We will discuss this next week",
        "The board agreed to defer the item",
        "It was decided to hold the AGM in May",
    ]
    hits = action_wording(lines)
    assert hits == {"marker": 2, "owner + will/to": 2, "task box": 1, "heading": 1}
    assert action_wording(lines[9:]) == {}


def test_owner_wording_needs_a_name_the_document_uses() -> None:
    lines = [
        "Present: Niko Matsakis, Josh Triplett",
        "Niko to start FCP and summarize the above",
        "Subscribe to the YouTube channel",
        "Remember to nominate people for the spotlight",
        "Josh will write a summary",
        "Seen in real-world usage. Niko to ping the group.",
    ]
    examples: list[str] = []
    assert action_wording(lines, examples) == {"owner + will/to": 3}
    assert examples == [lines[1], lines[4], lines[5]]


def test_pool_manifest_names_300_minutes_of_10_organisations() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks" / "pool"))
    from build_pool import read_manifest

    entries = read_manifest()
    assert len(entries) >= 300
    assert len({entry.organisation for entry in entries}) >= 10
    assert len({entry.pool_path for entry in entries}) == len(entries)  # no two documents on one path
    assert all(len(entry.commit) == 40 and len(entry.sha256) == 64 for entry in entries)
