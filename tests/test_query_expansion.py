"""Acronyms in questions: a run of question words stands for an acronym the minutes use."""

from retrieval.query_expansion import acronyms_in


def test_a_run_of_words_gets_the_acronym_the_minutes_use():
    found = acronyms_in("What did the clinical commissioning groups agree?", known=lambda term: term == "ccg")
    assert found == {"ccg": ["clinic", "commiss", "group"]}


def test_stemming_never_shortens_an_acronym_to_someones_initials():
    # "economy paper September" -> "eps", which the stemmer makes "ep": initials, not an acronym.
    question = "Who's bringing the night-time economy paper to the September P&R board?"
    assert acronyms_in(question, known=lambda term: term == "ep") == {}
    # The same run is matched when the minutes write the acronym whole.
    plural = "Who chairs the economy paper sessions?"  # "eps", or "epss" as minutes write "EPSs"
    assert acronyms_in(plural, known=lambda term: term in {"ep", "epss"}) == {"epss": ["economi", "paper", "session"]}
