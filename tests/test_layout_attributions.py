"""Attributions set by layout (checker/extract/layout.py), on lines written for these tests."""

from __future__ import annotations

from checker.extract.offline import OfflineEngine
from checker.models import Article, Sourced


def extract_all(text: str):
    return OfflineEngine().extract_all(Article(id="t", text=text, outlet=Sourced(value="Example Gazette", origin="metadata")))


def _by_cue(claims, records, cue: str):
    return [a for a in [*claims, *records] if a.cue is not None and a.cue.text == cue]


VOX_POP = ("Readers told us what they think of the bridge.\n"
           "“The new bridge is ugly. It cost far too much and nobody asked us.” ― Maria Gomez\n"
           "“I cross it every day and it saves me twenty minutes.” — Tom B. Walker.\n")


def test_quotation_signed_off_with_a_dash_is_the_named_persons():
    claims, records = extract_all(VOX_POP)
    [gomez] = _by_cue(claims, records, "―")
    assert gomez in claims and gomez.speaker.name == "Maria Gomez" and gomez.quote == "direct"
    assert gomez.content.text == "“The new bridge is ugly. It cost far too much and nobody asked us.”"
    [walker] = _by_cue(claims, records, "—")
    assert walker.speaker.span.text == "Tom B. Walker"  # the closing full stop is no part of the name


def test_dash_inside_a_sentence_is_no_sign_off():
    claims, records = extract_all("The mayor called the bridge “a triumph” — and then the council voted to close it for repairs.")
    assert _by_cue(claims, records, "—") == []


TRANSCRIPT = ("Partial transcript of the Dayton council meeting:\n\n"
              "\"HOST: Will the bridge over the Miami River open in June?\n\n"
              "\"HILL: Yes, the contractors have promised that the bridge will open on June 4. We checked.\n\n"
              "UPDATE: The bridge over the Miami River opened on June 5, a day late.\n\n"
              "WASHINGTON, DC: The federal grant for the Dayton bridge was approved in May.\n")


def test_speaker_tag_and_colon_open_a_transcript_line():
    claims, records = extract_all(TRANSCRIPT)
    colons = _by_cue(claims, records, ":")
    assert [(a.speaker.span.text, a.content.text) for a in colons] == [
        ("HOST", "Will the bridge over the Miami River open in June?"),
        ("HILL", "Yes, the contractors have promised that the bridge will open on June 4. We checked."),
    ]  # no label ("UPDATE") or dateline ("WASHINGTON, DC")


def test_named_person_and_colon_open_a_headline():
    claims, records = extract_all("Hill: Bridge Will Open In June\n\nThe mayor of Dayton spoke on Monday.\n")
    [hill] = _by_cue(claims, records, ":")
    assert (hill.speaker.name, hill.content.text) == ("Hill", "Bridge Will Open In June")
    claims, records = extract_all("Bridges: A Short History Of Dayton\n\nThe mayor of Dayton spoke on Monday.\n")
    assert _by_cue(claims, records, ":") == []
