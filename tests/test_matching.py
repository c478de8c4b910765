"""Candidate generation: only cross-article pairs, the right pairs found, sub-quadratic growth."""

import random

from checker.compare.facts import Event, Fact
from checker.compare.matching import candidates, keys, total_pairs
from checker.models import Span


def fact(i: int, article: str, entities: set[str], lemmas: set[str], quotes=(), events=()) -> Fact:
    text = f"fact {i} " + " ".join(sorted(lemmas))
    f = Fact(f"c{i}", article, text, Span(text=text, start=0, end=len(text)), text)
    f.entities, f.lemmas, f.quotes, f.events = set(entities), set(lemmas), list(quotes), list(events)
    return f


def test_total_pairs_counts_cross_article_pairs_only():
    facts = [fact(0, "a", set(), set()), fact(1, "a", set(), set()), fact(2, "b", set(), set())]
    assert total_pairs(facts) == 2


def test_shared_event_and_quote_make_candidates_but_same_article_never_pairs():
    ev = Event("exit", False, frozenset({"joe biden"}), frozenset({"race"}), None, 0)
    facts = [
        fact(0, "a", {"joe biden"}, {"exit", "race", "endorse"}, events=[ev]),
        fact(1, "a", {"joe biden"}, {"exit", "race", "endorse"}, events=[ev]),
        fact(2, "b", {"joe biden"}, {"exit", "race", "endorse"}, events=[ev]),
        fact(3, "c", {"bernie sanders"}, {"endorse", "policy"}),
        fact(4, "c", set(), {"weather"}, quotes=["he's a reminder of the last four years"]),
        fact(5, "d", set(), {"sport"}, quotes=["he's a reminder of the last four years"]),
    ]
    pairs = candidates(facts)
    assert (0, 2) in pairs and (1, 2) in pairs and (4, 5) in pairs
    assert (0, 1) not in pairs
    assert all(facts[i].article_id != facts[j].article_id for i, j in pairs)
    assert "v:exit|joe biden" in keys(facts[0])


def test_pairs_grow_sub_quadratically():
    rng = random.Random(7)
    vocab = [f"w{k}" for k in range(400)]
    people = [f"person {k}" for k in range(60)]

    def corpus(n_articles: int) -> list[Fact]:
        out = []
        for a in range(n_articles):
            for _c in range(10):
                out.append(fact(len(out), f"art{a}", set(rng.sample(people, 2)), set(rng.sample(vocab, 8))))
        return out

    small, large = corpus(8), corpus(64)
    judged_small, judged_large = len(candidates(small)), len(candidates(large))
    assert judged_large <= 6 * len(large)  # at most top_k partners per fact
    assert judged_large / judged_small < (64 / 8) ** 2 / 4  # far below quadratic growth
    assert judged_large < total_pairs(large) / 10
