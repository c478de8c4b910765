"""Suite-level pieces: registry, consistency labels and metrics, hedging ranks, the seeds fixture."""

import json
from pathlib import Path

import pytest

from checker.evals import list_suites
from checker.evals.core import SampleResult, Score
from checker.evals.registry import get_task
from checker.evals.tasks import consistency, hedging, seeds
from checker.io.loading import normalise
from checker.models import HEDGING_LEVELS

ROOT = Path(__file__).resolve().parent.parent


def test_registry_builds_every_suite():
    names = [s["name"] for s in list_suites()]
    assert names == ["attribution.polnear-dev.v1", "hedging.certainty-dev.v1", "consistency.summedits-dev.v1", "seeds.v1",
                     "stance.fnc1-dev.v1", "checkworthy.ct24-devtest.v1"]
    for name in names:
        entry, task = get_task(name)
        assert task.name == name and task.scorers


@pytest.mark.parametrize(
    "label, edits, gold",
    [
        (1, [], "consistent"),
        (1, ["antonym_swap"], "consistent"),  # an edit that kept the meaning
        (0, ["hallucinated_fact_insertion"], "unsupported"),
        (0, ["entity_modification", "hallucinated_fact_insertion"], "contradicted"),
        (0, ["negation_insertion_removal"], "contradicted"),
        (0, [], "inconsistent"),
    ],
)
def test_consistency_gold_labels(label, edits, gold):
    assert consistency.gold_label(label, edits) == gold


def _result(i, gold, pred, edits):
    return SampleResult(str(i), {"consistency": Score({"gold": gold, "pred": pred})}, metadata={"edit_types": edits})


def test_consistency_metrics_by_hand():
    results = [
        _result(1, "consistent", "consistent", []),
        _result(2, "consistent", "contradicted", []),
        _result(3, "contradicted", "contradicted", ["entity_modification"]),
        _result(4, "contradicted", "consistent", ["antonym_swap"]),
        _result(5, "unsupported", "consistent", ["hallucinated_fact_insertion"]),
    ]
    m = consistency.metrics(results, seed=0)
    # contradicted: positives 3,4 (1 of 2 found); negatives 1,2,5 (2 of 3 right) -> (1/2 + 2/3) / 2
    assert m["ba.contradicted"].value == pytest.approx(7 / 12)
    # inconsistent: positives 3,4,5 (1 of 3 flagged); negatives 1,2 (1 of 2 right) -> (1/3 + 1/2) / 2
    assert m["ba.inconsistent"].value == pytest.approx(5 / 12)
    assert m["ba.contradicted|entity_modification"].value == pytest.approx(0.75)  # (1 + 1/2) / 2
    assert m["ba.contradicted|antonym_swap"].value == pytest.approx(0.25)  # (0 + 1/2) / 2
    assert m["pred=consistent|hallucination-only"].value == 1.0
    assert m["pred=unsupported|hallucination-only"].value == 0.0
    assert m["accuracy.3way"].value == pytest.approx(2 / 5)


def test_consistency_reads_judge_results():
    class Verdict:
        label, explanation = "contradicted", "dates differ"

    assert consistency._label(Verdict()) == ("contradicted", "dates differ")
    assert consistency._label("consistent") == ("consistent", "")


def test_hedging_level_rank_follows_commitment():
    ranks = [hedging.LEVEL_RANK[level] for level in HEDGING_LEVELS]
    assert ranks == sorted(ranks, reverse=True) and hedging.LEVEL_RANK["asserted"] == 4


# --- the seeds fixture -----------------------------------------------------------------------

RECORDS = [json.loads(x) for x in (ROOT / "fixtures" / "seeds.v1.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
CLAIMS = {r["id"]: r for r in RECORDS if r["type"] == "claim"}


def test_fixture_evidence_is_verbatim_and_unique():
    for r in CLAIMS.values():
        text = normalise((ROOT / "seeds" / r["seed"]).read_text(encoding="utf-8"))
        assert text.count(r["evidence"]) == 1, r["id"]


def test_fixture_values_are_valid():
    kinds = {"person", "organization", "outlet", "anonymous", "author"}
    for r in CLAIMS.values():
        assert r["hedging"] in HEDGING_LEVELS, r["id"]
        assert r["quote"] in {"direct", "indirect", "none"}, r["id"]
        assert r["speaker"]["kind"] in kinds and all(s["kind"] in kinds for s in r["source"]), r["id"]
        assert (r["speaker"]["kind"] == "author") == (r["quote"] == "none") == (r["source"] == []), r["id"]
    for r in RECORDS:
        for side in r.get("sides", []):
            assert side and all(c in CLAIMS for c in side), r["id"]
    relations = [r["relation"] for r in RECORDS if r["type"] == "finding"]
    assert relations.count("contradicts") == 1 and relations.count("changed_over_time") == 2


@pytest.mark.parametrize(
    "pred, gold, ok",
    [
        ("White House Deputy Press Secretary Andrew Bates", {"name": "Andrew Bates"}, True),
        ("Bates", {"name": "Andrew Bates"}, False),
        ("Bates", {"name": "Andrew Bates", "aliases": ["Bates"]}, True),
        ("the Daily Beast", {"name": "The Daily Beast"}, True),
        ("Harris's campaign", {"name": "Harris’ campaign"}, True),
        ("The Hill, Sanders' allies", {"name": "Sanders' allies"}, False),  # two names run together
        ("sources", {"name": "sources close to the campaign"}, False),
        ("Press Secretary Bates", {"name": "Andrew Bates", "aliases": ["Bates"]}, True),  # a capitalised alias ends it
        ("some Biden aides", {"name": "Biden aides"}, True),
        ("the group", {"name": "Working Families Party", "aliases": ["the group"]}, True),
        # a generic alias ends many names: it matches only itself
        ("MGM Motion Picture Group", {"name": "Working Families Party", "aliases": ["WFP", "the group"]}, False),
        ("anonymous sources", {"name": "sources close to the campaign", "aliases": ["sources"]}, False),
    ],
)
def test_names_match(pred, gold, ok):
    assert seeds.names_match(pred, gold) is ok
