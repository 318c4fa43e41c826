"""Verbs that give someone work when a list entry or an action opens with them ("Draft notice
and provide to Valentine", "Create github repo", "Chase the bank").

A lexicon, not a parser: the base forms minutes of every genre use for tasks. It decides
whether an entry reads as an instruction ("Update the website") or a topic ("Update on new
members", "Finances") together with the word that follows (see `action_evidence`).
"""

from __future__ import annotations

_VERBS = frozenset("""
accept acknowledge action add address adjust advertise advise agree align allocate amend analyse analyze announce
answer apply appoint approach approve arrange ask assemble assess assign attend audit authorise authorize
book brief bring build buy calculate call cancel capture chase check circulate clarify clean clear close
collate collect coordinate co-ordinate comment communicate compare compile complete confirm connect
consult contact contribute convene copy correct cost cover create define delete deliver deploy design
determine develop disseminate distribute document donate draft email e-mail encourage engage ensure
enquire escalate inquire establish estimate evaluate examine explore export extend file fill finalise finalize find fix
follow forward gather get give handle help highlight hire hold identify implement import improve include
inform initiate inspect install introduce investigate invite involve issue keep launch lead liaise link list
look mail maintain make manage map meet merge message migrate monitor move negotiate nominate notify obtain
offer open order organise organize outline pass pay pick plan post prepare present print prioritise prioritize
process procure produce progress promote propose provide publish purchase pursue push put query raise reach
read recommend reconcile record recruit redraft refer refresh register reissue release remind remove renew
reply report request research reserve resolve respond restart resubmit return review revise revisit run
schedule scope screen secure seek select send set settle share sign sort speak specify sponsor start submit
summarise summarize supply support survey sync take talk test tidy track transfer translate try update
upgrade upload verify visit vote write
""".split())


def is_work_verb(word: str) -> bool:
    """`word` (any case) is a verb minutes use to give work, in its base form."""
    return word.lower().strip(".,:;") in _VERBS
