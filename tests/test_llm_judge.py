"""LLM judge with a scripted fake gateway (no HTTP): one call per cluster, labels mapped, failures kept."""

from __future__ import annotations

import pytest

from checker.compare import crosscheck
from checker.errors import ModelError
from checker.compare.llm_judge import ClusterJudgement, LLMJudge, PairJudgement, clusters, render
from checker.llm.prompting import load_prompt

from test_judging import make_report  # noqa: E402  (tests/ is on sys.path under pytest)


class FakeGateway:
    """Answers ``structured`` calls from a script: a function of the rendered pairs."""

    def __init__(self, answer):
        self.answer = answer
        self.calls: list[dict] = []

    def structured(self, prompt, variables, response_model):
        assert response_model is ClusterJudgement
        prompt.render(variables)  # every template variable is provided
        self.calls.append(variables)
        result = self.answer(variables)
        if isinstance(result, Exception):
            raise result
        return result


class FakeEngine:
    name = "llm"

    def __init__(self, gateway):
        self.gateway = gateway

    def pair_judge(self):
        return LLMJudge(self.gateway)


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
        {"id": "a", "year": 2024, "claims": ["Biden endorsed Harris after his exit from the race, securing her nomination."]},
        {"id": "b", "year": 2024, "claims": ["Biden's endorsement secured Harris's nomination after he exited the race in 2020."]},
    ])


def test_llm_judge_one_call_per_cluster_and_labels_mapped():
    facts = crosscheck.facts_for(_exit_report())
    script = lambda v: ClusterJudgement(judgements=[PairJudgement(  # noqa: E731
        pair=1, label="disagree", attribute="time", explanation="2020 vs the 2024 exit", confidence=0.8)])
    gw = FakeGateway(script)
    verdicts = LLMJudge(gw).judge_pairs(facts, [(0, 1)])
    assert len(gw.calls) == 1
    assert "[C1]" in gw.calls[0]["data"] and "P1: C1 vs C2" in gw.calls[0]["pairs"]
    v = verdicts[(0, 1)]
    assert (v.relation, v.attribute, v.engine) == ("contradicts", "time", "llm")


def test_compare_with_llm_engine_judges_what_the_rules_left_open():
    report = _exit_report()  # no recency cue: the rules cannot date side a, the judge is asked
    gw = FakeGateway(lambda v: ClusterJudgement(judgements=[PairJudgement(
        pair=1, label="disagree", attribute="time", explanation="The exit was in 2024, not 2020.", confidence=0.7)]))
    crosscheck.compare(report, FakeEngine(gw))
    contra = [f for f in report.findings if f.relation == "contradicts"]
    assert len(gw.calls) == 1
    assert len(contra) == 1 and contra[0].engine == "llm" and contra[0].attribute == "time"
    assert any(p.id == "judge_claims" for p in report.meta.prompts)


def test_unrelated_and_bad_pair_numbers_are_dropped():
    facts = crosscheck.facts_for(_exit_report())
    gw = FakeGateway(lambda v: ClusterJudgement(judgements=[
        PairJudgement(pair=1, label="unrelated"), PairJudgement(pair=7, label="disagree")]))
    assert LLMJudge(gw).judge_pairs(facts, [(0, 1)]) == {}


def test_model_failure_is_a_compare_error_and_offline_findings_stay():
    report = make_report([
        {"id": "a", "year": 2024, "claims": ["“He’s a reminder of the last four years, not the new way forward,” an insider said."]},
        {"id": "b", "year": 2024, "claims": ["“He's a reminder of the last four years, not the new way forward,” a source said.",
                                             "Biden recently exited the race after endorsing Harris for the nomination."]},
        {"id": "c", "year": 2024, "claims": ["Harris chose a running mate in August after Biden left the race and endorsed her."]},
    ])
    gw = FakeGateway(lambda v: ModelError("model at http://x failed: 500"))
    crosscheck.compare(report, FakeEngine(gw))
    assert any(f.relation == "corroborates" for f in report.findings)
    assert any(e.stage == "compare" and "500" in e.message for e in report.errors)


def test_render_marks_inferred_dates_and_speakers():
    facts = crosscheck.facts_for(_exit_report())
    order, data, pairs = render(facts, [(0, 1)])
    assert order == [0, 1] and "(inferred)" in data and pairs == "P1: C1 vs C2"


@pytest.mark.parametrize("label,relation", [("same", "corroborates"), ("subset", "corroborates"), ("changed_over_time", "changed_over_time")])
def test_label_scale(label, relation):
    facts = crosscheck.facts_for(_exit_report())
    gw = FakeGateway(lambda v: ClusterJudgement(judgements=[PairJudgement(pair=1, label=label, confidence=1.0)]))
    assert LLMJudge(gw).judge_pairs(facts, [(0, 1)])[(0, 1)].relation == relation


# ---- replay of real traffic (recorded from the local llama.cpp server, model smollm2) -------------
# Re-record: start the server (scripts of the LLM engine work), then
#   .venv/bin/python -m pytest tests/test_llm_judge.py -k cassette --record-mode=rewrite

JUDGE_BASE_URL, JUDGE_MODEL = "http://127.0.0.1:8765/v1", "smollm2"


@pytest.fixture
def vcr_config(request) -> dict:
    return {
        "filter_headers": ["authorization", "api-key", "openai-organization", "openai-project", "cookie", "user-agent"],
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "record_mode": request.config.getoption("--record-mode") or "none",
        "decode_compressed_response": True,
    }


@pytest.mark.vcr
def test_cassette_exit_year_pair_judged_by_a_real_model(monkeypatch, tmp_path):
    """The toy model's answer is parsed into a verdict from one call; what it says is documented, not assumed."""
    from checker.llm.gateway import Gateway

    for var in ("CHECKER_MODEL", "CHECKER_BASE_URL", "CHECKER_API_KEY", "CHECKER_MODE", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    gw = Gateway(JUDGE_MODEL, base_url=JUDGE_BASE_URL, api_key="not-needed", attempts=1)
    facts = crosscheck.facts_for(_exit_report())
    judge = LLMJudge(gw)
    verdicts = judge.judge_pairs(facts, [(0, 1)])
    assert judge.errors == [] and gw.usage.calls >= 1
    for v in verdicts.values():
        assert v.engine == "llm" and v.relation in {"contradicts", "corroborates", "changed_over_time"}
