"""scripts/train_attribution.py writes the same model file for the same data and options."""

import gzip
import importlib.util
import json
import random
from pathlib import Path

from checker.extract.cues import LABELS, CueTagger

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "train_attribution.py"


def _script():
    spec = importlib.util.spec_from_file_location("train_attribution", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(n: int = 40) -> list[tuple[list[tuple[str, ...]], list[str]]]:
    """Synthetic labelled sequences: "said" (and "told ... by") are cues, the rest is not."""
    rng = random.Random(7)
    words = ["the", "senator", "she", "plan", "would", "cut", "taxes", "on", "monday", "voters"]
    out = []
    for _ in range(n):
        toks = [rng.choice(words) for _ in range(rng.randint(4, 9))]
        labels = ["O"] * len(toks)
        k = rng.randrange(len(toks))
        toks[k] = rng.choice(["said", "told"])
        labels[k] = "B"
        if toks[k] == "told" and k + 1 < len(toks):
            toks[k + 1], labels[k + 1] = "reporters", "I"
        feats = [
            ("bias", "w=" + w, "l=" + w, "pw=" + (toks[i - 1] if i else "<s>"), "nw=" + (toks[i + 1] if i + 1 < len(toks) else "</s>"))
            for i, w in enumerate(toks)
        ]
        out.append((feats, labels))
    return out


def test_same_data_and_options_give_the_same_bytes(capsys):
    script = _script()
    data = _corpus()
    first, kept, learned = script.model_bytes(data, epochs=3, seed=0, prune=0.5)
    second, _, _ = script.model_bytes(data, epochs=3, seed=0, prune=0.5)
    assert first == second
    assert first[4:8] == b"\0\0\0\0"  # gzip mtime 0: no time stamp in the file
    assert 0 < kept <= learned
    model = json.loads(gzip.decompress(first))
    assert tuple(model["labels"]) == LABELS and list(model["weights"]) == sorted(model["weights"])
    assert all(max(abs(v) for v in w) >= 0.5 for w in model["weights"].values())
    tagger = CueTagger(model["weights"])
    said = tagger.scores(["bias", "w=said", "l=said", "pw=she", "nw=the"], "O")
    assert max(range(3), key=said.__getitem__) == LABELS.index("B")
    other, _, _ = script.model_bytes(data, epochs=3, seed=1, prune=0.5)
    assert other != first  # the shuffle's seed matters, so it is part of the documented command
    capsys.readouterr()
