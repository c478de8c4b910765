"""Normalise a raw text as the loader does and map raw character offsets onto it."""

from __future__ import annotations

import unicodedata

from ..errors import EvalError
from ..io.loading import normalise


def _clusters(raw: str) -> list[tuple[int, int]]:
    """Raw ranges normalisation treats as a unit: CRLF, or a character with its combining marks."""
    out, i = [], 0
    while i < len(raw):
        j = i + 1
        if raw[i] == "\r" and raw[j : j + 1] == "\n":
            j += 1
        else:
            while j < len(raw) and unicodedata.combining(raw[j]):
                j += 1
        out.append((i, j))
        i = j
    return out


def normalise_with_map(raw: str) -> tuple[str, list[int]]:
    """(normalised text, offset map): ``mapping[i]`` is where raw offset ``i`` lands (0..len(raw)).

    An offset inside a cluster (between a letter and its accent) maps to the cluster's start.
    Raises EvalError when the clusterwise normalisation does not reproduce ``normalise``.
    """
    pieces, mapping, pos = [], [0] * (len(raw) + 1), 0
    for start, end in _clusters(raw):
        piece = normalise(raw[start:end])
        for k in range(start, end):
            mapping[k] = pos
        pieces.append(piece)
        pos += len(piece)
    mapping[len(raw)] = pos
    text = "".join(pieces)
    if text != normalise(raw):
        raise EvalError("offset mapping failed: normalisation is not clusterwise for this text")
    return text, mapping
