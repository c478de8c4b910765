"""Lexical relations from the shipped Open English WordNet derivative."""

import gzip
import json
import time
from importlib.resources import files

import pytest

from checker.compare import lexical as L

DATA = files("checker") / "data"


def test_direct_antonyms():
    assert L.are_antonyms("increase", "decrease")
    assert L.are_antonyms("decrease", "increase")
    assert L.are_antonyms("increase", "decrease", pos="v")
    assert L.are_antonyms("rise", "fall", pos="v")
    assert L.are_antonyms("win", "lose", pos="v")
    assert L.are_antonyms("victory", "defeat", pos="n")
    assert L.are_antonyms("hire", "fire")
    assert L.are_antonyms("guilty", "innocent", pos="a")
    assert "decrease" in L.antonyms("increase", "VERB")  # spaCy's tags are accepted


def test_not_antonyms():
    assert not L.are_antonyms("increase", "rise")
    assert not L.are_antonyms("increase", "grow")
    assert not L.are_antonyms("buy", "purchase")
    assert not L.are_antonyms("rise", "fall", pos="a")
    assert not L.are_antonyms("victory", "defeat", pos="v")


def test_indirect_adjective_antonyms():
    # "arid" is a satellite similar to "dry", the antonym of "wet"
    assert L.are_antonyms("wet", "arid", pos="a")
    assert L.are_antonyms("arid", "wet")
    assert "cold" in L.antonyms("hot", "a")
    assert not L.are_antonyms("arid", "dry")


def test_antonyms_carried_across_derivation():
    assert L.are_antonyms("decline", "improve", pos="v")  # from "decline" n. ~ "improvement"
    assert L.are_antonyms("buyer", "seller", pos="n")


def test_synonyms():
    assert "purchase" in L.synonyms("buy", "v")
    assert "buy" in L.synonyms("purchase", "verb")
    assert {"resign", "step down", "depart"} <= L.synonyms("quit", "v")
    assert {"quit", "step down"} <= L.synonyms("resign", "v")
    assert "leave" in L.synonyms("exit", "v")
    assert "shore up" in L.synonyms("prop up", "v")  # multi-word lemmas use spaces
    assert "buy" not in L.synonyms("buy", "v")
    assert "sell" not in L.synonyms("buy", "v")
    assert "purchase" not in L.synonyms("buy", "a")


def test_synonyms_stop_at_the_first_senses():
    # "renounce" is the fourth verb sense of "quit"
    assert "renounce" not in L.synonyms("quit", "v")


def test_derivations():
    assert "announcement" in L.derivations("announce")
    assert "announce" in L.derivations("announcement")
    assert "resignation" in L.derivations("resign")
    assert "resign" in L.derivations("resignation")
    assert "invasion" in L.derivations("invade")
    assert "exit" in L.derivations("exit")  # the noun and the verb
    assert "election" in L.derivations("elect")
    assert "resignation" not in L.derivations("announce")


def test_demonyms_and_pertainyms():
    assert L.country_of("italian") == "italy"
    assert L.country_of("Italian") == "italy"
    assert L.country_of("chinese") == "china"
    assert L.country_of("french") == "france"
    assert L.country_of("swedish") == "sweden"
    assert L.country_of("canadian") == "canada"
    assert L.country_of("texan") == "texas"
    assert L.country_of("federal") is None
    assert L.country_of("banana") is None
    assert L.pertainym("federal") == "federal government"
    assert L.pertainym("economic") == "economy"
    assert L.pertainym("chinese") == "china"
    assert L.pertainym("banana") is None


def test_same_kind_of_place():
    assert L.same_kind("france", "italy") == "european"
    assert L.same_kind("sweden", "norway") is not None
    assert L.same_kind("china", "japan") is not None
    assert L.same_kind("france", "banana") is None
    assert L.same_kind("sweden", "kenya") is None  # a European and an African country
    assert L.same_kind("paris", "italy") is None  # a city and a country


def test_same_kind_of_common_nouns():
    assert L.same_kind("wednesday", "thursday") == "weekday"
    assert L.same_kind("senator", "governor") == "politician"
    assert L.same_kind("dollar", "euro") is not None
    assert L.same_kind("rifle", "pistol") is not None
    assert L.same_kind("gold", "silver") is not None
    assert L.same_kind("doctor", "nurse") is not None


def test_not_same_kind():
    assert L.same_kind("tuesday", "banana") is None
    assert L.same_kind("monday", "march") is None
    assert L.same_kind("senator", "senator") is None
    assert L.same_kind("car", "automobile") is None  # one sense: synonyms
    assert L.same_kind("senator", "legislator") is None  # one is the other's category
    assert L.same_kind("rifle", "governor") is None


def test_unknown_words_give_empty_answers():
    word = "zorblatt"
    assert L.antonyms(word) == frozenset()
    assert L.antonyms(word, "n") == frozenset()
    assert not L.are_antonyms(word, "increase")
    assert L.synonyms(word, "v") == frozenset()
    assert L.synonyms("buy", "x") == frozenset()
    assert L.derivations(word) == frozenset()
    assert L.country_of(word) is None
    assert L.pertainym(word) is None
    assert L.same_kind(word, "france") is None
    assert L.same_kind("wednesday", word) is None
    assert L.same_kind("", "") is None


def test_header_names_source_and_licence():
    meta = L.metadata()
    assert "Open English WordNet" in meta["source"]
    assert "d94538ad" in meta["source"]
    assert "CC BY 4.0" in meta["licence"]
    assert "Princeton WordNet" in meta["licence"]
    assert "build_lexical.py" in meta["rebuild"]
    with (DATA / "wordnet.json.gz").open("rb") as fh:
        raw = json.loads(gzip.decompress(fh.read()))
    assert raw["meta"] == meta
    notice = (DATA / "WORDNET-LICENSE.md").read_text(encoding="utf-8")
    for needle in ("Open English WordNet", "d94538ad", "CC BY 4.0", "Princeton", "WordNet 3.0 Copyright 2006", "scripts/build_lexical.py"):
        assert needle in notice, needle


def test_file_is_compact_and_loads_quickly():
    assert (DATA / "wordnet.json.gz").stat().st_size <= 4_000_000
    L._data.cache_clear()
    start = time.process_time()
    L._data()
    assert time.process_time() - start < 2.0  # about 0.15 s of CPU on an unloaded machine


@pytest.mark.parametrize("word", ["Increase", "  increase ", "increase"])
def test_lookups_normalise_case_and_spaces(word):
    assert L.are_antonyms(word, "Decrease")
