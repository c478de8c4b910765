"""A learned attribution cue tagger: which tokens are the cue of an attribution.

A greedy left-to-right token tagger (B = first token of a cue, I = inside, O = outside),
an averaged perceptron over features of the spaCy parse: word, lemma, tag, dependency,
head, children, neighbours, quotation marks and whether the lemma is a listed reporting
verb. It finds the cues PolNeAR annotators mark that no word list holds ("shows",
"called for", "wants", a colon introducing a quotation) and it learns which listed
verbs are not cues in context.

The weights ship as ``checker/data/attribution_cues.json.gz`` (model card:
``attribution_cues.md``), produced by ``scripts/train_attribution.py``. Prediction is
plain Python: a dictionary look-up per feature. :func:`tagged_cues` gives each cue its
head word and widens it over the auxiliaries before it ("has said", "is demanding").
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc, Token

from .. import lexicons
from .clauses import DENY_VERBS, HEDGE_VERBS, REPORTING_VERBS, SPECULATE_VERBS, lemma_of
from .nlp import Analysis

LABELS = ("B", "I", "O")
MODEL_FILE = "attribution_cues.json.gz"
_HEARSAY = lexicons.words("speech_verbs", "hearsay_adverbs")
#: The verbs the "lex" features test: frozen with the trained weights (speech_verbs.yaml
#: ``cue_tagger``), so that a later edit of the stance lists cannot change the features the
#: shipped model sees at run time from those it was trained on.
TAGGER_VERBS = lexicons.words("speech_verbs", "cue_tagger")
_STANCE_VERBS = DENY_VERBS | HEDGE_VERBS | SPECULATE_VERBS
_QUOTES = set("“”\"‘’'") | {"''", "``"}


def _shape(tok: Token) -> str:
    if tok.is_punct:
        return tok.text
    if tok.text[:1].isupper():
        return "X"
    return "x" if tok.is_alpha else "d"


def quoted_tokens(doc: Doc) -> list[bool]:
    """Per token: inside double quotation marks of its line (a rough parity count)."""
    inside, out = False, []
    for tok in doc:
        if "\n" in tok.text or (tok.i and "\n" in doc[tok.i - 1].whitespace_):
            inside = False
        if tok.text in ("“",):
            inside = True
        elif tok.text in ("”",):
            inside = False
        elif tok.text == '"':
            inside = not inside
        out.append(inside)
    return out


def doc_features(doc: Doc) -> list[list[str]]:
    """The features of every token (without the previous-label feature). Each token's
    attributes are read from spaCy once, then looked up for the windows they fall in."""
    quoted = quoted_tokens(doc)
    toks = list(doc)
    lower = [t.lower_ for t in toks]
    lemma = [t.lemma_.lower() for t in toks]
    tag = [t.tag_ for t in toks]
    dep = [t.dep_ for t in toks]
    head = [t.head.i for t in toks]
    kids = [sorted({c.dep_ for c in t.children}) for t in toks]
    is_quote = [t.text in _QUOTES for t in toks]
    n = len(toks)
    out = []
    for i, t in enumerate(toks):
        lem, h = lemma[i], head[i]
        lex = lem in TAGGER_VERBS
        pw = lower[i - 1] if i > 0 else "<s>"
        nw = lower[i + 1] if i + 1 < n else "</s>"
        feats = [
            "bias",
            "w=" + lower[i],
            "l=" + lem,
            "t=" + tag[i],
            "d=" + dep[i],
            "s=" + _shape(t),
            "l,d=" + lem + "," + dep[i],
            "l,t=" + lem + "," + tag[i],
            "hl=" + lemma[h],
            "hd=" + dep[h],
            "ht=" + tag[h],
            "d,hl=" + dep[i] + "," + lemma[h],
            "q=" + str(quoted[i]),
            "lex=" + str(lex),
            "lex,d=" + str(lex) + "," + dep[i],
            "hlex=" + str(lemma[h] in TAGGER_VERBS),  # a root counts as its own head, as in training
            "pw=" + pw,
            "pt=" + (tag[i - 1] if i > 0 else "<s>"),
            "nw=" + nw,
            "nt=" + (tag[i + 1] if i + 1 < n else "</s>"),
            "pw2=" + (lower[i - 2] if i > 1 else "<s>"),
            "nw2=" + (lower[i + 2] if i + 2 < n else "</s>"),
            "nq=" + str(i + 1 < n and (is_quote[i + 1] or (i + 2 < n and toks[i + 1].is_punct and is_quote[i + 2]))),
            "pq=" + str(i > 0 and (is_quote[i - 1] or (i > 1 and toks[i - 1].is_punct and is_quote[i - 2]))),
            "sent0=" + str(t.is_sent_start),
            "pw,w=" + pw + "," + lower[i],
            "w,nw=" + lower[i] + "," + nw,
        ]
        feats += ["k=" + k for k in kids[i]]
        feats += ["l,k=" + lem + "," + k for k in kids[i] if k in ("ccomp", "xcomp", "nsubj", "dobj", "prep", "advcl", "punct")]
        feats.append("hl,hk=" + lemma[h] + "," + str("ccomp" in kids[h]))
        out.append(feats)
    return out


class CueTagger:
    """Averaged-perceptron weights: feature -> (B, I, O) scores."""

    def __init__(self, weights: dict[str, list[float]]):
        self.weights = weights

    def scores(self, feats: list[str], prev_label: str) -> list[float]:
        out = [0.0, 0.0, 0.0]
        for f in (*feats, "prev=" + prev_label, "prev,l=" + prev_label + "," + feats[2]):
            w = self.weights.get(f)
            if w is not None:
                out[0] += w[0]
                out[1] += w[1]
                out[2] += w[2]
        return out

    def tag(self, doc: Doc) -> list[str]:
        """One label per token, greedily left to right (I only after B or I)."""
        labels: list[str] = []
        prev = "O"
        for feats in doc_features(doc):
            s = self.scores(feats, prev)
            if prev == "O":
                s[1] = float("-inf")
            label = LABELS[max(range(3), key=s.__getitem__)]
            labels.append(label)
            prev = label
        return labels

    def spans(self, doc: Doc) -> list[tuple[int, int]]:
        """Cue spans as (first token, last token + 1)."""
        out: list[tuple[int, int]] = []
        for i, label in enumerate(self.tag(doc)):
            if label == "B":
                out.append((i, i + 1))
            elif label == "I" and out and out[-1][1] == i:
                out[-1] = (out[-1][0], i + 1)
        return out


@lru_cache(maxsize=1)
def load_tagger() -> CueTagger | None:
    """The shipped tagger, or None when the weights file is missing."""
    path = files("checker") / "data" / MODEL_FILE
    try:
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except FileNotFoundError:
        return None
    return CueTagger(data["weights"])


def tagged_cues(analysis: Analysis) -> dict[int, tuple[int, int]] | None:
    """The learned tagger's cues: head token index -> (first token, last token + 1); None
    without a shipped tagger. The head is the token of the cue whose parent lies outside it
    (a verb preferred): "has said" -> "said", "called for" -> "called"."""
    tagger = load_tagger()
    if tagger is None:
        return None
    doc = analysis.doc
    out: dict[int, tuple[int, int]] = {}
    for a, b in tagger.spans(doc):
        if b < len(doc) and lemma_of(doc[b]) in _STANCE_VERBS and a <= doc[b].head.i < b:
            b += 1  # "responded by [downplaying]": a stance verb that hangs on the cue joins it
        toks = list(doc[a:b])
        heads = [t for t in toks if not (a <= t.head.i < b) or t.head.i == t.i]
        head = next((t for t in heads if t.pos_ in ("VERB", "AUX")), heads[0] if heads else toks[0])
        stance = [t for t in toks if lemma_of(t) in _STANCE_VERBS]
        if stance:  # "responded by downplaying": the verb that gives the stance heads the cue
            head = stance[-1]
        hearsay = [t for t in toks if t.lower_ in _HEARSAY and t.head.i == head.i]
        if hearsay and lemma_of(head) not in REPORTING_VERBS:  # "he reportedly keeps": the adverb alone
            out[hearsay[0].i] = (hearsay[0].i, hearsay[0].i + 1)
            continue
        out[head.i] = (_with_auxiliaries(doc, a, head), b)
    return out


def _with_auxiliaries(doc, a: int, head: Token) -> int:
    """The first token of a cue widened over the auxiliaries, negation and adverbs between them
    that it begins after ("has [repeatedly] said", "is demanding", "did not say"), as PolNeAR
    marks cues."""
    i = a
    while i > 0 and doc[i - 1].head.i == head.i and doc[i - 1].dep_ in ("aux", "auxpass", "neg", "advmod"):
        if doc[i - 1].dep_ == "advmod" and not (i > 1 and doc[i - 2].head.i == head.i and doc[i - 2].dep_ in ("aux", "auxpass", "neg")):
            break  # an adverb only between auxiliaries and the verb ("then said" stays "said")
        i -= 1
    return i
