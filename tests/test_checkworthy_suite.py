"""The checkworthy.ct24 suite: loading a CheckThat!-format file, scoring and F1 of the Yes class."""

import pytest

from checker.evals.core import SampleResult, Score
from checker.evals.tasks import checkworthy


def test_load_reads_the_tsv_and_skips_bad_labels(tmp_path, monkeypatch):
    path = tmp_path / "cw.tsv"
    path.write_text("Sentence_id\tText\tclass_label\n1\tTaxes rose 5% in 2019.\tYes\n2\tThank you all.\tNo\n3\tOdd row\tMaybe\n",
                    encoding="utf-8")
    monkeypatch.setattr(checkworthy, "data_path", lambda *parts: path)
    samples = checkworthy.load(None, "cw.tsv")
    assert [(s.id, s.target) for s in samples] == [("1", True), ("2", False)]
    assert len(checkworthy.load(1, "cw.tsv")) == 1


def test_score_and_f1_of_the_yes_class():
    def result(i, pred, gold):
        return SampleResult(str(i), {"checkworthy": Score({"pred": pred, "gold": gold, "score": 0.0})})

    results = [result(1, True, True), result(2, True, False), result(3, False, True), result(4, False, False)]
    m = checkworthy.metrics(results, seed=0)
    assert m["f1.yes"].value == pytest.approx(0.5)  # P 1/2, R 1/2
    assert m["accuracy"].value == pytest.approx(0.5)
    sample = checkworthy.Sample("1", "x", True)
    assert checkworthy.score(0.7, sample).value["pred"] is True
    assert checkworthy.score(0.2, sample).value["pred"] is False
