"""Quotation finding and sentence segmentation with offsets."""

from checker.extract.nlp import analyse, find_quotes
from checker.io.loading import article_id
from checker.models import Article


def _article(text):
    return Article(id=article_id(text), text=text)


def test_mismatched_and_straight_quotes_pair_within_a_paragraph():
    text = 'She said she’ll “get back to him", adding more.\nHe said "yes" and left.'
    quotes = [text[q.inner_start : q.inner_end] for q in find_quotes(text)]
    assert quotes == ["get back to him", "yes"]


def test_apostrophes_and_one_word_scare_quotes_are_not_quotes():
    text = "Biden’s team said ‘Axios’ reported it. Harris’ aides agreed."
    assert find_quotes(text) == []


def test_multi_sentence_quote_stays_one_sentence():
    text = "“We don’t know. We were willing to be flexible,” he said.\nNext line here."
    a = analyse(_article(text))
    assert [s.text for s in a.sentences] == ["“We don’t know. We were willing to be flexible,” he said.", "Next line here."]
    for s in a.sentences:
        assert text[s.start : s.end] == s.text


def test_double_single_quote_pairs_are_quotes():
    text = "''Perhaps they can help,'' Mr. Obama said. He didn't."
    [q] = find_quotes(text)
    assert text[q.start : q.end] == "''Perhaps they can help,''"


def test_speech_tail_split_by_the_tagger_rejoins_its_quote():
    text = "“How many times do we have to see this in our country?” Clinton said. Then she left the stage."
    a = analyse(_article(text))
    assert a.sentences[0].text == "“How many times do we have to see this in our country?” Clinton said."


def test_people_who_share_a_surname_keep_their_own_names():
    from checker.extract.nlp import load_nlp, resolve_entities

    text = ("Joe Biden spoke in Scranton on Monday. Hunter Biden was not there. Biden said the trip went well. "
            "Bill Clinton and Hillary Clinton arrived later. Senator Warren agreed with Elizabeth Warren's plan.")
    canon = {(e.text, e.span.start): e.canonical for e in resolve_entities(load_nlp()(text), text) if e.label == "PERSON"}
    by_text = {t: c for (t, _), c in canon.items()}
    assert by_text["Hunter Biden"] == "Hunter Biden" and by_text["Joe Biden"] == "Joe Biden"
    assert by_text["Biden"] == "Biden"  # two Bidens in the article: a bare surname stays unresolved
    assert by_text["Hillary Clinton"] == "Hillary Clinton" and by_text["Bill Clinton"] == "Bill Clinton"
    assert by_text["Warren"] == "Elizabeth Warren"  # exactly one Warren: the surname resolves
