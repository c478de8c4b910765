"""Build ``checker/data/wordnet.json.gz`` from the Open English WordNet YAML source.

Usage::

    python scripts/build_lexical.py [OEWN_YAML_DIR] [--out checker/data/wordnet.json.gz]

``OEWN_YAML_DIR`` holds the ``src/yaml`` files of github.com/globalwordnet/english-wordnet
(``entries-*.yaml`` and the ``noun.*``/``verb.*``/``adj.*``/``adv.*`` lexicographer files);
it defaults to ``$OEWN_DIR`` or ``/tmp/wt/shared/data/oewn``.

The output keeps only what :mod:`checker.compare.lexical` reads (all keys lower-case, multi-word
lemmas with spaces):

``synsets``
    one line ``members|hypernym indices|depth`` per kept synset (a line's number is its index);
    ``members`` joined by ``;``, hypernyms (noun synsets only, ``hypernym`` and
    ``instance_hypernym``) as space-separated indices, ``depth`` the shortest hypernym path to
    a root (nouns only).
``senses``
    part of speech (``n``, ``v``, ``a``, ``r``; satellites count as ``a``) -> lines
    ``lemma<TAB>synset indices`` giving the first ``SENSE_CUT`` senses of each lemma in OEWN
    order (the most frequent first).

The two large tables are plain text inside the JSON so that loading the file is cheap and they
are split into lookups only when a function needs them.
``antonyms``
    part of speech -> lemma -> sorted antonym lemmas: direct sense antonyms, indirect antonyms of
    adjective satellites (a satellite ``similar`` to a head inherits the head's antonyms, and the
    antonyms inherit the satellite), and antonyms carried across derivation (two antonymous
    senses whose derivations fall in one other part of speech make those derived lemmas
    antonyms).
``derivations``
    lemma -> sorted lemmas derivationally related to any of its senses (other parts of speech).
``pertainyms``
    lemma -> the lemmas its senses pertain to, in sense order.
``places``
    demonym or place adjective -> place name, read from glosses such as "a native or inhabitant
    of Italy" and "of or relating to Norway or its people".
``place_kinds``
    place name -> the hypernym of its demonym noun ("European" for Italy, "French person" for
    Paris).

The JSON is written with sorted keys and a gzip header without a timestamp or file name, so a
rebuild from the same source gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import sys
import time
from collections import defaultdict, deque
from pathlib import Path

import yaml

OEWN_COMMIT = "d94538ad"
SOURCE_URL = "https://github.com/globalwordnet/english-wordnet"
# Senses kept per lemma and part of speech for synonyms and categories: OEWN orders a lemma's
# senses by frequency, and the rare senses beyond the third are the main source of noise
# ("quit" -> "stop", "leave" and "depart" are senses 1-3; sense 4 is "renounce").
SENSE_CUT = 3
# Indirect adjective antonymy is taken only for a satellite among the first senses of its lemma.
INDIRECT_CUT = 2
# Antonyms carried across derivation only from a sense among the first senses of each lemma.
DERIVED_ANTONYM_CUT = 3

MORPHOSEMANTIC = (
    "agent", "body_part", "by_means_of", "destination", "event", "instrument", "location",
    "material", "property", "result", "state", "undergoer", "uses", "vehicle",
)
POS_OF = {"n": "n", "v": "v", "a": "a", "s": "a", "r": "r"}

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(src: Path) -> tuple[dict, dict]:
    """The entries (lemma -> pos -> senses) and the synsets (id -> synset) of the source."""
    entries: dict = {}
    synsets: dict = {}
    for path in sorted(src.glob("*.yaml")):
        if path.name == "frames.yaml":
            continue
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_LOADER)
        if path.name.startswith("entries-"):
            for lemma, by_pos in data.items():
                entries.setdefault(lemma, {}).update(by_pos)
        else:
            synsets.update(data)
    return entries, synsets


def norm(lemma: str) -> str:
    """A lemma as the lookups key it: lower case, words separated by one space."""
    return " ".join(str(lemma).replace("_", " ").lower().split())


# --- glosses naming places ------------------------------------------------------------------

_CAP = r"[A-Z][\w'.-]*"
_NAME = rf"{_CAP}(?:(?:\s+(?:of|and|de|da|del|du|la|le|the)\s+|\s+){_CAP})*"
_QUAL = (
    r"(?:the\s+)?(?:(?:ancient|modern|northern|southern|eastern|western|central)\s+)?"
    r"(?:(?:\w+\s+)?(?:island|island nation|nation|state|city|town|region|province|country|kingdom|"
    r"republic|area|port)\s+of\s+(?:the\s+)?)?"
)
NATIVE_RE = re.compile(
    rf"^(?:an?\s+|the\s+)?(?:natives?|inhabitants?|residents?|citizens?)"
    rf"(?:\s+or\s+(?:natives?|inhabitants?|residents?|citizens?))?\s+of\s+{_QUAL}(?P<x>{_NAME})"
)
ADJ_PLACE_RE = re.compile(
    rf"^(?:of\s+or\s+)?(?:relating|pertaining|characteristic)\s+"
    rf"(?:to\s+)?(?:or\s+(?:relating|pertaining|characteristic)\s+(?:to|of)\s+)*"
    rf"(?:or\s+characteristic\s+of\s+)?(?:of\s+)?{_QUAL}(?P<x>{_NAME})"
    rf"(?P<rest>.*)$"
)
PEOPLE_RE = re.compile(r"\b(?:its|their)\s+(?:people|peoples|inhabitants|residents|citizens|culture)\b|\bthe people of\b")
_STOP_TAIL = re.compile(r"\s+(?:in|or|and|who|which)$")


def _clean_place(x: str) -> str:
    x = x.strip(" .,;")
    while True:
        y = _STOP_TAIL.sub("", x)
        if y == x:
            return x
        x = y


NATIONALITY_RE = re.compile(r"^an?\s+(?:(?:male|female)\s+)?person\s+of\s+(?P<adj>[A-Z][\w-]*)\s+nationality")
PERSON = "00007846-n"  # person: "an individual with personhood; ..."


def _is_person(sid: str, synsets: dict) -> bool:
    seen, todo = set(), [sid]
    while todo:
        cur = todo.pop()
        if cur == PERSON:
            return True
        if cur not in seen:
            seen.add(cur)
            todo.extend(synsets[cur].get("hypernym", []) + synsets[cur].get("instance_hypernym", []))
    return False


def _synset_place(syn: dict, noun_places: set[str]) -> str | None:
    """The place a demonym noun or a place adjective's gloss names, if any."""
    gloss = syn["definition"][0]
    if syn["partOfSpeech"] == "n":
        m = NATIVE_RE.match(gloss)
        return _clean_place(m.group("x")) if m else None
    m = ADJ_PLACE_RE.match(gloss)
    if not m:
        return None
    place = _clean_place(m.group("x"))
    if place in noun_places or PEOPLE_RE.search(m.group("rest")):
        return place
    return None


def places(entries: dict, synsets: dict) -> tuple[dict[str, str], dict[str, str]]:
    """Demonyms and place adjectives -> place, and place -> its demonym's category.

    A lemma's place is read from the first of its senses whose gloss names one, adjective
    senses before noun senses ("Chinese": "of or pertaining to China ..."). A place's category
    is the hypernym of its demonym nouns ("Italian" -> "European"; "French person", "a person
    of French nationality" -> "European"); where demonyms disagree the category most places
    share wins ("Russian" is both a "native" and a "European").
    """
    demonyms = {
        sid for sid, syn in synsets.items()
        if syn["partOfSpeech"] == "n" and (NATIVE_RE.match(syn["definition"][0]) or NATIONALITY_RE.match(syn["definition"][0]))
        and _is_person(sid, synsets)
    }
    noun_places = {_clean_place(NATIVE_RE.match(synsets[s]["definition"][0]).group("x"))
                   for s in demonyms if NATIVE_RE.match(synsets[s]["definition"][0])}
    place_of: dict[str, str] = {}
    for lemma in sorted(entries):
        senses = [s for e in entries[lemma].values() for s in e.get("sense", [])]
        adj = [s for s in senses if synsets[s["synset"]]["partOfSpeech"] in ("a", "s")]
        nouns = [s for s in senses if s["synset"] in demonyms]
        for s in adj + nouns:
            place = _synset_place(synsets[s["synset"]], noun_places)
            if place:
                place_of.setdefault(norm(lemma), norm(place))
                break
    candidates: dict[str, list[str]] = defaultdict(list)
    for sid in sorted(demonyms):
        syn = synsets[sid]
        m = NATIONALITY_RE.match(syn["definition"][0])
        if m:
            named = {place_of.get(norm(m.group("adj")))}
        else:
            named = {norm(_synset_place(syn, noun_places) or "")}
            gloss = norm(syn["definition"][0])
            named |= {
                place_of.get(norm(member)) for member in syn["members"]
                if re.search(rf"\b{re.escape(place_of.get(norm(member), '#'))}\b", gloss)
            }
        for place in sorted(p for p in named if p):
            for h in syn.get("hypernym", []):
                candidates[place].append(norm(synsets[h]["members"][0]))
    share: dict[str, int] = defaultdict(int)
    for kinds in candidates.values():
        for k in set(kinds):
            share[k] += 1
    kinds_of = {place: min(set(kinds), key=lambda k: (-share[k], k)) for place, kinds in candidates.items()}
    return place_of, kinds_of


# --- the derived tables ---------------------------------------------------------------------


def build(entries: dict, synsets: dict) -> dict:
    """The derived tables (see the module docstring)."""
    # sense id -> (lemma, pos, rank among the lemma's senses of that pos)
    sense_of: dict[str, tuple[str, str, int]] = {}
    senses_by: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for lemma in sorted(entries):
        for entry in entries[lemma].values():
            for sense in entry.get("sense", []):
                pos = POS_OF[synsets[sense["synset"]]["partOfSpeech"]]
                key = (norm(lemma), pos)
                sense_of[sense["id"]] = (key[0], pos, len(senses_by[key]))
                senses_by[key].append(sense)

    # noun depth: shortest path to a root
    children: dict[str, list[str]] = defaultdict(list)
    roots = []
    for sid, syn in synsets.items():
        if syn["partOfSpeech"] != "n":
            continue
        hypers = syn.get("hypernym", []) + syn.get("instance_hypernym", [])
        if not hypers:
            roots.append(sid)
        for h in hypers:
            children[h].append(sid)
    depth: dict[str, int] = {r: 0 for r in roots}
    queue = deque(sorted(roots))
    while queue:
        sid = queue.popleft()
        for c in children[sid]:
            if c not in depth:
                depth[c] = depth[sid] + 1
                queue.append(c)

    # noun category size: the number of synsets below it
    below: dict[str, int] = {}
    descendants: dict[str, set[str]] = {}

    def under(sid: str) -> set[str]:
        if sid not in descendants:
            out: set[str] = set()
            for c in children[sid]:
                out.add(c)
                out |= under(c)
            descendants[sid] = out
        return descendants[sid]

    for sid in sorted(depth, key=lambda x: -depth[x]):
        below[sid] = len(under(sid))
    descendants.clear()

    # synsets kept: every sense within the cut, and every noun synset (for categories)
    kept: set[str] = {sid for sid, syn in synsets.items() if syn["partOfSpeech"] == "n"}
    senses_out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for (lemma, pos), senses in senses_by.items():
        ids = []
        for s in senses[:SENSE_CUT]:
            if s["synset"] not in ids:
                ids.append(s["synset"])
        kept.update(ids)
        senses_out[pos][lemma] = ids
    order = sorted(kept)
    index = {sid: i for i, sid in enumerate(order)}
    synset_rows = []
    for sid in order:
        syn = synsets[sid]
        members = []
        for m in syn["members"]:
            if norm(m) not in members:
                members.append(norm(m))
        hypers = dep = size = ""
        if syn["partOfSpeech"] == "n":
            hypers = " ".join(str(index[h]) for h in syn.get("hypernym", []) + syn.get("instance_hypernym", []))
            dep = str(depth.get(sid, 0))
            size = str(below.get(sid, 0))
        synset_rows.append(f"{';'.join(members)}|{hypers}|{dep}|{size}")
    senses_json = {
        pos: "\n".join(f"{lemma}\t{' '.join(str(index[s]) for s in by[lemma])}" for lemma in sorted(by))
        for pos, by in senses_out.items()
    }

    # antonyms
    ants: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def add_pair(pos: str, a: str, b: str) -> None:
        if a != b:
            ants[pos][a].add(b)
            ants[pos][b].add(a)

    direct_pairs: list[tuple[str, str]] = []
    for (lemma, pos), senses in senses_by.items():
        for s in senses:
            for target in s.get("antonym", []):
                if target in sense_of:
                    t_lemma, t_pos, _ = sense_of[target]
                    if t_pos == pos:
                        add_pair(pos, lemma, t_lemma)
                        direct_pairs.append((s["id"], target))

    # indirect: satellite -> similar head -> the head's antonyms
    sense_by_id = {s["id"]: s for senses in senses_by.values() for s in senses}
    synset_antonyms: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for sense_id, (_lemma, pos, _) in sense_of.items():
        if pos != "a":
            continue
        s = sense_by_id[sense_id]
        for target in s.get("antonym", []):
            if target in sense_of:
                synset_antonyms[s["synset"]].add(sense_of[target][::2])
    for (lemma, pos), senses in senses_by.items():
        if pos != "a":
            continue
        for s in senses[:INDIRECT_CUT]:
            syn = synsets[s["synset"]]
            if syn["partOfSpeech"] != "s":
                continue
            for head in syn.get("similar", []):
                for ant, rank in synset_antonyms.get(head, ()):
                    if rank < INDIRECT_CUT:
                        add_pair("a", lemma, ant)

    def derived(sense: dict, pos: str) -> dict[tuple[str, str], set[str]]:
        """(pos, role) -> the lemmas derived from a sense, role the morphosemantic relation
        that also links them (agent, event, result, ...) or "derivation" where none does."""
        out: dict[tuple[str, str], set[str]] = defaultdict(set)
        for d in sense.get("derivation", []):
            if d not in sense_of or sense_of[d][1] == pos or sense_of[d][2] >= DERIVED_ANTONYM_CUT:
                continue
            roles = [r for r in MORPHOSEMANTIC if d in sense.get(r, [])] or ["derivation"]
            for role in roles:
                out[sense_of[d][1], role].add(sense_of[d][0])
        return out

    # carried across derivation: x ~ y antonyms, x -> x' and y -> y' derivations in one pos
    for x_id, y_id in direct_pairs:
        _, x_pos, x_rank = sense_of[x_id]
        _, _, y_rank = sense_of[y_id]
        if x_rank >= DERIVED_ANTONYM_CUT or y_rank >= DERIVED_ANTONYM_CUT:
            continue
        xd = derived(sense_by_id[x_id], x_pos)
        yd = derived(sense_by_id[y_id], x_pos)
        for pos, role in set(xd) & set(yd):
            for a in xd[pos, role]:
                for b in yd[pos, role]:
                    if a not in yd[pos, role] and b not in xd[pos, role]:
                        add_pair(pos, a, b)
    antonyms_json = {pos: {lemma: sorted(v) for lemma, v in by.items()} for pos, by in ants.items()}

    # derivations and pertainyms, lemma level
    derivs: dict[str, set[str]] = defaultdict(set)
    perts: dict[str, list[str]] = defaultdict(list)
    for (lemma, pos), senses in senses_by.items():
        for s in senses:
            for d in s.get("derivation", []):
                if d in sense_of and sense_of[d][1] != pos:
                    derivs[lemma].add(sense_of[d][0])
                    derivs[sense_of[d][0]].add(lemma)
            for p in s.get("pertainym", []):
                if p in sense_of and sense_of[p][0] not in perts[lemma]:
                    perts[lemma].append(sense_of[p][0])
    place_of, place_kinds = places(entries, synsets)
    return {
        "synsets": "\n".join(synset_rows),
        "senses": senses_json,
        "antonyms": antonyms_json,
        "derivations": {k: sorted(v) for k, v in derivs.items()},
        "pertainyms": dict(perts),
        "places": place_of,
        "place_kinds": place_kinds,
    }


def metadata() -> dict:
    return {
        "name": "Open English WordNet, derived lexical relations",
        "source": f"Open English WordNet ({SOURCE_URL}), commit {OEWN_COMMIT}, src/yaml",
        "licence": "CC BY 4.0 (Open English WordNet); derived from Princeton WordNet under the WordNet License",
        "attribution": (
            "Derived from the Open English WordNet (Copyright (c) 2019-present, The Open English Wordnet Team, "
            "CC BY 4.0), itself derived from Princeton WordNet (WordNet 3.0 Copyright 2006 by Princeton "
            "University). See WORDNET-LICENSE.md."
        ),
        "rebuild": "python scripts/build_lexical.py /path/to/english-wordnet/src/yaml",
        "sense_cut": SENSE_CUT,
        "indirect_antonym_cut": INDIRECT_CUT,
        "derived_antonym_cut": DERIVED_ANTONYM_CUT,
        "format": 1,
    }


def write(data: dict, out: Path) -> int:
    payload = json.dumps({"meta": metadata(), **data}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(payload.encode("utf-8"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
    return len(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", nargs="?", default=os.environ.get("OEWN_DIR", "/tmp/wt/shared/data/oewn"))
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "checker" / "data" / "wordnet.json.gz"))
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    entries, synsets = load_yaml(Path(args.src))
    t1 = time.perf_counter()
    size = write(build(entries, synsets), Path(args.out))
    t2 = time.perf_counter()
    print(f"{args.out}: {size} bytes (parse {t1 - t0:.1f}s, build {t2 - t1:.1f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
