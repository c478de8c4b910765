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


def test_a_negation_inserted_on_a_reworded_predicate():
    doc = "The mayor praised the new stadium plan at a meeting with residents on Monday."
    said = texts.compare_texts(doc, "The mayor did not welcome the new stadium plan at a meeting with residents on Monday.")
    assert said.label == "contradicted" and said.findings[0].attribute == "polarity"


def test_a_negation_the_source_also_makes_is_no_inserted_negation():
    doc = "The mayor did not attend the meeting on the new stadium plan on Monday."
    said = texts.compare_texts(doc, "The mayor did not go to the meeting on the new stadium plan on Monday.")
    assert said.label != "contradicted", said.explanation


def test_the_opposite_of_a_broader_word_in_the_same_slot():
    doc = "Hundreds of schoolgirls fell ill at two schools in the northern city last month."
    assert texts.compare_texts(doc, "Hundreds of boys fell ill at two schools in the northern city last month.").label == "contradicted"
    assert texts.compare_texts(doc, "Hundreds of girls fell ill at two schools in the northern city last month.").label == "consistent"


def test_a_word_moved_out_of_its_slot():
    doc = "Officials said the flood was a danger to residents and damaged crops along the river."
    assert texts.compare_texts(doc, "Officials said the flood was a danger to crops along the river.").label == "contradicted"
    assert texts.compare_texts(doc, "Officials said the flood was a danger to residents and damaged crops.").label == "consistent"


def test_the_same_figure_counting_another_unit():
    doc = "The festival marked its ten-year anniversary with a parade through the old town."
    assert texts.compare_texts(doc, "The festival marked its ten-month anniversary with a parade.").label == "contradicted"
    assert texts.compare_texts(doc, "The festival marked its ten-year anniversary with a parade.").label == "consistent"


def test_a_scale_word_on_its_own_is_a_figure():
    doc = "The company will invest billions in new factories across the region, its chief executive said."
    assert texts.compare_texts(doc, "The company will invest millions in new factories across the region.").label == "contradicted"


def test_opposite_prepositions_in_the_same_slot():
    doc = "The fire started inside the warehouse shortly after midnight, firefighters said."
    assert texts.compare_texts(doc, "The fire started outside the warehouse shortly after midnight.").label == "contradicted"


def test_a_word_of_the_same_kind_in_the_slot():
    doc = "The home team wore red shirts in the final on Sunday, the club said."
    assert texts.compare_texts(doc, "The home team wore green shirts in the final on Sunday.").label == "contradicted"


def test_an_unknown_word_in_a_well_covered_slot_and_a_synonym_there():
    doc = ("The carmaker will voluntarily recall 12 electric delivery vans to fix a faulty brake sensor that could "
           "cut power while driving, the regulator said.")
    said = "The carmaker will voluntarily recall 12 electric delivery vans to {} a faulty {} sensor that could cut power while driving."
    assert texts.compare_texts(doc, said.format("fix", "battery")).label == "contradicted"
    assert texts.compare_texts(doc, said.format("repair", "brake")).label == "consistent"


def test_a_date_the_source_gives_the_same_event_in_another_sentence():
    doc = ("A report found that the bank transferred $2 billion of client money to a trading firm last year. "
           "The transfers started on 12 March, according to the records.")
    said = "A report found that the bank transferred $2 billion of client money to a trading firm in {}."
    verdict = texts.compare_texts(doc, said.format("June"))
    assert verdict.label == "contradicted" and verdict.findings[0].attribute == "time"
    assert texts.compare_texts(doc, said.format("March")).label != "contradicted"


def test_a_name_the_sentence_writes_in_another_role():
    doc = "Maria Lopez, the lawyer of Juan Perez, spoke to reporters outside the court in Lima on Friday."
    said = texts.compare_texts(doc, "Juan Perez, the lawyer of Maria Lopez, spoke to reporters outside the court in Lima on Friday.")
    assert said.label == "contradicted" and said.findings[0].attribute == "entity"
    said = texts.compare_texts(doc, "Juan Perez's lawyer, Maria Lopez, spoke to reporters outside the court in Lima on Friday.")
    assert said.label != "contradicted", said.explanation


def test_alignment_looks_past_a_verb_of_saying():
    doc = ("The agency will deploy a traffic system for small drones in 2025. "
           "Officials say they need better tools than those used today, says the head of the agency.")
    src = align.source_index(doc)
    (b,) = align.parse("The agency says it will deploy a traffic tool for small drones.")
    assert align.align(src, b)[0][0].idx == 0


def test_a_negation_removed_with_a_reworded_predicate():
    doc = "The health ministry has not approved the new vaccine for children under five, officials said on Monday."
    said = "The health ministry has {} the new vaccine for children under five, officials said on Monday."
    verdict = texts.compare_texts(doc, said.format("cleared"))
    assert verdict.label == "contradicted" and verdict.findings[0].attribute == "polarity"
    assert texts.compare_texts(doc, said.format("not cleared")).label != "contradicted"


@pytest.mark.parametrize("doc,swapped", [
    ("The federal government will fund the new hospital in Halifax, the health minister said on Friday.",
     "The provincial government will fund the new hospital in Halifax, the health minister said on Friday."),
    ("Ministers from Italy met their Spanish counterparts in Madrid on Monday to discuss migration.",
     "Ministers from France met their Spanish counterparts in Madrid on Monday to discuss migration."),
])
def test_a_swap_that_still_overlaps_the_source_is_a_contradiction(doc, swapped):
    assert texts.compare_texts(doc, swapped).label == "contradicted"
    assert texts.compare_texts(doc, doc).label == "consistent"


def _judged(**kw):
    from checker.compare.llm_judge import ClusterJudgement, PairJudgement

    return ClusterJudgement(judgements=[PairJudgement(**{"pair": 1, "label": "disagree", "confidence": 0.9, **kw})])


def test_an_llm_engine_reviews_what_the_rules_left_open(mock_model):
    from checker.extract.llm import LLMEngine

    doc = "The Halden city council voted to prop up the struggling shipyard in Bergen on Tuesday."
    summary = "The Halden city council voted to sink the struggling shipyard in Bergen on Tuesday."
    assert texts.compare_texts(doc, summary).label != "contradicted"  # the rules know no such antonyms
    mock_model.enqueue(_judged(attribute="polarity", value_a="prop up", value_b="sink"))
    v = texts.compare_texts(doc, summary, engine=LLMEngine(mock_model.gateway()))
    assert len(mock_model.requests) == 1
    assert v.label == "contradicted" and v.findings[0].engine == "llm"
    assert "“sink”" in v.findings[0].explanation and v.findings[0].model_explanation == ""


def test_an_llm_judgement_that_quotes_nothing_changes_nothing(mock_model):
    from checker.extract.llm import LLMEngine

    doc = "The Halden city council approved the new harbour budget on Tuesday after a long debate."
    summary = "The Halden city council approved the new harbour budget on Tuesday after a long debate."
    mock_model.enqueue(_judged(attribute="time", value_a="in 1999", value_b="in 2031"))
    v = texts.compare_texts(doc, summary, engine=LLMEngine(mock_model.gateway()))
    assert len(mock_model.requests) == 1 and v.label == "consistent"
