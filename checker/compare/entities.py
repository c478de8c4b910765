"""Cross-article entity resolution: one key per real-world entity across all articles.

"Biden", "Joe Biden", "President Joe Biden", "Biden’s" and "the president" (in an article
whose time frame has a known president) all resolve to the key ``"joe biden"``. A bare
surname resolves to a full name only when exactly one full name with that surname is known
(in its own article first, then across articles), so "Hunter Biden" and "Joe Biden" stay
apart and a bare "Biden" between them stays unresolved (``"biden?"``). Roles are time-scoped:
"the president" maps to whoever is titled "President X" in articles of the same year.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .. import lexicons

#: Titles and offices (checker/data/titles.yaml): the head word of an office ("senator"), words
#: that join one in a title ("vice", "press"), abbreviations ("sen." -> "senator").
OFFICE_WORDS = lexicons.words("titles", "offices")
_ABBREV = lexicons.mapping("titles", "abbreviations")
TITLE_WORDS = OFFICE_WORDS | lexicons.words("titles", "modifiers") | frozenset(_ABBREV)
#: Title words that name an institution or a time rather than the office ("White House", "former").
_OUTSIDE_OFFICE = lexicons.words("titles", "outside_office")
#: Pronouns of each gender (checker/data/pronouns.yaml), read to tell people's genders apart.
MALE = re.compile(rf"\b{lexicons.alternation(lexicons.ordered('pronouns', 'male'))}\b", re.I)
FEMALE = re.compile(rf"\b{lexicons.alternation(lexicons.ordered('pronouns', 'female'))}\b", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_QUOTES = str.maketrans({"‘": "", "’": "'", "“": "", "”": "", '"': ""})
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)


def display(key: str) -> str:
    """A normalised name key written for people again: 'joe biden' -> 'Joe Biden'."""
    return " ".join(w[:1].upper() + w[1:] for w in key.rstrip("?").split())


def normalise_name(text: str) -> str:
    """Case-folded name without quotes, possessive ending or leading article: "Harris’" -> "harris"."""
    t = text.translate(_QUOTES).strip().strip(".,;:")
    t = _POSSESSIVE.sub("", t.replace("’", "'"))
    t = _LEADING.sub("", t)
    return re.sub(r"\s+", " ", t).strip().lower()


def strip_title(name: str) -> tuple[str, str]:
    """Split a normalised name into (role, bare name): "vice president kamala harris" -> ("vice president", "kamala harris")."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and words[i] in TITLE_WORDS:
        i += 1
    role = " ".join(_ABBREV.get(w, w) for w in words[:i])
    return role, " ".join(words[i:])


def office_of(role: str) -> str:
    """The office a role phrase names, "former" kept: "white house deputy press secretary" -> "deputy press secretary"."""
    words = [_ABBREV.get(w, w) for w in role.lower().split()]
    heads = [i for i, w in enumerate(words) if w in OFFICE_WORDS]
    if not heads:
        return ""
    last = heads[-1]
    start = last
    while start > 0 and words[start - 1] in TITLE_WORDS and words[start - 1] not in _OUTSIDE_OFFICE:
        start -= 1
    office = " ".join(words[start : last + 1])
    return ("former " + office) if "former" in words[:last] else office


@dataclass
class Resolver:
    """Resolves mentions to cross-article keys; build it with :meth:`add` then :meth:`freeze`."""

    full_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # surname -> full keys
    by_article: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    roles: dict[tuple[str, int | None], set[str]] = field(default_factory=lambda: defaultdict(set))  # (office, year) -> keys

    def add(self, mention: str, article: str, year: int | None = None, canonical: str | None = None) -> None:
        """Record a name mention (and its in-article canonical form) of one article."""
        for text in filter(None, (mention, canonical)):
            role, bare = strip_title(normalise_name(text))
            if len(bare.split()) >= 2 and bare.split()[-1] not in TITLE_WORDS:
                surname = bare.split()[-1]
                self.full_names[surname].add(bare)
                self.by_article[article][surname].add(bare)
                office = office_of(role)
                if office and not office.startswith("former"):
                    self.roles[(office, year)].add(bare)

    def is_person(self, key: str) -> bool:
        """True for a full name or a surname key of a known person."""
        last = key.rstrip("?").split()[-1] if key.strip() else ""
        return key in self.full_names.get(last, ()) or (key.endswith("?") and last in self.full_names)

    def resolve(self, mention: str, article: str | None = None, year: int | None = None) -> str:
        """The cross-article key of a mention; unresolved surnames end in '?'."""
        name = normalise_name(mention)
        if all(w in TITLE_WORDS for w in name.split()):
            return self.resolve_role(name, year) or ""
        role, bare = strip_title(name)
        words = bare.split()
        if len(words) >= 2:
            return bare
        surname = words[0]
        local = self.by_article.get(article or "", {}).get(surname, set())
        if len(local) == 1:
            return next(iter(local))
        known = self.full_names.get(surname, set())
        if len(local) == 0 and len(known) == 1:
            return next(iter(known))
        return surname + "?" if known else surname

    def resolve_role(self, role: str, year: int | None) -> str | None:
        """Who held an office in a year ("president", 2024 -> "joe biden"), if exactly one is known."""
        office = office_of(role) if role else ""
        if not office or office.startswith("former") or year is None:
            return None
        people = self.roles.get((office, year), set())
        return next(iter(people)) if len(people) == 1 else None


_ROLE_NP = re.compile(
    r"\b[Tt]he\s+(?:(?:\d+-year-old|(?!vice\b)[a-z]+-?[a-z]*)\s+){0,2}((?:[Vv]ice\s+)?[Pp]resident|[Ss]enator|[Gg]overnor|[Mm]ayor|[Ss]peaker)\b"
)


def role_mentions(text: str) -> list[tuple[int, int, str]]:
    """Definite role phrases that can stand for a person: "the 81-year-old President" -> (start, end, "president")."""
    out = []
    for m in _ROLE_NP.finditer(text):
        after = text[m.end() : m.end() + 2]
        if after[:1] == " " and after[1:2].isupper():  # "the President Joe Biden": a title, not a stand-in
            continue
        before = text[max(0, m.start() - 8) : m.start()].lower()
        if "former" in m.group(0).lower() or before.endswith(("former ", "ex-")):
            continue
        out.append((m.start(), m.end(), re.sub(r"\s+", " ", m.group(1).lower())))
    return out


_TITLED = re.compile(
    r"((?:[Ff]ormer\s+)?(?:[A-Z][\w.]*\s+|presidential\s+|press\s+|candidate\s+){1,6})$"
)


def title_before(text: str, start: int) -> str:
    """The title written just before a name at ``start``: "Former Vice President " -> "former vice president"."""
    m = _TITLED.search(text[max(0, start - 80) : start])
    if not m:
        return ""
    words = m.group(1).split()
    kept: list[str] = []
    for w in reversed(words):
        lw = w.lower()
        if lw in TITLE_WORDS or (w[:1].isupper() and kept and w.rstrip(".").isalpha()):
            kept.insert(0, lw)
        else:
            break
    role = " ".join(kept)
    return role if office_of(role) else ""


def build_resolver(mentions: list[tuple[str, str, str, int | None, str]]) -> Resolver:
    """A resolver over person mentions: (text, canonical, article id, year, title written before it)."""
    r = Resolver()
    for text, canonical, article, year, title in mentions:
        r.add(text, article, year, canonical)
        if title:
            r.add(f"{title} {canonical or text}", article, year)
    return r


def genders(texts: dict[str, str], names: dict[str, set[str]]) -> dict[str, str]:
    """Guess 'm'/'f' per person key from the pronouns that follow a sentence's only named person:
    later in that sentence when they are all of one gender, or opening the next sentence."""
    votes: dict[str, Counter] = {}
    opening = re.compile(r"^[“\"‘']?(He|His|Him|She|Her)\b")
    for text in texts.values():
        present = {key: [f for f in forms if f in text] for key, forms in names.items()}
        present = {key: forms for key, forms in present.items() if forms}  # a sentence can hold no other
        sentences = re.split(r"(?<=[.!?])\s+", text)
        for k, sentence in enumerate(sentences):
            hits = {key: min(sentence.find(f) for f in forms if f in sentence)
                    for key, forms in present.items() if any(f in sentence for f in forms)}
            if len(hits) != 1:
                continue
            key, at = next(iter(hits.items()))
            after = sentence[at:]
            m, f = len(MALE.findall(after)), len(FEMALE.findall(after))
            vote = Counter(m=m) if m and not f else Counter(f=f) if f and not m else Counter()
            if k + 1 < len(sentences) and (o := opening.match(sentences[k + 1])):
                vote["m" if o.group(1) in {"He", "His", "Him"} else "f"] += 1
            votes.setdefault(key, Counter()).update(vote)
    out = {}
    for key, c in votes.items():
        total = c["m"] + c["f"]
        if total >= 2 and max(c["m"], c["f"]) >= 0.8 * total:
            out[key] = "m" if c["m"] > c["f"] else "f"
    return out
