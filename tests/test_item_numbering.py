"""Items by the document's own numbering, on small inputs written the ways minutes are:
each test is a layout of the genre, and each asserts which lines open items and which
belong to one (sub-numbers, numbered lists, planning applications, dates)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from corpus.blocks import DocumentText, Paragraph, Table
from corpus.items import split_items
from corpus.minutes import parse_document, parse_minutes
from corpus.readers import read_document
from corpus.readers.text import text_to_blocks


def items_of(text: str) -> list[tuple[str | None, str]]:
    return [(item.number, item.title) for item in split_items(text_to_blocks(text)).items]


def item_text(text: str, number: str) -> str:
    return next(item.text for item in split_items(text_to_blocks(text)).items if item.number == number)


def test_minute_numbers_with_a_year_are_items_named_as_printed():
    text = """Present: Cllr A Smith, Cllr B Jones

22/18 Apologies and Welcome There were no apologies.
23/18 Declarations of Interest None.
24/18 Planning Application 16/00501/OM Outline Application: construction of 28 dwellings.
16/00081/F, Extension to dwelling: no objection.
26/18 Finance The payments of 20/9/16 were approved.
27/18 Date of Next Meeting Wednesday 7 March 2018.
"""
    assert [n for n, _ in items_of(text)] == ["22/18", "23/18", "24/18", "26/18", "27/18"]
    assert items_of(text)[0] == ("22/18", "Apologies and Welcome")
    assert "16/00081/F" in item_text(text, "24/18")  # a planning application is not an item


def test_the_counting_part_of_a_long_minute_number_is_found():
    # Year/month/meeting/item numbers, with a slip ("4" for "6") kept as printed, and a
    # reference to last month's minute inside an item that is not an item.
    text = """MINUTES OF THE PARISH COUNCIL Tuesday 4th October 2016

Item 16/10/6/1 Public Forum A resident asked about the green.
Item 16/10/6/2 Apologies None.
Item 16/10/4/3 Minutes Item 16/09/6/18 was corrected.
Item 16/10/6/4 Highways The signs were reported. Action: Clerk
Exclusion of Press and Public Item 16/10/6/5. Grounds maintenance contract No quotes were received.
"""
    assert [n for n, _ in items_of(text)] == ["16/10/6/1", "16/10/6/2", "16/10/4/3", "16/10/6/4", "16/10/6/5"]
    assert items_of(text)[-1] == ("16/10/6/5", "Grounds maintenance contract")
    assert "Exclusion of Press and Public" in item_text(text, "16/10/6/4")


def test_numbered_paragraphs_and_sub_points_belong_to_their_item():
    text = """Minutes of Trustees of The Friends of the Library Meeting of 26th January 2016
Present; Alan Holzer, Chair (AHol), Alison Hopkins (AHop)
1. Apologies; David Thomas
2 Minutes of the meeting held 9th December 2015
2.1 The minutes were accepted.
ACTION:AHop
3. Matters Arising
3.1 Storage for the chairs was agreed.
1) a shed will be placed in the car park
4 Finance Update
4.1 Our bank balance currently stands at £11k.
4.2 MS will talk to the banks.
5 Date of next meeting
"""
    assert [n for n, _ in items_of(text)] == ["1", "2", "3", "4", "5"]
    assert "4.2 MS will talk to the banks." in item_text(text, "4")
    assert "ACTION:AHop" in item_text(text, "2")


def test_a_numbered_list_inside_an_item_is_not_items():
    text = """1. Apologies
None.
2. Matters Arising
i) Footpaths
1) The paths are cut twice a year.
2) Bridges are in hand.
3) Signs are in hand.
4) The gate is fixed.
5) The stile is fixed.
3. Finance
Resolved: 1. That the accounts be approved.
4. Correspondence
"""
    assert [n for n, _ in items_of(text)] == ["1", "2", "3", "4"]
    assert "5) The stile is fixed." in item_text(text, "2")


def test_numbered_headings_win_over_the_same_numbers_in_a_table_of_contents():
    text = """# Meeting 88 Notes

# Agenda
1. Berlin EIPs
1a. EIP-2315
2. Eligible for Inclusion
3. Testing Updates

# 1. Berlin EIPs
Discussion of the integration.
# 1a. EIP-2315: Simple Subroutines
More discussion.
## 2.1 sub-topic
Belongs to item 2.
# 2. Eligible for Inclusion
Talk.
## 2.1 EIP-2046
Belongs to item 2.
# 3. Testing Updates
Done.
## Attendees
Everyone.
"""
    assert [n for n, _ in items_of(text)] == ["1", "1a", "2", "3"]
    assert items_of(text)[1] == ("1a", "EIP-2315: Simple Subroutines")  # a heading is all title
    assert "Everyone." in item_text(text, "3")  # text after the last item belongs to it


def test_a_numbered_list_within_one_heading_section_leaves_the_headings_as_items():
    text = """# Chest Group Meeting

### Actions

1. Trusts to provide competencies [closed]
2. Teams to feedback kernel data [closed]
3. To set up a December meeting [new for Helen Jeffrey]

### Key Discussion Points

Some Trusts competencies had been received.
"""
    assert items_of(text) == [(None, "Actions"), (None, "Key Discussion Points")]


def test_bare_topic_lines_are_items_where_nothing_else_marks_them():
    text = """Technical Standards Board
Minutes of the meeting
Thursday 28 March 2019

Attendees:
Mark Wardle (MW) (Chair)\t\t-\tCardiff and Vale UHB
Cheryl Way (CW)\t\t-\tNHS Wales Informatics Service

e-Prescribing

MW said that e-prescribing was a foundation to many things, and a quick win for the Board.

CW talked through the project and the business case, and how the systems are separate.

Statement of Principles

The Board discussed the final draft of the statement of principles and the comments.

Actions

1.\tAgree letter to health boards at next meeting.
2.\tMW to produce blog post on standards.
"""
    assert items_of(text) == [(None, "e-Prescribing"), (None, "Statement of Principles"), (None, "Actions")]
    assert "MW to produce blog post on standards." in split_items(text_to_blocks(text)).items[-1].text


def test_all_capital_topic_lines_are_items():
    text = """PARISH MEETING
Minutes of the meeting held on 3 May 2012

Present: Mr A Brown (Chair), Mrs C Green, Mr D White.

APOLOGIES

Apologies were received from Mrs E Black, who was on holiday that week.

FINANCE

The balance at the bank was reported as £1,204, and two cheques were signed.

ANY OTHER BUSINESS

The footpath by the church needs cutting back before the summer.
"""
    # Apologies, like attendance, are part of the header.
    assert items_of(text) == [(None, "FINANCE"), (None, "ANY OTHER BUSINESS")]
    header = [block.text for block in split_items(text_to_blocks(text)).header if isinstance(block, Paragraph)]
    assert "Apologies were received from Mrs E Black, who was on holiday that week." in header


def test_numbers_printed_as_cells_of_a_flattened_pipe_table_open_items():
    text = """Date held: 2nd August 2013
| No | Item | Action by | Action date |
| | 1. | Apologies | | | None received | | | 2. | Minutes of the Meeting | | | Approved
| | | 3. | Chairman's Report | FRE | | The report was read.
Further words of the report.
| | 4. | Councillors Reports | | |
"""
    assert items_of(text) == [("1", "Apologies"), ("2", "Minutes of the Meeting"), ("3", "Chairman's Report"),
                              ("4", "Councillors Reports")]
    assert "Further words of the report." in item_text(text, "3")


def test_roman_numerals_as_the_items():
    text = """Minutes of the Annual Meeting

I. Call to order
The meeting opened at 7pm.
II. Roll call
All present.
III. Treasurer's report
The balance is £200.
IV. Adjournment
"""
    assert [n for n, _ in items_of(text)] == ["I", "II", "III", "IV"]


def test_bold_minute_numbers_and_markdown_escapes(tmp_path):
    path = tmp_path / "minutes.md"
    path.write_text("""---
title: "PARISH COUNCIL Draft Minutes Subject to the Approval at the next Meeting"
date: "2016-07-21"
---

**WEREHAM PARISH COUNCIL**

**Draft Minutes Subject to the Approval at the next Meeting**

**12 April 2016 at 6.30 pm**

**1/16      Public Comments**

Residents raised concerns about application 16/00501/OM.

**2/16     Apologies and Welcome**

1\\. Weight Restriction: the sign was correct.

**3/16     Finance**

---

Payments approved.
""")
    parsed = parse_minutes(path)
    assert [(i.number, i.title) for i in parsed.items] == [
        ("1/16", "Public Comments"), ("2/16", "Apologies and Welcome"), ("3/16", "Finance")]
    assert "1. Weight Restriction: the sign was correct." in parsed.items[1].text
    # The text's date, not the front matter's posting date; the council, not a status line.
    assert parsed.meeting.date == date(2016, 4, 12)
    assert parsed.meeting.board == "Wereham Parish Council"


def test_markdown_paragraphs_are_joined_across_soft_wraps(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("""# Notes

Sangwhan: Bottom line is I don't have
any better proposal.
ACTION: Sangwhan to comb through the discussion.

- Jack: fine with giving Mara
  wide latitude
- Mara: thanks

EIP | Status
2315 | Accepted
Meeting date: April 12, 2019  
Meeting time: 9:00 AM
""")
    texts = [b.text for b in read_document(path).blocks if isinstance(b, Paragraph)]
    assert "Sangwhan: Bottom line is I don't have any better proposal." in texts
    assert "ACTION: Sangwhan to comb through the discussion." in texts  # a labelled line stays a line
    assert "Jack: fine with giving Mara wide latitude" in texts and "Mara: thanks" in texts
    assert "EIP | Status" in texts and "2315 | Accepted" in texts  # rows without a separator stay rows
    assert "Meeting date: April 12, 2019" in texts and "Meeting time: 9:00 AM" in texts  # a hard break


def test_markdown_pipe_tables_become_tables():
    blocks = text_to_blocks("Action Item | Description\n--|--\n**88.1** | James to update the EIPs\n88.2 | Merge\n")
    assert blocks == [Table(rows=[["Action Item", "Description"], ["88.1", "James to update the EIPs"],
                                  ["88.2", "Merge"]])]
    assert text_to_blocks("1\\. Apologies\n\n***\n") == [Paragraph("1. Apologies")]


# --- nesting: a numbered list inside an item stays in it ------------------------------------


def items_of_blocks(blocks) -> list[tuple[str | None, str]]:
    return [(item.number, item.title) for item in split_items(blocks).items]


def test_a_list_restarting_under_a_roman_sub_point_is_not_items():
    # A word processor's outline (1. / a. / i. / 1.) printed flat: the fourth level restarts
    # at 1 and runs on to 4 and 5 before the agenda's own 4 and 5 come.
    text = """Minutes
1. Actions from previous meeting
a. Wiki updates happened
2. Appendices to the constitution
a. All of these need to be written
i. Action AB: make B exist
3. Events for next term
a. Filmnight
i. JQ happy to stand in
ii. Submission changes
1. Trim old submissions
2. Trim submissions each term?
3. CL happy to do it manually for now.
4. Just stop submitting films we have watched
5. Manual automatic removal of old films
iii. Actions: CL to sort out database
4. COVID regulations
a. Have risk assessment
5. Code of conduct
a. Various changes discussed
6. Any Other Business
a. Food is good.
"""
    assert items_of(text) == [("1", "Actions from previous meeting"), ("2", "Appendices to the constitution"),
                              ("3", "Events for next term"), ("4", "COVID regulations"), ("5", "Code of conduct"),
                              ("6", "Any Other Business")]
    assert "5. Manual automatic removal of old films" in item_text(text, "3")


def test_a_deeper_list_depth_keeps_a_nested_list_in_its_item():
    # No sub-point letters: only the list depth the reader gave says the inner 3 and 4 are nested.
    blocks = [
        Paragraph("Minutes of the committee"),
        Paragraph("Welcome", list_depth=1, list_marker="1."),
        Paragraph("The chair welcomed everyone and opened the meeting."),
        Paragraph("Projects", list_depth=1, list_marker="2."),
        Paragraph("Website", list_depth=2, list_marker="1."),
        Paragraph("Newsletter", list_depth=2, list_marker="2."),
        Paragraph("Hackathon", list_depth=2, list_marker="3."),
        Paragraph("Sponsorship", list_depth=2, list_marker="4."),
        Paragraph("Finance", list_depth=1, list_marker="3."),
        Paragraph("The balance is £200 and two invoices were paid this month."),
        Paragraph("Elections", list_depth=1, list_marker="4."),
        Paragraph("Nominations open next week for the three officer roles."),
    ]
    assert items_of_blocks(blocks) == [("1", "Welcome"), ("2", "Projects"), ("3", "Finance"), ("4", "Elections")]
    assert "Sponsorship" in next(i.text for i in split_items(blocks).items if i.number == "2")


def test_a_restarted_list_that_the_items_resume_after_is_nested():
    # No depth and no sub-point: "1. 2." restarting under item 2, then "3." resuming the
    # items' count, is a list inside item 2.
    blocks = [
        Paragraph("Minutes of the committee"),
        Paragraph("1. Welcome"),
        Paragraph("The chair welcomed everyone and opened the meeting."),
        Paragraph("2. Projects"),
        Paragraph("1. Website"),
        Paragraph("2. Newsletter"),
        Paragraph("3. Finance"),
        Paragraph("The balance is £200 and two invoices were paid this month."),
    ]
    assert [n for n, _ in items_of_blocks(blocks)] == ["1", "2", "3"]
    assert items_of_blocks(blocks)[2] == ("3", "Finance")


def test_the_minutes_restarting_after_the_agenda_are_the_items():
    # A restart at 1 that nothing resumes after is the minutes after their agenda, not a nested list.
    text = """Agenda
1. Apologies
2. Minutes of the last meeting
3. Finance
a. Budget
Minutes
1. Apologies
Apologies were received from Mrs Brown, who was away on holiday.
2. Minutes of the last meeting
The minutes of the meeting held on 3 May were approved and signed.
3. Finance
The balance at the bank was reported as £1,204, and two cheques were signed.
"""
    items = split_items(text_to_blocks(text)).items
    assert [i.number for i in items] == ["1", "2", "3"]
    assert "Mrs Brown" in items[0].text and "£1,204" in items[2].text


def test_list_markers_kept_apart_from_the_text_number_the_items():
    blocks = [
        Paragraph("Minutes of the Board"),
        Paragraph("Apologies", list_depth=1, list_marker="1."),
        Paragraph("None were received."),
        Paragraph("Finance", list_depth=1, list_marker="2."),
        Paragraph("The accounts were approved."),
        Paragraph("Any other business", list_depth=1, list_marker="3."),
        Paragraph("There was none."),
    ]
    assert items_of_blocks(blocks) == [("1", "Apologies"), ("2", "Finance"), ("3", "Any other business")]


# --- numbered one-row tables ---------------------------------------------------------------


def test_numbered_one_row_tables_open_items():
    # Each item's heading is a one-row table: the number and title in one cell, the presenter
    # beside it; one heading lost its table and is a plain line.
    blocks = [
        Paragraph("Committee Meeting - Minutes"),
        Table(rows=[["Location:", "LG23"], ["Date:", "Tuesday 11th March"]]),
        Table(rows=[["1 Apologies", "HP"]]),
        Paragraph("Joseph Adams"),
        Table(rows=[["2 Adoption of Previous Minutes", "LA"]]),
        Paragraph("Unanimous adoption of previous minutes"),
        Paragraph("3 Past Events"),
        Paragraph("HP believes it went well"),
        Table(rows=[["4 Future Events", "All"]]),
        Paragraph("Movie night"),
        Paragraph("Action GB: Buy popcorn"),
        Table(rows=[["5 Finance Report", "MW"]]),
        Paragraph("Most recent statement balance: £7,888.43"),
    ]
    items = split_items(blocks).items
    assert [(i.number, i.title) for i in items] == [
        ("1", "Apologies"), ("2", "Adoption of Previous Minutes"), ("3", "Past Events"), ("4", "Future Events"),
        ("5", "Finance Report")]
    assert "Action GB: Buy popcorn" in items[3].text


def test_numbers_typed_in_rows_of_a_long_table_are_not_items():
    # A payments table whose rows start with cheque numbers is a list inside an item.
    suppliers = ["Npower Electricity", "Anglian Water", "Clerk Salary", "HMRC PAYE", "Office Supplies Ltd",
                 "Village Hall Hire", "Grass Cutting Contract", "Insurance Premium"]
    rows = [[f"{101 + n} {name}", f"£{(n + 1) * 37}.50"] for n, name in enumerate(suppliers)]
    blocks = [
        Paragraph("1. Apologies"),
        Paragraph("None were received at the meeting."),
        Paragraph("2. Finance"),
        Paragraph("The following payments were approved:"),
        Table(rows=rows),
        Paragraph("3. Any other business"),
        Paragraph("There was none and the meeting closed."),
    ]
    assert [n for n, _ in items_of_blocks(blocks)] == ["1", "2", "3"]


# --- bold lines as headings ----------------------------------------------------------------


def bold(text: str) -> Paragraph:
    return Paragraph(text, emphasis=((0, len(text)),))


def test_bold_lines_stand_for_headings_where_there_are_none():
    blocks = [
        Paragraph("TSC Minutes", heading=1),
        bold("Action Item Review"),
        Paragraph("ACTION: Chris Ferris to start an email vote to approve Cello for incubation."),
        bold("Whitepaper WG Update (Hart Montgomery)"),
        Paragraph("Plan is to finalize a whitepaper skeleton to be sent out next week."),
        Paragraph("No objections to this plan."),
        bold("China Technical WG updates"),
        Paragraph("The team has met and has been working on a planning document."),
        Paragraph("Recording", heading=2),
        Paragraph("The recording is on the wiki."),
    ]
    items = split_items(blocks).items
    assert [(i.number, i.title) for i in items][:3] == [
        (None, "Action Item Review"), (None, "Whitepaper WG Update (Hart Montgomery)"),
        (None, "China Technical WG updates")]
    assert "Chris Ferris" in items[0].text


def test_bold_lines_are_not_headings_where_the_document_has_headings():
    blocks = [
        Paragraph("TSC Minutes", heading=1),
        Paragraph("Action Item Review", heading=2),
        bold("Cello"),
        Paragraph("ACTION: Chris Ferris to start an email vote to approve Cello for incubation."),
        bold("Explorer"),
        Paragraph("The teams will connect and review the discussion with the TSC."),
        Paragraph("Whitepaper", heading=2),
        Paragraph("Plan is to finalize a whitepaper skeleton to be sent out next week."),
    ]
    assert items_of_blocks(blocks) == [(None, "Action Item Review"), (None, "Whitepaper")]


def test_numbered_bold_lines_are_the_items_and_unnumbered_bold_lines_their_sub_headings():
    # "**3. Transparency Programme Update**" then "**Delivery of Commitments**", "**Action**":
    # more unnumbered bold lines than numbered ones, yet the numbered ones are the items.
    blocks = [
        bold("Senior Officials' Group on Transparency"),
        Paragraph("Minutes of the 4th meeting: 26th April 2012"),
        bold("1. Introduction"),
        Paragraph("The chair welcomed everyone to the meeting."),
        bold("2. Minutes and Actions"),
        Paragraph("The minutes from the previous meeting were agreed."),
        bold("Action"), bold("Progress"),
        Paragraph("Team to circulate slides on the White Paper."), Paragraph("Complete"),
        bold("3. Programme Update"),
        bold("Delivery of Commitments"),
        Paragraph("The Cabinet Office is developing a departmental scorecard."),
        bold("Open Data Strategies"),
        Paragraph("The final sign off by departments will need to happen by 25th May."),
        bold("Data.gov.uk"),
        Paragraph("Data.gov.uk will be re-launched in June as part of the announcement."),
        bold("Action"),
        Paragraph("Team to circulate the diplomatic note of the conference."),
        bold("4. Any Other Business"),
        Paragraph("There was no other business."),
    ]
    items = split_items(blocks).items
    assert [(i.number, i.title) for i in items] == [
        ("1", "Introduction"), ("2", "Minutes and Actions"), ("3", "Programme Update"), ("4", "Any Other Business")]
    assert "diplomatic note" in items[2].text and "Open Data Strategies" in items[2].text


def test_numbered_bold_lines_are_not_a_list_inside_a_bold_section():
    # Bold lines above and below the numbered bold items ("Welcome", a signature, a date)
    # do not make the items one section's list.
    blocks = [
        bold("Local Public Data Panel"),
        bold("Open Data Institute, 65 Clifton Street, London"),
        Paragraph("Panel: Professor Sir Nigel Shadbolt (Chairman), Chris Taggart, Roger Hampson"),
        bold("Welcome"),
        Paragraph("The chairman welcomed the new minister to the panel and introduced the members."),
        bold("Item 1: Minutes and Action Points"),
        Paragraph("The Panel approved the minutes from the meeting on 25 July."),
        bold("Item 2: Revised Transparency Code"),
        Paragraph("Action: DCLG to share the proposed Government Response with the Panel."),
        bold("Item 3: Forward Look"),
        Paragraph("Action: Panel members to provide ideas on extending partnerships."),
        bold("Item 4: AOB and Close"),
        Paragraph("Action: Provide feedback from the Transparency Board at the next meeting."),
        bold("DCLG Secretariat"),
        bold("November 2013"),
        Paragraph("Date of next Panel meeting: Wednesday 18th December 2013"),
    ]
    assert [n for n, _ in items_of_blocks(blocks)] == ["1", "2", "3", "4"]


def test_a_number_printed_with_its_list_marker_is_not_doubled():
    # A PDF list entry whose marker "1." is also printed in the text as "1 . Actions".
    blocks = [
        Paragraph("Minutes"),
        Paragraph("1 . Actions from previous meeting", list_depth=1, list_marker="1."),
        Paragraph("a. Wiki updates happened", list_depth=2, list_marker="a."),
        Paragraph("2. Appendices to the constitution", list_depth=1, list_marker="2."),
        Paragraph("a. Code of practice to be written", list_depth=2, list_marker="a."),
        Paragraph("3. Any other business", list_depth=1, list_marker="3."),
        Paragraph("a. None was raised", list_depth=2, list_marker="a."),
    ]
    assert items_of_blocks(blocks) == [
        ("1", "Actions from previous meeting"), ("2", "Appendices to the constitution"), ("3", "Any other business")]


def test_emphasis_inside_a_line_does_not_make_it_a_heading():
    blocks = [
        Paragraph("Minutes"),
        Paragraph("Chris said **this** matters", emphasis=((11, 19),)),
        Paragraph("The team has met and has been working on a planning document."),
        Paragraph("Todd reported on the hackfest", emphasis=((0, 4),)),
        Paragraph("Dates are being confirmed with the venue this week."),
    ]
    assert all(i.title not in ("Chris said **this** matters", "Todd reported on the hackfest")
               for i in split_items(blocks).items)


def test_minute_numbers_in_a_minutes_table_are_its_items():
    # A governors' minutes table: "BM 69/2122 | Item | Notes | Action", after an action table
    # in the header whose first column holds action references, not items.
    actions = Table(rows=[["ITEM", "", "BY WHOM", "BY WHEN"],
                          ["72/2122", "Signed minutes to Headteacher for file", "Clerk", "asap"]])
    minutes = Table(rows=[
        ["", "Item", "Notes", "Action"],
        ["BM 69/2122", "To record those present", "The meeting commenced at 1838.", ""],
        ["BM 70/2122", "Declaration of interests", "None were declared.", ""],
        ["BM 71 /2122", "To agree the Minutes of the last meeting", "The minutes were agreed and signed.", "Clerk"],
        ["BM 72/2122", "Finance", "The budget was monitored against the plan.", ""],
    ])
    split = split_items([Paragraph("BOARD OF GOVERNORS"), Paragraph("ACTIONS TO BE TAKEN"), actions, minutes])
    assert [i.number for i in split.items] == ["69/2122", "70/2122", "71/2122", "72/2122"]
    assert split.items[2].title == "To agree the Minutes of the last meeting"


def test_an_item_listing_actions_above_the_minutes_is_their_summary():
    # "**Actions/On-going**" above the minutes restates, in other words, an action minuted
    # under a later bold heading: one action, kept where it was minuted.
    blocks = [
        Paragraph("TSC Minutes", heading=1),
        bold("Actions/On-going"),
        Paragraph("ACTION: Baohua to finalize draft doc for TWGC and collect volunteers to help resource the WG.",
                  list_depth=1, list_marker="-"),
        Paragraph("ACTION: Todd to search availability for a February Hackfest.", list_depth=1, list_marker="-"),
        bold("Action Item Review"),
        Paragraph("The China WG has met and has been working on a planning document."),
        Paragraph("ACTION: Baohua to finalize draft doc for TWGC and suggest volunteers to help resource the WG.",
                  list_depth=1, list_marker="-"),
        bold("Hackfest planning"),
        Paragraph("Preference is for February 1-2 in San Francisco."),
    ]
    parsed = parse_document(DocumentText(path=Path("minutes.md"), format="text", blocks=blocks))
    finalize = [a for a in parsed.actions if "finalize draft doc" in a.description]
    assert len(finalize) == 1 and "suggest volunteers" in finalize[0].description
    assert any("search availability" in a.description for a in parsed.actions)


def test_two_topics_action_lists_worded_alike_are_two_actions():
    # The same task for two topics, each in its topic's own action list: not a summary.
    blocks = [
        Paragraph("Data Panel Meeting", heading=1),
        Paragraph("Present: Paul Downey, Lawrence Greenwood, Adam Bailin"),
        Paragraph("Language tags", heading=2),
        Paragraph("The panel discussed the proposal for language tags."),
        Paragraph("Actions noted for language tags", heading=3),
        Paragraph("Paul Downey to work with Lawrence Greenwood to provide further context on answers, to also "
                  "provide evidence to support answers", list_depth=1, list_marker="1."),
        Paragraph("Country codes", heading=2),
        Paragraph("The panel discussed the proposal for country codes."),
        Paragraph("Action points for country codes", heading=3),
        Paragraph("Paul Downey to work with Lawrence Greenwood to provide further context on answers, to also "
                  "further describe evidence to support answers", list_depth=1, list_marker="1."),
    ]
    parsed = parse_document(DocumentText(path=Path("minutes.md"), format="text", blocks=blocks))
    assert len([a for a in parsed.actions if "Paul Downey" in a.description]) == 2
