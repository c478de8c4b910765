"""The offline engine in worker processes gives the same report as in one process."""

from __future__ import annotations

import json

from checker.extract.offline import OfflineEngine
from checker.pipeline import check_articles


def test_two_workers_give_the_same_report_as_one(seeds):
    reports = {w: check_articles(seeds, OfflineEngine(), "t", workers=w) for w in (1, 2)}
    same = [json.loads(reports[w].model_dump_json(exclude={"meta": {"timings", "workers"}})) for w in (1, 2)]
    assert same[0] == same[1] and same[0]["claims"] and same[0]["findings"]
    assert (reports[1].meta.workers, reports[2].meta.workers) == (1, 2)
