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


def test_workers_hand_their_parses_back_for_the_comparison(seeds):
    """After a run in worker processes the parent holds every article's parse (the comparison
    does not parse again), equal token by token to its own parse."""
    from checker.extract import nlp

    nlp.forget_docs()
    check_articles(seeds, OfflineEngine(), "t", workers=2, compare_articles=False)
    handed = {a.text: nlp._docs.get(a.text) for a in seeds}
    assert all(doc is not None for doc in handed.values())
    check_articles(seeds, OfflineEngine(), "t", workers=1)
    assert all(nlp._docs.get(text) is doc for text, doc in handed.items())  # used as kept, never parsed again
    fresh = nlp.load_nlp()(seeds[0].text)
    doc = handed[seeds[0].text]
    assert [(t.text, t.lemma_, t.pos_, t.dep_, t.head.i, t.ent_type_) for t in doc] == \
        [(t.text, t.lemma_, t.pos_, t.dep_, t.head.i, t.ent_type_) for t in fresh]
