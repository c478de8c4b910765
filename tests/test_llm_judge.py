"""LLM judge on the mock model (tests/conftest.py; no HTTP): one call per cluster, labels mapped, failures kept;
then a replay of a real model's answer."""

from __future__ import annotations

import json

import pytest
from test_judging import make_report  # noqa: E402  (tests/ is on sys.path under pytest)

from checker.compare import crosscheck
from checker.compare.judging import Verdict
from checker.compare.llm_judge import ClusterJudgement, LLMJudge, PairJudgement, clusters, render
from checker.extract.llm import LLMEngine
from checker.llm.gateway import Gateway
from checker.llm.prompting import load_prompt


def judged(*judgements: PairJudgement) -> ClusterJudgement:
    return ClusterJudgement(judgements=list(judgements))


def sections(mock) -> tuple[str, str]:
    """(claim lines, pair lines) of the last request: what is fenced as data, what follows "Pairs to judge:"."""
    user = mock.user_message()
    tag = user.split("\n", 1)[0].removeprefix("<<DATA ").removesuffix(">>")
    data = user[user.index("\n") + 1:user.index(f"<<END DATA {tag}>>")]
    return data, user[user.index("Pairs to judge:\n") + len("Pairs to judge:\n"):]


def asked_for_cluster_judgements(mock) -> bool:
    return all(r["tool_choice"]["function"]["name"] == "ClusterJudgement" for r in mock.requests)


def test_prompt_file_is_versioned_and_fences_the_claims():
    p = load_prompt("judge_claims")
    assert p.id == "judge_claims" and p.version
    msgs = p.render({"tag": "abc123", "data": "[C1] x", "pairs": "P1: C1 vs C2"})
    assert "<<DATA abc123>>" in msgs[1]["content"] and "<<END DATA abc123>>" in msgs[1]["content"]
    for label in ("same", "subset", "superset", "disagree", "changed_over_time", "unrelated"):
        assert f'"{label}"' in msgs[0]["content"]


def test_clusters_group_pairs_sharing_claims_within_limits():
    pairs = [(0, 1), (0, 2), (1, 2), (3, 4), (5, 6)]
    groups = clusters(pairs)
    assert sorted(map(tuple, groups)) == [((0, 1), (0, 2), (1, 2)), ((3, 4),), ((5, 6),)]
    many = [(0, k) for k in range(1, 30)]
    groups = clusters(many, max_claims=8, max_pairs=12)
    assert all(len({i for p in g for i in p}) <= 8 for g in groups)
    assert sum(len(g) for g in groups) == 29 and len(groups) < 29


def _exit_report():
    return make_report([
        {"id": "a", "year": 2024, "claims": ["Biden exited the race in July 2024 after endorsing Harris for the nomination."]},
        {"id": "b", "year": 2024, "claims": ["Biden exited the race in 2020 after endorsing Harris for the nomination."]},
    ])


def _disagree(**kw) -> PairJudgement:
    return PairJudgement(**{"pair": 1, "label": "disagree", "attribute": "time", "value_a": "in July 2024",
                            "value_b": "in 2020", "explanation": "2020 vs the 2024 exit", "confidence": 0.8, **kw})


def test_llm_judge_one_call_per_cluster_and_labels_mapped(mock_model):
    facts = crosscheck.facts_for(_exit_report())
    mock_model.enqueue(judged(_disagree()))
    judge = LLMJudge(mock_model.gateway())
    verdicts = judge.judge_pairs(facts, [(0, 1)])
    assert len(mock_model.requests) == 1 and asked_for_cluster_judgements(mock_model)
    data, pairs = sections(mock_model)
    assert "[C1]" in data and "P1: C1 vs C2" in pairs
    v = verdicts[(0, 1)]
    assert (v.relation, v.attribute, v.engine) == ("contradicts", "time", "llm")
    assert "“in July 2024”" in v.explanation and "“in 2020”" in v.explanation  # our words, the model's quotes
    assert v.model_text == "2020 vs the 2024 exit" and judge.dropped == []


@pytest.mark.parametrize("bad, why", [
    ({"value_a": "in June 2024"}, "not quoted"),                      # not in claim a
    ({"value_a": "", "value_b": ""}, "without the two"),               # no values at all
    ({"value_b": "in July 2024"}, "not quoted"),                      # claim b does not say it
    ({"attribute": "none"}, "names no attribute"),
    ({"attribute": "number", "value_a": "Biden", "value_b": "Harris"}, "not two different number"),
    ({"attribute": "entity", "value_a": "Biden", "value_b": "Biden"}, "the same"),
    ({"attribute": "time", "value_a": "Biden", "value_b": "Harris"}, "not two different time"),
])
def test_a_disagreement_must_quote_two_different_values_of_its_attribute(mock_model, bad, why):
    facts = crosscheck.facts_for(_exit_report())
    mock_model.enqueue(judged(_disagree(**bad)))
    judge = LLMJudge(mock_model.gateway())
    assert judge.judge_pairs(facts, [(0, 1)]) == {}
    assert len(judge.dropped) == 1 and why in judge.dropped[0]


def test_a_corroboration_must_rest_on_an_aligned_pair(mock_model):
    facts = crosscheck.facts_for(_exit_report())
    mock_model.enqueue(judged(PairJudgement(pair=1, label="same", confidence=1.0)))
    judge = LLMJudge(mock_model.gateway())
    assert judge.judge_pairs(facts, [(0, 1)], aligned=set()) == {}
    assert "did not align" in judge.dropped[0]


def _open_report():
    """One aligned pair (same subject and predicate) with too little shared context for the rules."""
    return make_report([{"id": "a", "year": 2023, "claims": ["Tom Walsh resigned in 2019."]},
                        {"id": "b", "year": 2023, "claims": ["Tom Walsh resigned in 2021."]}])


def test_compare_with_llm_engine_judges_what_the_rules_left_open(mock_model):
    report = _open_report()
    mock_model.enqueue(judged(_disagree(value_a="in 2019", value_b="in 2021", explanation="Two different years.")))
    crosscheck.compare(report, LLMEngine(mock_model.gateway()))
    contra = [f for f in report.findings if f.relation == "contradicts"]
    assert len(mock_model.requests) == 1 and asked_for_cluster_judgements(mock_model)
    assert len(contra) == 1 and contra[0].engine == "llm" and contra[0].attribute == "time"
    assert contra[0].model_explanation == "Two different years." and "Two different" not in contra[0].explanation
    assert any(p.id == "judge_claims" for p in report.meta.prompts)
    assert (report.meta.judge.pairs_sent, report.meta.judge.calls, report.meta.judge.verdicts) == (1, 1, 1)


def test_a_hostile_model_adds_no_finding(mock_model):
    report = _open_report()
    mock_model.fallback = mock_model.tool_answer(judged(_disagree(value_a="in 1999", value_b="in 2031", confidence=1.0)))
    crosscheck.compare(report, LLMEngine(mock_model.gateway()))
    assert not [f for f in report.findings if f.relation == "contradicts"]
    assert report.meta.judge.dropped == 1 and report.meta.judge.verdicts == 0
    assert "not quoted" in report.meta.judge.dropped_examples[0]


def test_unrelated_and_bad_pair_numbers_are_dropped(mock_model):
    facts = crosscheck.facts_for(_exit_report())
    mock_model.enqueue(judged(PairJudgement(pair=1, label="unrelated"), PairJudgement(pair=7, label="disagree")))
    assert LLMJudge(mock_model.gateway()).judge_pairs(facts, [(0, 1)]) == {}
    assert len(mock_model.requests) == 1


def test_model_failure_is_a_compare_error_and_offline_findings_stay(mock_model):
    report = make_report([
        {"id": "a", "year": 2024, "claims": ["“He’s a reminder of the last four years, not the new way forward,” an insider said."]},
        {"id": "b", "year": 2024, "claims": ["“He's a reminder of the last four years, not the new way forward,” a source said.",
                                             "Tom Walsh resigned in 2019."]},
        {"id": "c", "year": 2024, "claims": ["Tom Walsh resigned in 2021."]},
    ])
    mock_model.fallback = (500, {"error": {"message": "the model crashed"}})  # every call fails
    crosscheck.compare(report, LLMEngine(mock_model.gateway(attempts=1)))
    assert mock_model.requests and asked_for_cluster_judgements(mock_model)
    assert any(f.relation == "corroborates" for f in report.findings)
    assert any(e.stage == "compare" and "500" in e.message for e in report.errors)
    assert len([e for e in report.errors if e.stage == "compare"]) == len(mock_model.requests)  # one per cluster


def test_render_marks_inferred_dates_and_speakers():
    facts = crosscheck.facts_for(_exit_report())
    order, data, pairs = render(facts, [(0, 1)])
    assert order == [0, 1] and "(inferred)" in data and pairs == "P1: C1 vs C2"


@pytest.mark.parametrize("label,relation", [("same", "corroborates"), ("subset", "corroborates"), ("changed_over_time", "changed_over_time")])
def test_label_scale(mock_model, label, relation):
    facts = crosscheck.facts_for(_exit_report())
    values = {"attribute": "time", "value_a": "in July 2024", "value_b": "in 2020"} if label == "changed_over_time" else {}
    mock_model.enqueue(judged(PairJudgement(pair=1, label=label, confidence=1.0, **values)))
    assert LLMJudge(mock_model.gateway()).judge_pairs(facts, [(0, 1)])[(0, 1)].relation == relation


# ---- replay of real traffic (recorded from the local llama.cpp server, model smollm2) -------------
# Re-record: start the server (scripts of the LLM engine work), then
#   .venv/bin/python -m pytest tests/test_llm_judge.py -k cassette --record-mode=rewrite
# and update RECORDED (and the token counts) to what the new answer yields.

JUDGE_BASE_URL, JUDGE_MODEL = "http://127.0.0.1:8765/v1", "smollm2"
#: What the recorded answer yields: the toy model calls the planted contradiction (the exit dated
#: 2024 on one side, 2020 on the other) "same", and judges a pair 2 it was never given (dropped).
RECORDED = {(0, 1): Verdict("corroborates", "none", "The model judged both claims to state the same fact ('same').", 0.5,
                            engine="llm", model_text="")}


def judge_exit_pair() -> tuple[Gateway, LLMJudge, dict]:
    gw = Gateway(JUDGE_MODEL, base_url=JUDGE_BASE_URL, api_key="not-needed", attempts=1)
    judge = LLMJudge(gw)
    return gw, judge, judge.judge_pairs(crosscheck.facts_for(_exit_report()), [(0, 1)])


@pytest.mark.vcr
def test_cassette_exit_year_pair_judged_by_a_real_model(llm_env, vcr):
    """The toy model's recorded answer, parsed into exactly the verdicts it says, from one call."""
    gw, judge, verdicts = judge_exit_pair()
    assert judge.errors == [] and judge.calls == 1
    assert vcr.play_count == 1 and vcr.all_played  # the request body matched the recorded one
    assert (gw.usage.calls, gw.usage.prompt_tokens, gw.usage.completion_tokens) == (1, 784, 32)
    assert verdicts == RECORDED
    [(request, response)] = vcr.data
    assert json.loads(request.body)["tool_choice"]["function"]["name"] == "ClusterJudgement"
    answer = json.loads(response["body"]["string"])["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    assert [(j.pair, j.label) for j in ClusterJudgement.model_validate_json(answer).judgements] == [(1, "same"), (2, "subset")]


@pytest.mark.vcr(record_mode="none")  # replays what the test above recorded
@pytest.mark.default_cassette("test_cassette_exit_year_pair_judged_by_a_real_model")
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="toy model (smollm2): it calls the 2024-vs-2020 exit pair 'same', not 'disagree' on time")
def test_cassette_exit_year_pair_right_answer(llm_env):
    """What a capable model answers: the two articles date Biden's exit differently, a contradiction on time."""
    _, judge, verdicts = judge_exit_pair()
    if judge.errors:  # a cassette miss: fails the test, not an xfail
        raise RuntimeError(f"not the recorded answer: {judge.errors}")
    v = verdicts.get((0, 1))
    assert v is not None and (v.relation, v.attribute) == ("contradicts", "time"), v


FAKE_KEY = "sk-" + "abcdefghijklmnopqrstuvwx"  # a made-up key, built so no scan takes this file for a leak


def test_an_unexpected_judge_failure_keeps_the_rules_findings(monkeypatch):
    from checker.compare.llm_judge import LLMJudge as Judge

    class Broken:
        def structured(self, *args, **kwargs):
            raise ValueError(f"socket closed with key {FAKE_KEY}")

    report = make_report([
        {"id": "a", "year": 2023, "claims": ["“We will rebuild the harbour wall before the winter storms arrive,” Maria Ortiz said.",
                                             "Tom Walsh resigned in 2019."]},
        {"id": "b", "year": 2023, "claims": ["“We will rebuild the harbour wall before the winter storms arrive,” Maria Ortiz said.",
                                             "Tom Walsh resigned in 2021."]},
    ])

    class Engine:
        name = "llm"

        def pair_judge(self):
            return Judge(Broken())

    crosscheck.compare(report, Engine())
    assert any(f.relation == "corroborates" for f in report.findings)  # the rules' finding survives
    [error] = [e for e in report.errors if e.stage == "compare"]
    assert "ValueError" in error.message and FAKE_KEY not in error.message


def test_base_urls_are_shown_without_credentials_or_keys():
    from checker.llm.redact import display_url

    shown = display_url(f"http://user:hunter2pass@10.0.0.1:8080/v1?key={FAKE_KEY}")
    assert "hunter2pass" not in shown and FAKE_KEY not in shown and "10.0.0.1:8080/v1" in shown
