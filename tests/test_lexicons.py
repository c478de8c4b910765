"""The word lists in checker/data: well-formed files, and the rules that match them by lemma."""

import re
from importlib.resources import files

import pytest
import yaml

from checker import lexicons
from checker.extract.attribution import DENY_VERBS, REPORTING_VERBS, find_attributions
from checker.extract.nlp import analyse
from checker.extract.offline import OfflineEngine
from checker.io.loading import article_id
from checker.io.metadata import infer_published
from checker.models import Article

DATA = files("checker") / "data"
NAMES = sorted(p.name.removesuffix(".yaml") for p in DATA.iterdir() if p.name.endswith(".yaml"))
#: Files whose top-level keys are the entries (name -> abbreviations), in a fixed order.
NAME_FILES = {"months": 12, "weekdays": 7}


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        dupes = {k for k in keys if keys.count(k) > 1}
        assert not dupes, f"duplicate keys {dupes}"
        return super().construct_mapping(node, deep=deep)


def _raw(name):
    return (DATA / f"{name}.yaml").read_text(encoding="utf-8")


def _entries(value):
    """Every string entry of a file's value: list items, mapping keys and string mapping values."""
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in [k, *_entries(v)]]
    if isinstance(value, list):
        return list(value)
    return [value] if isinstance(value, str) else []


def _article(text):
    return Article(id=article_id(text), text=text)


def test_there_is_one_file_per_kind():
    assert {"speech_verbs", "hedge_cues", "months", "weekdays", "number_words", "outlets", "titles",
            "page_furniture"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_file_opens_with_a_header_saying_what_how_and_where_from(name):
    header = []
    for line in _raw(name).splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    assert len(header) >= 2, "a header comment says what the file holds and how entries are written"
    assert "source:" in " ".join(header).lower(), "the header names where the entries come from"


@pytest.mark.parametrize("name", NAMES)
def test_file_loads_without_duplicate_keys_and_is_not_empty(name):
    data = yaml.load(_raw(name), Loader=_StrictLoader)
    assert data == lexicons.mapping(name)
    assert isinstance(data, dict) and data
    if name in NAME_FILES:
        assert len(data) == NAME_FILES[name]
        return
    for key, value in data.items():
        assert value, f"{name}.{key} is empty"


@pytest.mark.parametrize("name", NAMES)
def test_entries_are_lower_case_strings_listed_once(name):
    data = lexicons.mapping(name)
    lists = [data] if name in NAME_FILES else list(data.values())
    if name in NAME_FILES:  # abbreviations are unique across the file, and no name is an abbreviation
        lists = [[e for k, v in data.items() for e in [k, *v]]]
    for value in lists:
        entries = _entries(value)
        assert all(isinstance(e, str) for e in entries), f"{name}: a non-string entry (unquoted yes/no/on/off?)"
        assert all(e == e.lower() and e == e.strip() and e for e in entries), f"{name}: entries are lower-case"
        items = list(value) if isinstance(value, (list, dict)) else [value]
        assert len(items) == len(set(items)), f"{name}: {sorted(e for e in items if items.count(e) > 1)}"


def test_values_have_the_types_their_rules_need():
    assert all(isinstance(v, int) for v in lexicons.mapping("number_words", "numbers").values())
    assert lexicons.mapping("number_words", "multipliers")["million"] == 1_000_000
    assert lexicons.mapping("time_words", "calendar_units") == {"year": 365, "month": 30, "week": 7, "day": 1}
    assert all(isinstance(v, str) for v in lexicons.mapping("titles", "abbreviations").values())
    assert lexicons.ordered("months")[8] == "september" and lexicons.ordered("weekdays")[0] == "monday"


def test_each_speech_verb_has_one_stance():
    stances = [lexicons.words("speech_verbs", k) for k in ("neutral", "hedge", "speculate", "deny")]
    assert sum(len(s) for s in stances) == len(set().union(*stances))
    assert DENY_VERBS <= REPORTING_VERBS


def test_loader_returns_values_callers_cannot_change():
    assert isinstance(lexicons.words("outlets", "names"), frozenset)
    assert isinstance(lexicons.ordered("hedge_cues", "boosters"), tuple)
    copy = lexicons.mapping("number_words", "numbers")
    copy["one"] = 99
    assert lexicons.mapping("number_words", "numbers")["one"] == 1


def test_alternation_marks_optional_words_alternatives_and_whitespace():
    pattern = re.compile("^" + lexicons.alternation(["[last] updated [on]", "read the (article|story)"]) + "$")
    for text in ("updated", "last updated", "updated on", "last  updated on", "read the story", "read the\narticle"):
        assert pattern.match(text), text
    for text in ("updatedon", "last", "read the", "read the page"):
        assert not pattern.match(text), text
    assert re.fullmatch(lexicons.alternation(["news", "times"], case="title"), "Times")


# ---- lemma matching on sentences written for these tests ------------------------------------


@pytest.mark.parametrize("text", [
    "The harbour board disputed the claim that the new pier had cost twice its budget.",
    "Councillor Okafor disputes that the ferry timetable was changed without notice.",
    "Disputing the figures, the union said the strike had drawn nearly 4,000 workers.",
])
def test_dispute_in_any_form_is_a_denial(text):
    analysis = analyse(_article(text))
    [att] = [a for a in find_attributions(analysis) if a.cue_lemma == "dispute"]
    assert att.cue.text.lower().startswith("disput")
    claim = next(c for c in OfflineEngine().claims_from(analysis) if c.cue is not None and c.cue.text == att.cue.text)
    assert claim.hedging.level == "denied"


def test_dispute_as_a_noun_is_no_attribution():
    analysis = analyse(_article("The dispute over the ferry timetable dragged on for months in the council."))
    assert find_attributions(analysis) == []


def test_reporting_verb_matches_on_its_lemma_not_its_spelling():
    for text in ("The harbour board says the new pier cost twice its budget.",
                 "The harbour board said the new pier cost twice its budget.",
                 "The harbour board is saying the new pier cost twice its budget."):
        [att] = find_attributions(analyse(_article(text)))
        assert att.cue_lemma == "say", text
    assert find_attributions(analyse(_article("The harbour board sailed to the new pier on Monday."))) == []


def test_unnamed_source_nouns_match_in_both_numbers():
    for text in ("An official said the ferry timetable would change in the spring.",
                 "Two officials said the ferry timetable would change in the spring."):
        [att] = find_attributions(analyse(_article(text)))
        assert att.speaker.kind == "anonymous" and att.anonymous, text
    [att] = find_attributions(analyse(_article("Councillor Okafor said the ferry timetable would change in the spring.")))
    assert att.speaker.kind == "person" and not att.anonymous


def test_speech_tail_with_any_form_of_a_speech_verb_rejoins_its_quote():
    for verb in ("explains", "explained", "continued", "disputes"):
        text = f"“The pier will open in the spring,” the harbour master {verb}. Then the meeting ended."
        sentences = [s.text for s in analyse(_article(text)).sentences]
        assert sentences[0].endswith(f"the harbour master {verb}."), sentences


def test_a_tail_without_a_speech_verb_stays_a_sentence_of_its_own():
    text = "“The pier will open in the spring.” The harbour master smiled. Then the meeting ended."
    sentences = [s.text for s in analyse(_article(text)).sentences]
    assert sentences[0] == "“The pier will open in the spring.”", sentences


def test_month_and_weekday_abbreviations_come_from_the_data():
    text = "Ferry timetable changes again\nThurs., Sept. 5, 2024\n\nThe harbour board met on the pier."
    assert infer_published(text).value.isoformat() == "2024-09-05"
