"""Answers on the sample minutes: the shared gold questions, our own, and "not found".

The thresholds are the issue's: recall@5 ≥ 0.97 and answered ≥ 0.95 in hybrid mode, and
hybrid at least as good as bm25 and dense alone. `extra-questions.jsonl` holds questions
written for this project in the same genre (action owners, people's actions, attendance,
meeting details, facts with filters), so tuning to the shared 30 shows up as a failure.
"""

from pathlib import Path

import pytest

from index.ingest_files import ingest_paths
from index.search_index import build_index
from index.store import Store
from retrieval.engine import AnswerEngine
from retrieval.evaluation import read_questions, score, summarise
from retrieval.intents import Intent
from tests.conftest import SAMPLES

GOLD = Path(__file__).parent / "gold"
NODEJS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scale" / "nodejs-tsc"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("answers")
    store = Store.open(f"sqlite:///{root / 'm.db'}")
    ingest_paths(store, [SAMPLES])
    return AnswerEngine(build_index(store, root / "index"), store)


def run(engine, file: str, mode: str):
    questions = read_questions(GOLD / file)
    answers = [engine.ask(q.question, k=10, mode=mode) for q in questions]
    return summarise(mode, [score(q, a) for q, a in zip(questions, answers)], answers)


def test_seed_questions_meet_the_thresholds(engine):
    hybrid, bm25, dense = (run(engine, "seed-questions.jsonl", mode) for mode in ("hybrid", "bm25", "dense"))
    assert hybrid.questions == 30
    assert hybrid.recall[5] >= 0.97 and hybrid.answered >= 0.95
    assert hybrid.recall[5] >= bm25.recall[5] and hybrid.recall[5] >= dense.recall[5]
    assert hybrid.mrr >= bm25.mrr and hybrid.mrr >= dense.mrr


def test_our_own_questions_of_the_genre(engine):
    metrics = run(engine, "extra-questions.jsonl", "hybrid")
    assert metrics.questions == 15
    assert metrics.recall[5] >= 0.9 and metrics.answered >= 0.9


@pytest.mark.parametrize("question", [
    "Who owns the drone procurement action?",
    "What did the board decide about the 2031 budget?",
    "Who owns the helicopter replacement action?",
    "What did the board decide about the swimming pool?",
    "How much was spent on the Mars mission?",
])
def test_questions_the_minutes_cannot_answer_are_not_found(engine, question):
    answer = engine.ask(question)
    assert not answer.found and answer.actions == []
    # Told plainly, first and on a line of its own, that the minutes don't say; then the nearest
    # passage, marked as only possibly related.
    first, *rest = answer.text.splitlines()
    assert first.startswith("The minutes don't") and first.endswith(".") and "closest" not in first
    assert rest and rest[0].startswith("Possibly related — closest:")
    assert answer.passages  # the closest passages, shown as possibly related


def test_action_owner_answer_names_the_person_ref_due_status_and_cites_the_item(engine):
    answer = engine.ask("Who owns the digital forensics action?")
    assert answer.found and answer.intent is Intent.ACTION_OWNER
    assert [a.ref for a in answer.actions] == ["46/18"]
    for part in ("Stephen Kavanagh (SK)", "46/18", "November 2018", "open"):
        assert part in answer.text
    cited = answer.passages[0].passage
    assert (cited.source, cited.item, cited.item_title) == ("000_af1fb986c0683f01.txt", "2", "Digital Forensics")


def test_a_persons_open_actions(engine):
    answer = engine.ask("What are Roger Hirst's open actions?")
    assert answer.intent is Intent.PERSON_ACTIONS and answer.people == ["Roger Hirst"]
    assert {a.ref for a in answer.actions} == {"02/18", "33/18", "67/16", "71/16"}
    assert answer.text.startswith("Roger Hirst (RH) has 4 open actions")
    assert all(a.status == "open" for a in answer.actions)


def test_an_action_by_its_ref_but_not_a_financial_year(engine):
    lookup = engine.ask("What is action 72/16?")
    assert lookup.intent is Intent.ACTION_LOOKUP and [a.ref for a in lookup.actions] == ["72/16"]
    assert "Richard Leicester (RL)" in lookup.text
    fact = engine.ask("What was the forecast revenue overspend at quarter 1 of 2018/19?")
    assert fact.intent is Intent.FACT and "£2m" in fact.text


def test_attendance_and_meeting_details(engine):
    apologies = engine.ask("Who sent apologies to the Cambridgeshire Business Coordination Board in November 2015?")
    assert apologies.intent is Intent.ATTENDANCE and "Alec Wood" in apologies.text
    where = engine.ask("Where did the Cambridgeshire Business Coordination Board meet?")
    assert where.intent is Intent.MEETING and "Swansley A Room, Cambourne" in where.text and "26 November 2015" in where.text


def test_decisions_quote_the_minutes_and_cite_them(engine):
    answer = engine.ask("What did the Cambridgeshire board decide about restorative justice?")
    assert answer.intent is Intent.DECISION and answer.found
    quoted = answer.text.split("“", 1)[1].split("”", 1)[0]
    cited = answer.passages[0].passage
    assert " ".join(quoted.split()) in " ".join(cited.text.split())  # extractive: the minutes' own words
    assert (cited.source, cited.item) == ("002_4f17c99a753820d4.txt", "4")
    assert "Business Coordination Board, 26 November 2015, item 4" in answer.text


@pytest.mark.skipif(not NODEJS.exists(), reason="the shared nodejs-tsc corpus is not beside the project")
def test_another_genre_markdown_notes_with_informal_actions(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [NODEJS / "2021-11-04.md", NODEJS / "2021-07-01.md", NODEJS / "2021-07-14.md"])
    engine = AnswerEngine(build_index(store, tmp_path / "index"), store)
    summary = engine.ask("Who will write a summary on the http client?")
    assert summary.found and "Matteo" in summary.text
    attended = engine.ask("Who attended the TSC meeting on 4 November 2021?")
    assert attended.intent is Intent.ATTENDANCE
    for name in ("Antoine du Hamel", "Beth Griggs", "Michael Dawson", "Richard Lau"):
        assert name in attended.text
    assert not engine.ask("Who owns the drone procurement action?").found


# --- questions as staff ask them (issue 10): phrasings written for these tests, not the gold files ---

@pytest.mark.parametrize("question, ref, owner", [
    ("who's sorting out the decision sheet for the virements?", "54/18", "Debbie Martin (DM)"),
    ("Who is chasing the clinical commissioning groups?", "51/18", "Anna Hook (AH)"),
    ("Who volunteered to bring the PEQF information back?", "47/18", "Richard Leicester (RL)"),  # prose names RL; the record is shown
])
def test_action_synonyms_answer_from_the_action_record_with_owner_in_full(engine, question, ref, owner):
    answer = engine.ask(question)
    assert answer.found and [a.ref for a in answer.actions] == [ref]
    assert owner in answer.text and ref in answer.text
    assert answer.supporting == 1 and answer.sources[0].passage.item == answer.actions[0].item


def test_what_a_person_still_has_outstanding_lists_their_actions(engine):
    answer = engine.ask("What does Anna Hook still have outstanding?")
    assert answer.intent is Intent.PERSON_ACTIONS and answer.found
    assert {"45/18", "48/18", "50/18", "51/18", "52/18", "53/18"} <= {a.ref for a in answer.actions}


def test_a_sentence_that_opens_a_list_keeps_its_list(engine):
    answer = engine.ask("What items would the Dorset panel consider at its November 2017 meeting?")
    assert answer.found
    for entry in ("Pillar lead contributions", "Knife Crime Report"):
        assert entry in answer.text


@pytest.mark.parametrize("question, holds", [
    ("What proportion of hate crimes were racially orientated?", "two-thirds"),
    ("How many recruits were there in July?", "54 recruits"),
    ("What became of the request to extend Hannah Watson's appointment?", "approved"),
])
def test_the_answer_span_holds_the_kind_of_thing_asked(engine, question, holds):
    answer = engine.ask(question)
    assert answer.found and holds in answer.text


@pytest.mark.parametrize("question, says", [
    ("How much rent would the Chelmsford hub pay?", "The minutes don't give the amount"),  # rent is discussed, no figure
    ("Which sergeant chairs the hate crime task and finish group?", "The minutes don't say who"),  # only "a Det Supt"
])
def test_near_misses_are_not_found_and_quote_the_closest(engine, question, says):
    answer = engine.ask(question)
    assert not answer.found and answer.text.startswith(says) and "closest:" in answer.text
    assert answer.sources == [] and answer.related()


def test_a_board_named_in_the_question_does_not_hide_the_answer_held_elsewhere(engine):
    # Cambridgeshire's minutes say nothing about the digital forensics gateway: the search widens.
    answer = engine.ask("What did the Cambridgeshire board say about the digital forensics gateway?")
    assert answer.found and (answer.passages[0].passage.source, answer.passages[0].passage.item) == ("000_af1fb986c0683f01.txt", "2")
    # ... while a board that holds the topic still restricts the search.
    restricted = engine.understand("What did the Cambridgeshire board say about hate crime?")
    assert restricted.restricted and {r.passage.source[:3] for r in restricted.passages} == {"002"}


def test_eval_split_fits_on_one_half_and_reports_the_other(engine):
    from retrieval.evaluation import split_fit, split_halves

    questions = read_questions(GOLD / "seed-questions.jsonl") + read_questions(GOLD / "extra-questions.jsonl")
    fit, held = split_halves(questions)
    assert fit and held and not set(fit) & set(held) and len(fit) + len(held) == len(questions)
    report = split_fit(engine, questions)
    assert report.fit.questions + report.held_out.questions == len(questions)
    assert set(report.fitted) == {"min_passage_coverage", "focus_ratio", "min_sentence_score"}
    assert report.held_out.answered >= 0.9


def test_a_board_deciding_what_to_do_is_a_decision_not_someones_work():
    from retrieval.question_shape import asks_for_persons_work

    assert not asks_for_persons_work("what did the Suffolk Libraries board decide to do about The Guild?")
    assert asks_for_persons_work("What is Stephen Kavanagh still to do?")
    assert asks_for_persons_work("what has Anna Hook got to do?")
