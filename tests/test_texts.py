"""Text-against-text consistency (checker.compare.texts, checker.compare.align) on hand-written sentences."""

import pytest

from checker.compare import align, texts

DOC = ("The city council approved the new budget on Tuesday by a vote of 7 to 2. Mayor Ana Ruiz said the budget "
       "raises spending on schools by 4 percent. The plan was opposed by council member Tom Hale, who said taxes would rise.")

HARBOUR = (
    "Dock workers in Rotterdam walked off the job on Monday, halting cargo traffic at Europe's largest port.\n\n"
    "The union said the strike would last 48 hours unless employers raised wages.\n\n"
    "Port officials said they had failed to reach a deal with the union after three weeks of talks.\n\n"
    "The harbour master, Pieter de Vries, told reporters that 40 ships were waiting offshore.\n\n"
    "A spokesman for the Dutch transport ministry said the government would not intervene.\n\n"
    "Last year a similar strike in Antwerp lasted five days and cost shippers millions of euros.\n\n"
    "The workers want a 7 percent raise, while employers have offered 3 percent."
)


@pytest.mark.parametrize("summary,label", [
    ("The city council approved the new budget on Tuesday by a vote of 7 to 2.", "consistent"),
    ("The city council rejected the new budget on Tuesday by a vote of 7 to 2.", "contradicted"),
    ("The city council approved the new budget on Tuesday by a vote of 5 to 4.", "contradicted"),
    ("The city council did not approve the new budget on Tuesday.", "contradicted"),
    ("Mayor Ana Ruiz said the budget raises spending on schools by 4 percent, and the governor praised it in Sacramento.",
     "unsupported"),
])
def test_compare_texts(summary, label):
    verdict = texts.compare_texts(DOC, summary)
    assert verdict.label == label, verdict.explanation
    if label == "contradicted":
        f = next(f for f in verdict.findings if f.relation == "contradicts")
        assert len(f.claims) == 2 and f.claims[1].article_id == "A"


def _aligned(summary: str) -> list[int]:
    src = align.source_index(HARBOUR)
    (b,) = align.parse(summary)
    return [s.idx for s in align.align(src, b)[0]]


def test_retrieval_finds_the_sentence_by_rare_words():
    assert _aligned("Pieter de Vries said 40 ships waited offshore.")[0] == 3
    assert _aligned("The Antwerp strike last year went on for five days.")[0] == 5


def test_a_sentence_can_draw_on_two_source_sentences():
    got = _aligned("Dock workers in Rotterdam walked off the job on Monday, and the union said the strike would last 48 hours.")
    assert set(got[:2]) == {0, 1}


def test_the_source_index_is_built_once():
    assert align.source_index(HARBOUR) is align.source_index(HARBOUR)


@pytest.mark.parametrize("summary", [
    "Dock workers in Rotterdam walked off the job on Monday, halting cargo traffic at Europe's largest port.",
    "Port officials said they had failed to reach a deal with the union after three weeks of talks.",
    "The harbour master, Pieter de Vries, told reporters that 40 ships were waiting offshore.",
    "The workers want a 7 percent raise, while employers have offered 3 percent.",
])
def test_restating_the_source_is_consistent(summary):
    assert texts.compare_texts(HARBOUR, summary).label == "consistent"


def test_negation_inserted_or_removed():
    said = texts.compare_texts(HARBOUR, "A spokesman for the Dutch transport ministry said the government would intervene.")
    assert said.label == "contradicted" and said.findings[0].attribute == "polarity"
    said = texts.compare_texts(HARBOUR, "The union said the strike would not last 48 hours unless employers raised wages.")
    assert said.label == "contradicted"


def test_a_negative_implicative_verb_is_a_negation():
    # "failed to reach" = "did not reach": restating it with "not" is no contradiction, asserting it is
    assert texts.compare_texts(HARBOUR, "Port officials said they did not reach a deal with the union.").label == "consistent"
    assert texts.compare_texts(HARBOUR, "Port officials said they reached a deal with the union.").label == "contradicted"


def test_never_inside_a_hyphenated_compound_is_no_negation():
    doc = "The telescope captured details that had never been seen before in the distant cluster."
    said = texts.compare_texts(doc, "The telescope captured never-before-seen details in the distant cluster.")
    assert said.label != "contradicted", said.explanation


def test_antonym_in_place_of_the_source_word():
    said = texts.compare_texts(HARBOUR, "The union said the strike would last 48 hours unless employers lowered wages.")
    assert said.label == "contradicted" and said.findings[0].attribute == "polarity"


def test_a_place_swapped_in_the_same_role():
    said = texts.compare_texts(HARBOUR, "Last year a similar strike in Hamburg lasted five days and cost shippers millions of euros.")
    assert said.label == "contradicted" and said.findings[0].attribute == "entity"


def test_a_place_the_source_names_elsewhere_in_another_role_is_no_swap():
    doc = "Ministers from France met in Geneva on Friday. The talks in Geneva were held at the request of Italy."
    assert texts.compare_texts(doc, "Ministers from France met in Geneva at the request of Italy.").label == "consistent"


def test_a_number_changed_for_the_same_counted_thing():
    said = texts.compare_texts(HARBOUR, "The harbour master, Pieter de Vries, told reporters that 25 ships were waiting offshore.")
    assert said.label == "contradicted" and said.findings[0].attribute == "number"


def test_a_number_the_source_gives_for_another_thing_is_no_conflict():
    # "three weeks" of talks is not a count of ships; 40 ships stays
    said = texts.compare_texts(HARBOUR, "After three weeks of talks, 40 ships were waiting offshore.")
    assert said.label != "contradicted", said.explanation


def test_a_date_changed():
    doc = "The museum reopened on March 3, 2021 after a two-year renovation."
    assert texts.compare_texts(doc, "The museum reopened on May 3, 2021 after a renovation.").label == "contradicted"
    assert texts.compare_texts(doc, "The museum reopened in March 2021 after a renovation.").label == "consistent"


def test_a_product_name_swapped_in_its_slot():
    doc = "The carmaker will recall 12 Falcon vans to fix a faulty brake sensor."
    said = texts.compare_texts(doc, "The carmaker will recall 12 Osprey vans to fix a faulty brake sensor.")
    assert said.label == "contradicted"


def test_an_inserted_fact_is_unsupported_not_contradicted():
    said = texts.compare_texts(HARBOUR, "Dock workers in Rotterdam walked off the job on Monday, backed by Greenpeace.")
    assert said.label == "unsupported"


def test_a_sentence_no_source_sentence_covers_is_unsupported():
    said = texts.compare_texts(HARBOUR, "Volcanic ash grounded flights across Iceland.")
    assert said.label == "unsupported"


def test_the_engine_hook_keeps_the_offline_verdict_without_a_model_judge():
    class NoJudge:
        def pair_judge(self):
            return None

    offline = texts.compare_texts(DOC, "The city council rejected the new budget on Tuesday.")
    assert texts.compare_texts(DOC, "The city council rejected the new budget on Tuesday.", engine=NoJudge()) == offline
