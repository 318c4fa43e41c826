"""People, routing and "not found" on real minutes of several organisations in one store.

The store holds the sample minutes and some of `../shared/corpus/real-b` (skipped when the
shared folder is absent), so that people and meetings of other organisations compete, as
they do in a live store. Questions here are phrased for these tests, not copied from gold.
"""

import json

import pytest

from bot.render import answer_message
from index.ingest_files import ingest_paths
from index.search_index import build_index
from index.store import Store
from retrieval.engine import AnswerEngine
from retrieval.intents import Intent, classify
from retrieval.people_in_question import lower_case_share
from retrieval.question_shape import Wanted, read_shape
from tests.conftest import SAMPLES
from tests.real_corpus import SHARED

REAL_B = SHARED / "corpus" / "real-b"
FILES = ["srcf_executive_2014_01_17.html", "openssf_tac_2022_07_12.md", "hyperledger_tsc_2016_12_15.md",
         "crime_justice_transparency_panel_2014_02_14.pdf", "scala_center_advisory_board_2023_07_26.md",
         "python_sverige_board_2020_10_22.md"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    if not REAL_B.is_dir():
        pytest.skip(f"the shared real-b minutes are not at {REAL_B}")
    root = tmp_path_factory.mktemp("routing")
    store = Store.open(f"sqlite:///{root / 'm.db'}")
    ingest_paths(store, [SAMPLES, *(REAL_B / name for name in FILES)])
    return AnswerEngine(build_index(store, root / "index"), store)


# --- people in questions ----------------------------------------------------------------------

def test_ordinary_words_are_not_people_even_when_someone_has_them_as_a_surname(engine):
    # Anna Hook (samples) and a Board (SRCF minutes) are in the registry.
    assert "Anna Hook" in engine._names
    assert engine.people_in("what did the SRCF board agree about the spare disks?") == []
    assert engine.people_in("What did the SRCF Board agree about the spare disks?") == []  # capitalised, still a word
    assert "Anna Hook" not in engine.people_in("what is the OpenSSF TAC on the hook for?")


def test_full_names_and_surnames_written_as_names_still_count(engine):
    assert engine.people_in("What are anna hook's open actions?") == ["Anna Hook"]
    assert engine.people_in("what is on Kavanagh's list") == ["Stephen Kavanagh"]


def test_the_minutes_tell_a_word_from_a_name_by_how_they_write_it(engine):
    assert lower_case_share("hook", ["The TAC is on the hook for it.", "Anna Hook presented.", "Hook: agreed."]) == 0.5
    assert lower_case_share("Kavanagh", [text for _, text in engine._passages_with("Kavanagh")]) == 0.0


def test_a_surname_is_matched_only_among_people_of_the_meetings_the_question_names(engine):
    hyperledger = {m.source for m in engine.meetings.values() if "hyperledger" in m.source}
    found = engine.people_in("what does Hook have to do?", scope=hyperledger)
    assert "Anna Hook" not in found  # she is in the police minutes, not the Hyperledger TSC's


# --- routing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "On which date was the finance committee's spring meeting held?",
    "In what city was the annual general meeting held?",
    "when are the trustees due to meet again?",
    "At what venue did the panel hold its March session?",
])
def test_questions_about_the_meeting_itself_go_to_the_meeting_answers(question):
    assert classify(question, False) is Intent.MEETING


@pytest.mark.parametrize("question", [
    "when is the audit report due to the committee?",
    "When did the board agree the budget?",
    "where did the society expect the next conference to be held?",
])
def test_questions_about_something_done_at_a_meeting_do_not(question):
    assert classify(question, False) is not Intent.MEETING


@pytest.mark.parametrize("question", [
    "who was standing in for the treasurer at the March board meeting?",
    "who is subbing for Jane at the next call?",
    "Who was deputising for the chair?",
])
def test_being_at_a_meeting_in_someones_place_is_not_work_taken_on(question):
    shape = read_shape(question)
    assert shape.wanted is Wanted.PERSON and not shape.doer
    assert classify(question, False) is not Intent.ACTION_OWNER


def test_a_body_named_before_its_member_still_asks_for_a_person():
    assert read_shape("Which Crime and Justice Panel member agreed to write the letter?").wanted is Wanted.PERSON
    assert read_shape("What did the panel member say about bikes?").wanted is not Wanted.PERSON


def test_what_someone_signed_up_for_lists_their_actions():
    assert classify("what has Chris signed up for?", True) is Intent.PERSON_ACTIONS


# --- the meeting's own facts ------------------------------------------------------------------

def test_the_next_meeting_comes_from_the_minutes_own_line(engine):
    answer = engine.ask("when does the Hyperledger TSC meet again after its 15 December 2016 meeting?")
    assert answer.found and "January 5" in answer.text
    answer = engine.ask("When was the Crime and Justice Transparency Sector Panel's next meeting after February 2014?")
    assert answer.found and "2 May" in answer.text


def test_a_place_question_is_not_answered_with_a_date_alone(engine):
    answer = engine.ask("where did the SRCF executive hold its January 2014 meeting?")
    assert not (answer.found and " met on " in answer.text and "Castle" not in answer.text)


def test_a_substitute_is_read_from_the_attendance_line(engine):
    answer = engine.ask("At the Scala Center advisory board in July 2023, who sat in for Daniela Sfregola?")
    assert answer.found and "Belsey" in answer.text


# --- not found --------------------------------------------------------------------------------

def test_not_found_says_so_first_then_the_closest_passage_marked(engine):
    answer = engine.ask("How much did the SRCF executive spend on the swimming pool?")
    assert not answer.found
    first, *rest = answer.text.splitlines()
    assert first.startswith("The minutes don't") and "closest" not in first
    assert rest and rest[0].startswith("Possibly related — closest:")
    blocks = answer_message(answer).blocks
    assert blocks[0]["type"] == "section" and blocks[0]["text"]["text"] == f"*{first}*"
    assert "Possibly related" in json.dumps(blocks[1:])


# --- sentences read with their headings ---------------------------------------------------------

def test_a_value_stays_with_its_label_and_a_bare_line_is_read_under_its_heading():
    from retrieval.sentence_answers import sentence_units

    text = "Finance Report\nMost recent statement balance: £7,888.43\nActual Working Balance: £1,540.19\n" \
           "Balance\nUSD $276,722.00\nDorset Code Sprint: £600"
    units = sentence_units(text)
    assert any(sentence == "Actual Working Balance: £1,540.19" for sentence, _ in units)
    assert ("USD $276,722.00", "Balance") in units
    assert any(sentence == "Dorset Code Sprint: £600" for sentence, _ in units)
    assert not any(sentence in ("Balance", "Finance Report") for sentence, _ in units)  # headings are not answers


def test_list_entries_are_not_run_together_when_their_markers_were_kept_apart():
    from retrieval.sentence_answers import unwrap

    entries = "send final mails to speakers - Steven - done\ncontact keynotes regarding time - Tine\n" \
              "publish selected and confirmed talks into the webpage - Steven - done"
    assert "contact keynotes regarding time - Tine" in unwrap(entries).splitlines()
    wrapped = "conference organizers for ApacheCon. The next show will most\nlikely be held in Las Vegas in the"
    assert len(unwrap(wrapped).splitlines()) == 1


def test_a_task_listed_under_its_owners_name_answers_who_is_to_do_it(engine):
    answer = engine.ask("At the SRCF executive in January 2014, who has to buy the spare 4TB disk for Malcolm?")
    assert answer.found and "Charles" in answer.text


def test_a_year_the_minutes_are_not_of_is_not_answered_from_them(engine):
    answer = engine.ask("When will the Hyperledger TSC hold its 2019 planning meeting?")
    assert not answer.found
    answer = engine.ask("where did the SRCF executive meet in January 2016?")
    assert not answer.found


def test_an_owner_after_a_dash_is_given_the_work():
    from retrieval.answer_kinds import gives_work

    assert gives_work("contact keynotes regarding time - Tine")
    assert not gives_work("review of the budget - Approved")
