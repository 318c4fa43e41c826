"""Reading actions and people the way minutes of many organisations write them.

Each case is a few lines in the form a genre uses (parish councils, charities, technical
boards, open-source meetings), parsed through the whole corpus pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.assignments import AssignmentForm, find_assignments
from corpus.attendance_lists import labelled_attendees
from corpus.blocks import DocumentText, Paragraph, Table
from corpus.minutes import parse_document
from corpus.models import ActionStatus, AttendanceRole
from corpus.pipe_tables import rebuild_pipe_tables


def parse_lines(*lines: str, tables: list[Table] | None = None):
    blocks = [Paragraph(line.lstrip("#").strip(), heading=len(line) - len(line.lstrip("#"))) for line in lines]
    blocks.extend(tables or [])
    return parse_document(DocumentText(path=Path("minutes.md"), format="text", blocks=blocks))


def actions_of(parsed):
    return [(a.description, sorted(o.name for o in a.owners)) for a in parsed.actions]


@pytest.mark.parametrize(
    ("sentence", "owner", "form"),
    [
        ("This work was currently outstanding, HR to chase.", "HR", AssignmentForm.INFINITIVE),
        ("HR agreed to contact AON about insurance.", "HR", AssignmentForm.UNDERTAKING),
        ("It was agreed that JR would investigate the mole hills.", "JR", AssignmentForm.REPORTED),
        ("An update on audit arrangements would be emailed round by HR.", "HR", AssignmentForm.PASSIVE),
        ("That BB contact Roger Lankfer.", "BB", AssignmentForm.MANDATE),
        ("Jonathan and Joost will work on that together", "Jonathan and Joost", AssignmentForm.FUTURE),
        ("Geir has taken an action item on this to write up the constraints", "Geir", AssignmentForm.UNDERTAKING),
        ("Jim will be sending email to all committers.", "Jim", AssignmentForm.FUTURE),
        ("Matteo: will do another pass", "Matteo", AssignmentForm.FUTURE),
        ("@sam-github to connect with @rvagg as needed.", "@sam-github", AssignmentForm.INFINITIVE),
    ],
)
def test_sentences_that_give_someone_work(sentence, owner, form):
    found = find_assignments(sentence)
    assert [(a.owners_text, a.form) for a in found][:1] == [(owner, form)]


@pytest.mark.parametrize(
    "sentence",
    [
        "HR would be using her own mobile phone for the clerk role.",  # a state, not work
        "Sangwhan: I will look into it.",  # a pronoun is nobody in particular
        "It was noted that the application had been permitted.",
        "Items to be deleted from the Budget format: bank interest.",
        "That the Accounts to 12 April 2016 were accepted and cheques signed.",
        "an informal meeting would be held between the Chairman and the Treasurer to discuss the anomaly",
    ],
)
def test_sentences_that_give_nobody_work(sentence):
    assert [a for a in find_assignments(sentence) if a.form is not AssignmentForm.PASSIVE] == []


def test_an_owner_marker_after_a_paragraph_marks_that_paragraph():
    parsed = parse_lines(
        "Present; Alison Hopkins (AHop), Mike Stephens (MS), David Olds (DO)",
        "1. Finance",
        "6.3 MS stated that he would talk to both banks to arrange a transfer from HSBC.",
        "ACTION:MS",
        "2. Planters",
        "13.1 DO had obtained costs for two planters. AGREED to purchase.",
        "ACTION: Ahop/DO",
    )
    assert actions_of(parsed) == [
        ("6.3 MS stated that he would talk to both banks to arrange a transfer from HSBC.", ["Mike Stephens"]),
        ("13.1 DO had obtained costs for two planters. AGREED to purchase.", ["Alison Hopkins", "David Olds"]),
    ]
    assert [a.item_number for a in parsed.actions] == ["1", "2"]


def test_inline_owner_markers_close_the_sentences_before_them():
    parsed = parse_lines(
        "Councillors present: A Collins, C Anderson, F Eglington",
        "Others present: Clerk J Taylor",
        "Item 1 Wish list. Councillors emphasised that a cost was necessary. Clerk would contact again. Action: Clerk. "
        "ii. Village Shop. Residents would need to be sure there is enough support to keep a shop going. Action: residents.",
        "Item 2 Risk. Cllr Anderson would assess the recreation grounds. Cllrs Eglington would assess the remainder. "
        "Action: Anderson; Eglington",
    )
    found = actions_of(parsed)
    assert found[0] == ("Clerk would contact again.", ["J Taylor"])
    assert "keep a shop going" in found[1][0] and found[1][1] == ["residents"]
    assert "assess the recreation grounds" in found[2][0] and found[2][1] == ["C Anderson", "F Eglington"]
    assert len(found) == 3


def test_action_sections_with_bracketed_owners_statuses_and_numbers():
    parsed = parse_lines(
        "## Attendees",
        "[DC] Daniel Collins",
        "[NM] Nicholas May",
        "### 1. Approval of Previous Minutes",
        "Passed unanimously.",
        "### 2. Plans for 2020",
        "The committee discussed the impact on events.",
        "## Actions",
        "- [NM] Create a discussion document for online events.",
        "- [DC, NM] Investigate transitioning the site to https.",
        "## Actions from previous meeting",
        "1. Trusts to provide competencies \\[closed]",
        "2. To set up a December meeting on minimum data sets \\[new for Daniel Collins]",
        "## Next Meeting",
        "Scheduled: 2pm on Tuesday 26th May.",
    )
    found = [(a.ref, a.description, sorted(o.name for o in a.owners), a.status) for a in parsed.actions]
    assert found == [
        (None, "Create a discussion document for online events.", ["Nicholas May"], ActionStatus.OPEN),
        (None, "Investigate transitioning the site to https.", ["Daniel Collins", "Nicholas May"], ActionStatus.OPEN),
        ("1", "Trusts to provide competencies", ["Trusts"], ActionStatus.CLOSED),
        ("2", "To set up a December meeting on minimum data sets", ["Daniel Collins"], ActionStatus.OPEN),
    ]


def test_decision_lists_give_work_when_they_say_so():
    parsed = parse_lines(
        "Attendance: Cllr Sue Lintern Chair Cllr Jim McNeill Helen Richardson Parish Clerk",
        "28/18 Mill Update",
        "DECISION: It was agreed that the following needed to be actioned as a result of discussions:",
        "1) That the report would be included as an appendix to these minutes. 2) The HSE be asked to attend. "
        "3) That the Clerk would contact Neil Parish MP.",
        "29/18 Emergency Plan",
        "DECISION: 1) Cllr Jim McNeill and Cllr Sue Lintern to review the risk matrix. 2) The Clerk to invite "
        "Emergency Planning to the April meeting.",
        "30/18 Auditor",
        "Resolved: (1) That John Cross be appointed as internal auditor.",
    )
    found = actions_of(parsed)
    assert [d for d, _ in found] == [
        "That the report would be included as an appendix to these minutes.",
        "The HSE be asked to attend.",
        "That the Clerk would contact Neil Parish MP.",
        "Cllr Jim McNeill and Cllr Sue Lintern to review the risk matrix.",
        "The Clerk to invite Emergency Planning to the April meeting.",
    ]
    assert found[2][1] == ["Helen Richardson"] and found[3][1] == ["Jim McNeill", "Sue Lintern"]


def test_prose_is_held_to_a_known_doer_and_deferrals_are_no_actions():
    # "Dan: I will talk to Matt later." was once read as nobody's; the speaker label says
    # whose undertaking it is (issue 18, C9), so it is Dan's.
    parsed = parse_lines(
        "Present: Peter, Dan, Sangwhan",
        "## Web Share",
        "Dan: I will talk to Matt later.",
        "Peter: I think we agree.",
        "ACTION: Bumped to next teleconference.",
        "ACTION: Sangwhan to comb through the discussion.",
        "## Highways",
        "Highways Rangers will attend the parish next week.",
    )
    assert actions_of(parsed) == [
        ("Dan: I will talk to Matt later.", ["Dan"]),
        ("Sangwhan to comb through the discussion.", ["Sangwhan"]),
    ]


def test_a_formal_action_register_makes_prose_narrative():
    parsed = parse_lines(
        "Present: Anna Hook (AH), Roger Hirst (RH)",
        "1. Finance",
        "Action 12/16 AH to circulate the budget paper.",
        "Action 13/16 RH to write to the council.",
        "2. Estates",
        "The Commissioner is to meet the Head of Estates. AH will also look at the leases.",
    )
    assert [a.ref for a in parsed.actions] == ["12/16", "13/16"]


def test_attendance_entries_in_the_forms_minutes_use():
    people = labelled_attendees([[
        "Present; Sheila Freeman (SF), Alan Holzer, Chair (AHol), Evelyn Lindqvist(EL)",
        "Attendance:",
        "Cllr Jo Bruce JB Chairperson",
        "Helen Richardson HR Parish Clerk (Minutes)",
        "Members of the Public: 45",
        "Regrets: Andrew, Hadley",
        "Councillors present: A Collins (Vice Chair, chairing the meeting), C Anderson",
        "Others present: Clerk J Taylor",
        "In Attendance: Ms Lindsay Goward - Clerk",
    ]])
    got = {(p.name, p.initials, p.role, p.position) for p in people}
    assert ("Alan Holzer", "AHol", AttendanceRole.PRESENT, "Chair") in got
    assert ("Evelyn Lindqvist", "EL", AttendanceRole.PRESENT, None) in got
    assert ("Jo Bruce", "JB", AttendanceRole.PRESENT, "Chairperson") in got
    assert ("Helen Richardson", "HR", AttendanceRole.PRESENT, "Parish Clerk, Minutes") in got
    assert {p.name for p in people if p.role is AttendanceRole.APOLOGIES} == {"Andrew", "Hadley"}
    assert ("A Collins", "AC", AttendanceRole.PRESENT, "Vice Chair, chairing the meeting") in got
    assert ("J Taylor", "JT", AttendanceRole.IN_ATTENDANCE, "Clerk") in got
    assert ("Lindsay Goward", "LG", AttendanceRole.IN_ATTENDANCE, "Clerk") in got
    assert not any("Public" in p.name for p in people)


def test_initials_that_differ_by_case_are_the_same_person_and_roles_resolve_to_holders():
    parsed = parse_lines(
        "Present; Alan Holzer, Chair (AHol), Alison Hopkins (AHop), Alison Britton (AB)",
        "In Attendance: Ms Lindsay Goward - Parish Clerk",
        "1. Friends",
        "8.1 AB asked what being a Friend involves.",
        "ACTION: Ahop/AB",
        "2. Signs",
        "The Clerk to write to Highways at NCC.",
    )
    assert actions_of(parsed) == [
        ("8.1 AB asked what being a Friend involves.", ["Alison Britton", "Alison Hopkins"]),
        ("The Clerk to write to Highways at NCC.", ["Lindsay Goward"]),
    ]


def test_pipe_text_tables_are_rebuilt_and_their_owner_columns_read():
    rows = [
        "| --- | --- | --- | --- |", "| 1. | Apologies | | |", "| | None received | | |", "| 2. | Minutes | | |",
        "| | Minutes of the last meeting provided by DHO, agreed, the file to copy to be sent | DHO | 2/8/13 |",
        "| 3. | Correspondence | | |",
    ]
    # As a web page printed it: the header's cells one to a paragraph, the rest run together.
    stream = ["| No", "|", "Item", "|", "Action by", "|", "Action date", "| " + " ".join(rows)]
    tables = [b for b in rebuild_pipe_tables([Paragraph(t) for t in stream]) if isinstance(b, Table)]
    assert tables and tables[0].rows[0] == ["No", "Item", "Action by", "Action date"]
    parsed = parse_lines("Present: Dave Horkan (DHO) Clerk", tables=tables)
    assert [(a.item_number, [o.name for o in a.owners], a.due) for a in parsed.actions] == [("2", ["Dave Horkan"], "2013-08-02")]


def test_pdf_owner_margin_marks_the_sentence_beside_it(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph as PdfParagraph, SimpleDocTemplate, Table as PdfTable, TableStyle

    from corpus.minutes import parse_minutes

    style = getSampleStyleSheet()["Normal"]
    body = (
        "Staff Advisory Group<br/>Marion Harvey introduced the group and the proposal for it to meet before each "
        "Board meeting. Work on an application process is continuing after the consultation.<br/><br/>"
        "The Board was encouraged by the progress on the group and asked for an update at the next board meeting.<br/><br/>"
        "The Board noted the decision to include the former staff directors as observers."
    )
    rows = [
        ["", "Attendees: Mike Hosking (MH), Alison Wheeler (AW)", ""],
        ["1.", PdfParagraph("Declarations of Interest<br/>None were declared.", style), ""],
        ["2.", PdfParagraph(body, style), PdfParagraph("<br/><br/><br/><br/><br/>MH", style)],
        ["3.", PdfParagraph("Premises<br/>The leases are to be confirmed to the council by AW.", style), PdfParagraph("<br/>AW", style)],
    ]
    table = PdfTable(rows, colWidths=[40, 400, 50])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    path = tmp_path / "board.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([table])
    parsed = parse_minutes(path)
    found = [(a.item_number, a.description, [o.name for o in a.owners]) for a in parsed.actions]
    assert ("2", "The Board was encouraged by the progress on the group and asked for an update at the next board meeting.",
            ["Mike Hosking"]) in found
    assert ("3", "The leases are to be confirmed to the council by AW.", ["Alison Wheeler"]) in found
    assert len(found) == 2


def test_a_subject_carried_into_a_clause_that_lost_it():
    parsed = parse_lines(
        "1. Attendance",
        "Present: Martin Lowis, Tim Peters.",
        "2. Reports",
        "Martin reported no progress on contributor agreements, and will summarize the status of affairs to the board list.",
        "Tim reported no progress on bylaw changes, and the work continues.",
    )
    assert actions_of(parsed) == [("Martin will summarize the status of affairs to the board list.", ["Martin Lowis"])]


def test_an_officer_behind_the_organisations_name_is_a_doer():
    assert [(a.owners_text, a.form) for a in find_assignments("The board agreed, and the PSF chairman will remind committee chairs.")] \
        == [("the PSF chairman", AssignmentForm.FUTURE)]


def test_entries_behind_a_fronted_clause_or_a_light_verb_and_a_shared_out_parent():
    parsed = parse_lines(
        "1. Attendance",
        "Present: Helio, Tine, Nuo",
        "2. Schedule",
        "- Once some space is available, get a pile of boxes - Helio",
        "- Also have an online meeting w/ them - planned for Tuesday - Tine",
        "- Reminder that the room is booked - Nuo",
    )
    found = dict((d, o) for d, o in actions_of(parsed))
    assert found.get("Once some space is available, get a pile of boxes") == ["Helio"]
    assert found.get("Also have an online meeting w/ them - planned for Tuesday") == ["Tine"]
    assert not any(d.startswith("Reminder") for d in found)


def test_an_instruction_shared_out_by_its_sub_entries_belongs_to_each_part_owner():
    entries = [("Complete the schedule online with talks", 1), ("Main Channel - Tine", 2), ("Data Science - Nuo", 2),
               ("Discuss the venue", 1), ("Parking at the back", 2), ("Catering - Helio", 2)]
    blocks = [Paragraph("1. Attendance", heading=2), Paragraph("Present: Helio, Tine, Nuo"), Paragraph("2. Schedule", heading=2),
              *(Paragraph(text, list_depth=depth, list_marker="-") for text, depth in entries)]
    parsed = parse_document(DocumentText(path=Path("minutes.md"), format="text", blocks=blocks))
    found = dict(actions_of(parsed))
    assert found.get("Complete the schedule online with talks") == ["Nuo", "Tine"]
    assert "Discuss the venue" not in found  # one part names nobody: sub-points, not a share-out


def test_a_sentence_ends_after_a_number_that_counts_nothing():
    from corpus.assignments import split_sentences

    assert [s for _, s in split_sentences("Ask PMC for a date for Jakarta EE 8. Wayne will raise with PMC.")] == [
        "Ask PMC for a date for Jakarta EE 8.", "Wayne will raise with PMC."]
    assert len(split_sentences("The options are: 1. Stay 2. Move to the hall.")) == 1


def test_will_have_an_update_delivers_work_and_this_points_to_the_line_before():
    parsed = parse_lines(
        "1. Attendance",
        "Present: Scott Stark, Paul White, Bob Jones",
        "2. Matters",
        "Scott will have an update for the Spec Committee tomorrow.",
        "Bob will have the keys on Friday.",
        "We should discuss the process for including a PMC member.",
        "Paul will take action on this.",
    )
    found = dict(actions_of(parsed))
    assert found.get("Scott will have an update for the Spec Committee tomorrow.") == ["Scott Stark"]
    assert found.get("We should discuss the process for including a PMC member. Paul will take action on this.") == ["Paul White"]
    assert not any(d.startswith("Bob") for d in found)


@pytest.mark.parametrize(("cell", "tokens"), [
    ("Greg (Possibly)", ["Greg"]),
    ("Ann (tbc)", ["Ann"]),
    ("Delegate to Laser Team for implementation", ["Laser Team"]),
    ("SH/VH/SD", ["SH", "VH", "SD"]),
])
def test_owner_cells_drop_hedges_and_name_whom_work_is_handed_to(cell, tokens):
    from corpus.people import split_owner_text

    assert split_owner_text(cell) == tokens


def test_a_team_and_a_group_joined_to_a_person_are_marked_doers():
    parsed = parse_lines(
        "1. Attendance",
        "Present: Ross Stevenson (RS), Kieron O'Hara (KO)",
        "2. Newsletter",
        "Action Ross to setup mailchimp account, Social team to work on first version by end of October",
        "Action: Panel members/ KO to write to JN expressing support for the project.",
    )
    found = dict(actions_of(parsed))
    assert found.get("Social team to work on first version by end of October") == ["Social team"]
    assert found.get("Panel members/ KO to write to JN expressing support for the project.") == ["Kieron O'Hara", "Panel members"]


def test_taking_a_role_and_a_sentence_the_writer_calls_an_action_point():
    parsed = parse_lines(
        "1. Attendance",
        "Present: Allen Wirfs-Brock (AWB), Darja Jovanovic",
        "2. Proposals",
        "Agreement to MM proposal: Allen to be the champion and work out the details remaining",
        '"We need to ride it." The first action point is that we will have a community panel at Scala Days, led by Zainab Ali, who runs the meetup.',
        "We will have a party at the venue, led by Maria Lopez, next year.",
    )
    found = dict(actions_of(parsed))
    assert found.get("Agreement to MM proposal: Allen to be the champion and work out the details remaining") == ["Allen Wirfs-Brock"]
    assert any(d.startswith("The first action point is") and o == ["Zainab Ali"] for d, o in found.items())
    assert not any("Maria" in d for d in found)  # no marking and nobody the meeting knows


def test_a_bracketed_speakers_own_undertaking_and_not_their_report():
    entries = ["(David A. Wheeler) - Note: I intend to create a small group to review GitHub org permissions",
               "(Aeva Black) Update on the new members"]
    blocks = [Paragraph("1. Attendance", heading=2), Paragraph("Present: David A. Wheeler, Aeva Black"), Paragraph("2. Matters", heading=2),
              *(Paragraph(text, list_depth=1, list_marker="*") for text in entries)]
    found = dict(actions_of(parse_document(DocumentText(path=Path("minutes.md"), format="text", blocks=blocks))))
    assert any("review GitHub org permissions" in d and o == ["David A. Wheeler"] for d, o in found.items())
    assert not any("new members" in d for d in found)


def test_a_reported_would_is_a_commitment_only_after_the_meetings_decision():
    parsed = parse_lines(
        "1. Present",
        "Present: Cllr Joseph Davies, Cllr Owen Williams",
        "2. Monument",
        "It was suggested that a tree overhanging the monument should be cut down. Cllr Joseph Davies would ask the landowner for permission to fell the tree.",
        "3. Hall",
        "The hall roof was discussed. Cllr Owen Williams would contact the insurers about it.",
    )
    found = dict(actions_of(parsed))
    assert found.get("Cllr Joseph Davies would ask the landowner for permission to fell the tree.") == ["Joseph Davies"]
    assert not any("insurers" in d for d in found)  # reported speech with no decision framing it


@pytest.mark.parametrize(("words", "due"), [
    ("Scott will have an update for the Spec Committee tomorrow.", "2019-05-15"),
    ("Paul to clarify the remaining questions by next week", "2019-05-21"),
    ("He would do so in the next fortnight.", "2019-05-28"),
    ("Paul to clarify the remaining questions", None),
    # The meeting is on a Tuesday: a weekday after a deadline word is the first one after it.
    ("Ann to send the draft to the treasurer by Friday.", "2019-05-17"),
    ("Also have an online meeting with them - planned to Tuesday if they agree", "2019-05-21"),
    ("Matt to bring this back to Marketing on Monday", "2019-05-20"),
    ("Report back next Monday", "2019-05-20"),
    ("Myles will take it to the board next Friday.", None),  # this week's Friday or the next one's
    ("Ann to write up Tuesday's meeting", None),
    ("SP to provide information on the data schema by the end of the month", "2019-05"),
    ("The clerk to report by the end of next month", "2019-06"),
    ("The policy to be reviewed before the end of the year", "2019-12"),
    ("The review to be done by the end of the financial year", None),
])
def test_deadlines_counted_from_the_meeting_day(words, due):
    from datetime import date

    from corpus.due_dates import due_from_words

    assert due_from_words(words, date(2019, 5, 14))[0] == due


def test_an_action_tables_due_column_without_a_date_leaves_it_to_the_actions_words(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Board of Governors, Resources Committee, 16 May 2022")
    document.add_paragraph("1. Finance")
    document.add_paragraph("The budget was monitored against the plan.")
    rows = [["Ref", "Action", "By whom", "By when"],
            ["76c/2122", "Progress the caretaker's pay for submission to the governing board on 23 May 2022", "Clerk", "asap"],
            ["72/2122", "Send the signed minutes to the website", "Clerk", "asap"],
            ["74/2122", "Take the budget to the finance committee on 13 June 2022", "Clerk", ""],
            ["78a/2122", "Draft a plan for after-school clubs for the meeting on 9 July 2022", "Heather Poustie", "18/06/22"]]
    table = document.add_table(rows=len(rows), cols=4)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    path = tmp_path / "resources_committee.docx"
    document.save(path)
    from corpus.minutes import parse_minutes

    due = {a.ref: (a.due, a.due_text) for a in parse_minutes(path).actions}
    assert due == {
        "76c/2122": ("2022-05-23", "23 May 2022"),  # "asap" in the column, the date in its words
        "72/2122": (None, "asap"),
        "74/2122": (None, None),  # an empty cell: no date, whatever meeting the words mention
        "78a/2122": ("2022-06-18", "18/06/22"),  # the column's date, not the one in the words
    }


def test_everybody_in_a_markers_owner_slot():
    from corpus.action_markers import marker_line

    marker = marker_line("Action everybody: Write about your role")
    assert (marker.owner_slot, marker.rest) == ("everybody", "Write about your role")
    assert marker_line("Action all the rest").owner_slot is None


def test_nothing_is_counted_from_a_meeting_dated_by_its_year_only(tmp_path):
    # Notes of a year's meetings: "Friday" and "tomorrow" have no day to count from.
    path = tmp_path / "marketing-notes.md"
    path.write_text("# Marketing Working Group Notes 2021\n\n## Launch\n\n"
                    "ACTION: Matt to bring the launch plan back to Marketing on Friday.\n\n"
                    "ACTION: Ann to send the survey results by March 2021.\n")
    from corpus.minutes import parse_minutes

    parsed = parse_minutes(path)
    assert (parsed.meeting.date_precision, parsed.meeting.date.year) == ("year", 2021)
    assert {a.description: a.due for a in parsed.actions} == {
        "Matt to bring the launch plan back to Marketing on Friday.": None,
        "Ann to send the survey results by March 2021.": "2021-03",
    }
