"""Where a meeting was held, from wherever the minutes say it.

Minutes state a place in a few ways: a labelled field ("Venue: ...", "Where: ...", a
"Place | ..." header-table row, a "Venue" line over its value), a "held at / in / via ..."
phrase in the opening lines ("held at The Castle, Castle St, Cambridge", "held via Zoom"),
the rest of the title's date line ("7 February 2018 at 7.00 pm Stoke Ferry Village Hall"),
or an address line of its own under the title ("Open Data Institute, 65 Clifton Street,
London EC2A 4JE"). Each way proposes a candidate with a base score for how surely it names
a place; what the words look like adds to or takes from it (a venue noun, a postcode, a
conferencing platform; "Minutes", a time zone, running text), and the best candidate above
a threshold is the place. A false place is worse than none, so the threshold is high for
the weak ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.dates import find_dates

# Nouns that name buildings, rooms and streets in any organisation's minutes.
_VENUE_NOUN = re.compile(
    r"\b(?:room|rooms|hall|house|centre|center|library|building|chamber|chambers|church|chapel|"
    r"hotel|inn|pub|tavern|arms|castle|club|clubhouse|pavilion|workspace|lounge|"
    r"theatre|theater|auditorium|suite|lodge|barn|studio|campus|station|museum|gallery|"
    r"cafe|café|restaurant|depot|courthouse|street|st|road|rd|lane|avenue|ave|square|"
    r"terrace|parade|crescent|boulevard|drive|mill|floor|ground)\b",
    re.IGNORECASE,
)
# Nouns of institutions: a place when a sentence or label says so ("held at the Home Office"),
# but on a line of their own as often an attendee's employer as a venue.
_INSTITUTION_NOUN = re.compile(
    r"\b(?:office|offices|ministry|school|academy|college|university|institute|hospital|surgery|clinic|"
    r"headquarters|hq|works)\b",
    re.IGNORECASE,
)
# Where meetings held without a room take place: conferencing tools, the phone, "online".
_ONLINE = re.compile(
    r"\b(?:(?:ms|microsoft)\s+teams|teams|zoom|skype|webex|google\s+meet|hangouts?|jitsi(?:\s+meet)?|gotomeeting|"
    r"bluejeans|discord|slack|irc|internet\s+relay\s+chat|teleconference|telecon|conference\s+call|video\s?conference|"
    r"videoconference|telephone|phone|online|virtually|virtual|remotely)\b",
    re.IGNORECASE,
)
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_US_ZIP = re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
_STREET_NUMBER = re.compile(r"\b\d{1,4}[a-z]?\s+[A-Z][a-z]+")
# Words that say what a line is about rather than where: a title's "Minutes", "Meeting Notes".
_NOT_A_PLACE = re.compile(r"(?<![-#\w])(?:minutes|meeting|notes|agenda|apologies|present|attendees|part\s+[a-z\d])\b", re.I)
# The body or organisation a title line names ("... Board of Governors", "Office of the ... Commissioner"),
# unless it names one of its rooms ("Council Chamber", "Board Room").
_BODY = re.compile(
    r"\b(?:board|committee|council|governors|trustees|panel|group|partnership|forum|commission(?:er)?|authority|"
    r"society|association|foundation|police|constabulary|department|directors|executive)\b"
    r"(?!\s+(?:room|chamber|hall|offices?|suite)\b)",
    re.IGNORECASE,
)
_ROOM_CODE = re.compile(r"\b[A-Z]{2,3}\d{2,3}[A-Z]?\b")
_NAME_LIKE = re.compile(r"(?:(?:[A-Z0-9][\w'’.&-]*|of|the|and|&|upon|on)[\s,]*)+")
_TIME_ZONE_ONLY = re.compile(r"^\(?[A-Z]{2,5}\)?(?:\s*[+-]\d{2,4})?$")
_CLOCK = (
    r"(?:[012]?\d:[0-5]\d\s*(?:a\.?m\.?|p\.?m\.?|hrs?|h)?|[012]?\d\.[0-5]\d\s*(?:a\.?m\.?|p\.?m\.?|hrs?|h)(?![a-z])"
    # "14.30" without am/pm is a time after "at", "to", a comma or a date, not after a name ("Room 4.12")
    r"|(?:(?<=at\s)|(?<=to\s)|(?<=and\s)|(?<=[-–,]\s)|(?<=[-–])|(?<![A-Za-z]\s))[012]?\d\.[0-5]\d(?![\d.])"
    r"|[01]?\d\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])|noon|midday"
    # 24-hour clock without a separator: "0930 to 1230", "at 1830", "1900hrs"
    r"|(?:[01]\d|2[0-3])[0-5]\d(?=\s*(?:hrs?\b|h\b|-|–|to\b))|(?:(?<=at\s)|(?<=to\s)|(?<=[-–])|(?<=[-–]\s))(?:[01]\d|2[0-3])[0-5]\d\b)"
    r"(?-i:(?:\s*\(?[A-Z]{2,5}\)?(?![a-z]))?)"  # a time zone: "(AEST)", "UTC"
)
# A time of day or a span of them, as minutes write it (public: the header's time is read with it):
# "at 7 p.m.", "between 7:30pm and 10pm", "10:00- 11:30", "from 6.30pm", "18:30"
TIME_PHRASE = re.compile(
    rf"(?:\b(?:at|from|between|starting|commencing|begin(?:ning)?)\s+)?{_CLOCK}(?:\s*(?:-|–|to|and|until|till)\s*{_CLOCK})?",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
# What ends a place phrase: a clause about something else.
_PHRASE_END = re.compile(
    r"\s(?:on\s+the|on|during|for|to|commencing|starting|when|where|which|with|and\s+(?:was|were|the\s+meeting)|"
    r"chaired|hosted\s+by(?=\s+[a-z]))\b|[;|]|\s[-–—]\s|\.(?:\s|$)(?<!\bSt\.\s)(?<!\bSt\.)",
    re.IGNORECASE,
)
_HONORIFIC = re.compile(r"\s(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s.*$")
_HELD = re.compile(
    r"\b(?:held|took\s+place|takes\s+place|convened|(?:meeting|call|session)\s+was(?=\s+(?:at|in|via|over|on|by)\b))\b"
    r"(?:\s+(?:their|its|the|a|an|this|our)\s+(?:\w+\s+)?(?:meeting|session))?",
    re.IGNORECASE,
)
_PLACE_PREPOSITION = re.compile(r"(?:^|\s|,)(?P<prep>at|in|via|over|by|using|on)\s+(?P<rest>\S.*)$", re.IGNORECASE | re.S)
_ADVERB_PLACE = re.compile(r"^\s*(?P<word>virtually|online|remotely)\b", re.IGNORECASE)
_OTHER_MEETING = re.compile(r"\b(?:next|previous|last|future|forthcoming|following|special|earlier|prior)\b", re.IGNORECASE)
_LABEL_INLINE = re.compile(r"(?:^|\s|\t)(?P<label>Venue|Location|Place|Where|VENUE|LOCATION|PLACE|WHERE)\s*(?::|–|-)\s*(?P<value>\S[^\t]*)")
_LABEL_ALONE = re.compile(r"^\W*(?:venue|location|place|where|meeting\s+(?:venue|location|place))\W*$", re.IGNORECASE)
_NEXT_LABEL = re.compile(r"\s+\b(?:[A-Z][a-z]+(?:\s+[a-z]+)?|[A-Z]{3,})\s*:\s")
_SMALL = {"of", "the", "and", "&", "on", "upon", "de", "la", "le", "du", "des", "der", "van", "von", "y", "at", "in"}

ACCEPT = 2.5  # a candidate needs this much to be the place


@dataclass(frozen=True)
class PlaceCandidate:
    """A phrase proposed as the meeting's place, how it was found, and its score."""

    text: str
    way: str  # "label", "held", "date line", "address line", "front matter", "platform"
    score: float


def meeting_place(
    title_lines: list[str], opening_lines: list[str], fields: dict[str, str], front_matter: dict[str, str],
) -> str | None:
    """The meeting's place, or None when no candidate is sure enough.

    `title_lines` are the header's lines before the attendance lists; `opening_lines` the
    document's first lines; `fields` the labelled header fields ("venue", "location", ...).
    """
    best = max(place_candidates(title_lines, opening_lines, fields, front_matter), key=lambda c: c.score, default=None)
    return best.text if best is not None and best.score >= ACCEPT else None


def place_candidates(
    title_lines: list[str], opening_lines: list[str], fields: dict[str, str], front_matter: dict[str, str],
) -> list[PlaceCandidate]:
    """Every proposed place with its score (see the module docstring)."""
    candidates: list[PlaceCandidate] = []
    for key in ("venue", "location", "place", "where"):
        if front_matter.get(key):
            candidates.append(_scored(front_matter[key], "front matter", 3.0))
        if fields.get(key):
            candidates.append(_scored(fields[key], "label", 3.0))
    lines = [_plain(line) for line in [*title_lines, *opening_lines]]
    for index, line in enumerate(lines):
        for match in _LABEL_INLINE.finditer(line):
            value = _NEXT_LABEL.split(match.group("value"))[0]
            candidates.append(_scored(value, "label", 3.0))
        if _LABEL_ALONE.match(line) and index + 1 < len(lines) and lines[index + 1].strip():
            candidates.append(_scored(lines[index + 1], "label", 2.5))
    candidates += _held_candidates("\n".join(lines))
    candidates += _platform_candidates(lines[:15])
    title = _before_attendance([_plain(line) for line in title_lines[:12]] or lines[:8])
    dated = [i for i, line in enumerate(title) if find_dates(line, None)]
    for index, line in enumerate(title):
        if index in dated:
            rest = _after_first_date(line)
            if rest:
                candidates.append(_scored(rest, "date line", 1.0, sentence_penalty=True))
        elif not _HELD.search(line):
            near_date = any(abs(index - d) == 1 for d in dated)
            candidates.append(_scored(line, "address line", 1.5 if near_date else 0.5, sentence_penalty=True))
    return [c for c in candidates if c.text]


_ATTENDANCE = re.compile(
    r"^\W*(?:present|attendees|attending|attendance|apologies|in attendance|members|roll call|regrets|those present|"
    r"(?:the following|people|those|members) (?:\w+ )?(?:attended|present)|participants|guests)\b",
    re.IGNORECASE,
)


def _before_attendance(lines: list[str]) -> list[str]:
    """The title lines before an attendance list starts (its lines name employers, not venues)."""
    for index, line in enumerate(lines):
        if _ATTENDANCE.match(line):
            return lines[:index]
    return lines


def place_phrase(text: str) -> str | None:
    """The place a short text names after a date and time ("at 7.30pm in Northwold Village Hall",
    ", Riverside Community Centre, Stratford", "at 14.30 at Cambourne"), or None when it names
    none surely. A name after "at" or "in" there is a place."""
    text = re.sub(r"\(\s*[a-z][^)]*\)", " ", text)  # "(with coffee and tea at 7.30 pm)"
    text = re.sub(r"^\s*[-–]\s*[0-3]?\d\b,?", " ", text)  # the end of a range: "January 27-29, 2015"
    bare = _without_dates_and_times(text)
    named = re.match(r"^[\s,]*(?:at|in)\s+(?:the\s+)?[A-Z]", bare)
    candidate = _scored(text, "date line", 2.5 if named else 1.5, sentence_penalty=True)
    return candidate.text if candidate.text and candidate.score >= ACCEPT else None


def _held_candidates(text: str) -> list[PlaceCandidate]:
    """"The meeting was held on Friday 17th January 2014, between 7:30pm and 10pm, at The Castle, ...":
    the place phrase after a preposition in a sentence saying where this meeting was held."""
    found = []
    for match in _HELD.finditer(text):
        sentence_start = max(text.rfind("\n", 0, match.start()), text.rfind(". ", 0, match.start())) + 1
        before = text[sentence_start:match.start()]
        if _OTHER_MEETING.search(before) or re.search(r"\b(?:will|shall|would|to|could|may)\s+(?:now\s+)?be\s+$", before, re.I):
            continue  # "the next meeting will be held at ...", "the last meeting held on ...", "the AGM is to be held at ..."
        rest = text[match.end():]
        # The sentence may run on to the next line ("... was held by\nteleconference hosted by IBM").
        first, _, second = rest.partition("\n")
        rest = first + (" " + second.partition("\n")[0] if re.search(r"\b(?:at|in|via|over|by|on)\s*$", first) else "")
        rest = _without_dates_and_times(rest)
        adverb = _ADVERB_PLACE.match(rest)
        if adverb:
            found.append(PlaceCandidate("online", "held", 4.0))
            continue
        prep = _PLACE_PREPOSITION.search(" " + rest)
        # The place follows the verb, past only the date and time taken out: "held on Friday
        # 17th January 2014, between 7:30pm and 10pm, at The Castle".
        if not prep or not re.fullmatch(r"[\s,;:()–-]*(?:(?:on|the|and)\b[\s,;:()–-]*)*", (" " + rest)[: prep.start()]):
            continue
        if prep.group("prep").lower() in ("on", "by", "over", "via", "using") and not _ONLINE.match(prep.group("rest")):
            continue  # "held on 3 May", "held by the Chair": a place only when a platform follows
        found.append(_scored(prep.group("rest"), "held", 2.5, sentence_penalty=True))
    return found


def _platform_candidates(lines: list[str]) -> list[PlaceCandidate]:
    """A conferencing platform the opening lines name as the meeting's medium: "(Zoom) Meeting",
    "The Zoom ID is", "Zoom call", "via Teams"."""
    found = []
    for line in lines:
        for match in _ONLINE.finditer(line):
            word = match.group(0)
            if word.lower() in ("online", "virtual", "virtually", "remotely", "phone", "telephone", "slack", "discord"):
                continue  # too common in running text to say where this meeting was
            before, after = line[: match.start()], line[match.end():]
            cued = re.search(r"(?:\(|\b(?:via|on|over|using|by)\s+)$", before, re.I) or re.match(r"\s*(?:\)|(?:meeting|call|id|link|session|conference|room)\b)", after, re.I)
            if cued:
                found.append(PlaceCandidate(_platform_name(word), "platform", 3.0))
                break
    return found


def _platform_name(word: str) -> str:
    """"MS  Teams" as "MS Teams"."""
    return " ".join(word.split())


def _scored(text: str, way: str, base: float, sentence_penalty: bool = False) -> PlaceCandidate:
    """`text` trimmed to its place phrase, scored by what it looks like."""
    phrase = _trim(text)
    if not phrase:
        return PlaceCandidate("", way, 0.0)
    score = base
    online = _ONLINE.search(phrase)
    if online and online.start() == 0 and way not in ("label", "front matter") \
            and re.match(r"\s*(?:log|logs|minutes|notes|recording|transcript|archive)\b", phrase[online.end():], re.I):
        return PlaceCandidate("", way, 0.0)  # "IRC log": where the record is, not the meeting
    if online and online.start() == 0:
        # "teleconference hosted by IBM", "Laminas Slack #tsc-meeting channel" (labelled) stay whole
        if way not in ("label", "front matter"):
            phrase = _platform_name(online.group(0))
        return PlaceCandidate(phrase, way, score + 1.5)
    nouns = _VENUE_NOUN.search(phrase) or way != "address line" and _INSTITUTION_NOUN.search(phrase)
    if nouns and (re.search(r"[A-Z]", phrase) or re.fullmatch(r"the\s+\w+", phrase, re.I)):
        score += 1.5
    if _UK_POSTCODE.search(phrase) or _US_ZIP.search(phrase):
        score += 1.5
    if _STREET_NUMBER.search(phrase):
        score += 0.5
    if "," in phrase and all(part.strip()[:1].isupper() or part.strip()[:1].isdigit() for part in phrase.split(",") if part.strip()):
        score += 0.5
    if way not in ("label", "front matter"):
        if _NOT_A_PLACE.search(phrase) or _BODY.search(phrase):
            score -= 2.0
        elif _ROOM_CODE.search(phrase) or way == "date line" and "," in phrase and _NAME_LIKE.fullmatch(phrase) \
                and len(phrase.split()) <= 8:
            score += 1.0  # "GF01, Kelvedon Park": a room and a site, as a name is written
    if _TIME_ZONE_ONLY.match(phrase) or len(phrase) < 2 or len(phrase.split()) > 12:
        score -= 3.0
    if sentence_penalty:
        lower = [w for w in re.findall(r"[A-Za-z][\w'’-]*", phrase) if w[0].islower() and w.lower() not in _SMALL]
        if len(lower) > (2 if phrase.lower().startswith("the ") else 1):
            score -= 1.0 * (len(lower) - 1)
        if not online and not re.match(r"(?:the\s+)?[A-Z0-9]", phrase) and not re.fullmatch(r"the\s+\w+", phrase, re.I):
            score -= 1.0
    return PlaceCandidate(phrase, way, score)


def _trim(text: str) -> str:
    """The place phrase of `text`: markup, dates, times and leading prepositions removed, cut
    where a clause about something else begins, in natural case."""
    text = _without_dates_and_times(_plain(text))
    text = re.sub(r"^[\s,:;/|–—-]*(?:(?:held|meeting)\s+)?(?:at|in|via|over|using|venue)?\s*[:,]?\s+", "", " " + text, flags=re.I)
    text = re.sub(r"^[\s,:;/|–—-]+", "", text)
    text = _PHRASE_END.split(text, maxsplit=1)[0]
    text = _HONORIFIC.sub("", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = " ".join(text.split()).strip(" ,;:/|–—-.")
    if text.lower() in ("", "the", "tbc", "tba", "tbd", "n/a"):
        return ""
    return _natural_case(text)


def _without_dates_and_times(text: str) -> str:
    spans = [(m.start, m.end) for m in find_dates(text, None)]
    spans += [span for span in _month_days(text) if not any(s < span[1] and span[0] < e for s, e in spans)]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    text = re.sub(rf"\b{_WEEKDAY}\b,?(?=\s*(?:,|$|\s(?:at|in|,)))", " ", text, flags=re.I)
    text = re.sub(rf"^\s*,?\s*{_WEEKDAY}\b,?", " ", text, flags=re.I)
    text = TIME_PHRASE.sub(" ", text)
    text = re.sub(r"(?<![\w-])(?:19|20)\d\d(?![\w-])", " ", text)  # a year left by a range of days
    text = re.sub(r"\b(?:on\s+the|on)\s*(?=[,.]|$)", " ", text, flags=re.I)
    return re.sub(r"\s+([,.])", r"\1", re.sub(r"[ \t]+", " ", text))


def _month_days(text: str) -> list[tuple[int, int]]:
    """Spans of "January 5th", "Jan 5" (no year), which `find_dates` reads only with a year."""
    return [(m.start(), m.end()) for m in re.finditer(
        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+[0-3]?\d(?:st|nd|rd|th)?\b(?!:)", text, re.I)
        if find_dates(m.group(0) + " 2000", None)]


def _after_first_date(line: str) -> str:
    mentions = find_dates(line, None)
    return line[mentions[0].end:] if mentions else ""


def _plain(line: str) -> str:
    """A line without Markdown emphasis, HTML tags and table separators."""
    line = re.sub(r"<[^>]+>", " ", line)
    line = re.sub(r"[*_`]+|^#+\s*", "", line)
    return " ".join(line.replace("\t", " \t ").split(" ")).strip()


def _natural_case(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters) or len(letters) <= 5:
        return text
    words = []
    for index, word in enumerate(text.split(" ")):
        if index and word.lower() in _SMALL:
            words.append(word.lower())
        elif _UK_POSTCODE.fullmatch(word) or len(word) <= 2 or not re.search(r"[AEIOU]", word):
            words.append(word)
        else:
            words.append(word.capitalize())
    return " ".join(words)
