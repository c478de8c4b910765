"""Grouping items that are linked pairwise (a disjoint-set forest with path halving)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable


class Groups:
    """Items joined pair by pair into groups; ``find`` names an item's group by one of its members."""

    def __init__(self, items: Iterable[Hashable] = ()) -> None:
        self.parent: dict[Hashable, Hashable] = {x: x for x in items}

    def find(self, x: Hashable) -> Hashable:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: Hashable, b: Hashable) -> Hashable:
        """Put ``a`` and ``b`` in one group; returns the group's name (``b``'s former name)."""
        ra, rb = self.find(a), self.find(b)
        self.parent[ra] = rb
        return rb

    def members(self) -> dict[Hashable, list[Hashable]]:
        """Group name -> its members, in the order they were first seen."""
        out: dict[Hashable, list[Hashable]] = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return out
