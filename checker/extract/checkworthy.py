"""Check-worthiness of a sentence: a score in [0, 1] from a small logistic regression.

Features are lower-cased word unigrams and bigrams plus a few shapes (a number, a
percentage, a money amount, a year, a first- or second-person opening). The weights ship
as ``checker/data/checkworthy.json.gz`` (model card: ``checkworthy.md``), trained by
``scripts/train_checkworthy.py`` on CLEF CheckThat! 2024 Task 1 English train; the
decision threshold was chosen on its dev part. Prediction is plain Python.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from functools import lru_cache
from importlib.resources import files

MODEL_FILE = "checkworthy.json.gz"
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*%?|\$|%")


def features(text: str) -> list[str]:
    """Unigrams, bigrams and shape features of a sentence."""
    low = text.lower()
    words = [w.replace("’", "'") for w in _WORD.findall(low)]
    words = ["<num>" if w[0].isdigit() and not re.fullmatch(r"(?:19|20)\d\d", w) else w for w in words]
    feats = ["u=" + w for w in words]
    padded = ["<s>", *words, "</s>"]
    feats += ["b=" + a + "_" + b for a, b in zip(padded, padded[1:], strict=False)]
    if re.search(r"\d", text):
        feats.append("has_digit")
    if re.search(r"\d\s*%|percent", low):
        feats.append("has_percent")
    if re.search(r"\$\s*\d|\b(?:million|billion|trillion)\b", low):
        feats.append("has_money")
    if re.search(r"\b(?:19|20)\d\d\b", text):
        feats.append("has_year")
    n = len(words)
    feats.append("len=" + ("<5" if n < 5 else "<10" if n < 10 else "<20" if n < 20 else "<35" if n < 35 else "35+"))
    if text.rstrip().endswith("?"):
        feats.append("question")
    return feats


class CheckworthyModel:
    def __init__(self, weights: dict[str, float], bias: float, threshold: float):
        self.weights, self.bias, self.threshold = weights, bias, threshold

    def score(self, text: str) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features(text))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_model() -> CheckworthyModel | None:
    """The shipped model, or None when its file is missing."""
    try:
        raw = (files("checker") / "data" / MODEL_FILE).read_bytes()
    except FileNotFoundError:
        return None
    data = json.loads(gzip.decompress(raw).decode("utf-8"))
    return CheckworthyModel(data["weights"], data["bias"], data["threshold"])


def score(text: str) -> float:
    """The check-worthiness of a sentence in [0, 1] (0.5 when no model ships)."""
    model = load_model()
    return round(model.score(text), 4) if model is not None else 0.5
