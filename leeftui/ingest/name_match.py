"""Matching a name (an annex's 'Kanaleneiland') to the wijken and buurten of one gemeente, by name families.

Pure functions, no database: :func:`match_name` takes the places of the member's gemeente (every name the
database holds for them: the release's own files and the CBS files of its division) and returns the hits, each
with its rule and confidence. The rules, strongest first (high and medium hits put an area in the set, low ones
are candidates for the review):

1. ``exact``  — the same name, ignoring case, accents, hyphens, spaces, a leading "Wijk NN" and a bracketed
   addition ("Bijlmer Oost (E,G,K)"). High confidence.
2. ``stem``   — a name of the family: the name plus compass or part words ("Kanaleneiland-Noord",
   "Presikhaaf I", "Transvaalkwartier-Zuid", "Oud Crooswijk"). ``parts``: a compound name whose every part is
   one of the member's names ("Bouwlust en Vrederust" for Zuid-West). High confidence.
3. ``part``   — one part of a compound name ("Rivierenwijk en Bergweide"): the area also holds something else.
   ``wider``: the name without its qualifier ("IJsselmonde" for "Groot-IJsselmonde"). Medium: included and
   listed as uncertain — unless it is the wijk of a buurt found by rule 1 or 2 ("Kralingen-Crooswijk" when
   "Oud Crooswijk" is there): then a candidate.
4. ``word``   — the name as whole words inside a longer name ("Bedrijvengebied Kanaleneiland"). Low: a
   candidate, never included by itself.

A name that is itself a compass word ("Noord", "Oost") only matches exactly: in a city it names a district,
not a stem. :func:`nearest` gives the closest names for anything unmatched.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

COMPASS = frozenset({"noord", "zuid", "oost", "west", "noordoost", "noordwest", "zuidoost", "zuidwest", "midden",
                     "centrum"})
"""Words that name a part of an area (and, alone, a district)."""
QUALIFIERS = COMPASS | {"i", "ii", "iii", "iv", "v", "vi", "kwartier", "wijk", "buurt", "dorp", "kern", "eo"}
"""What may follow a name in its family: 'Kanaleneiland-Noord', 'Presikhaaf II', 'Transvaalkwartier'."""
PREFIXES = frozenset({"oud", "oude", "nieuw", "nieuwe", "groot", "grote", "klein", "kleine"})
"""What may precede a name in its family: 'Oud Crooswijk', 'Nieuw Crooswijk'."""

RULES = {"exact": "high", "stem": "high", "parts": "high", "part": "medium", "wider": "medium", "word": "low"}
"""Each rule's confidence."""
STRENGTH = {"high": 0, "medium": 1, "low": 2}

_SPLIT = re.compile(r"\s+en\s+|\s*[/,;&-]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """One name of one area of the gemeente."""

    code: str
    level: str
    name: str
    parent: str | None = None
    """The wijk of a buurt."""


@dataclass(frozen=True)
class Hit:
    place: Place
    rule: str
    detail: str

    @property
    def confidence(self) -> str:
        return RULES[self.rule]


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"^wijk\s*\d+\s*", "", text).strip()
    return re.sub(r"^(?:de|het|'t)\s+", "", text)


@cache
def normalise(name: str) -> str:
    """'Groot-IJsselmonde' → 'grootijsselmonde', 'Wijk 03 De Hoogte' → 'hoogte', 'Bijlmer Oost (E,G,K)' →
    'bijlmeroost': no case, accents, hyphens, spaces, leading 'Wijk NN', article or bracketed addition."""
    return re.sub(r"[^0-9a-z]", "", _plain(name))


def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[^0-9a-z]+", _plain(name)) if w)


@cache
def _made_of(text: str, vocabulary: frozenset[str]) -> bool:
    """True when ``text`` is a concatenation of words of ``vocabulary`` (or empty)."""
    if not text:
        return True
    return any(text.startswith(w) and _made_of(text[len(w):], vocabulary) for w in vocabulary)


def _family(wanted: str, name: str) -> bool:
    """``name`` is ``wanted`` with prefixes before and qualifiers after it, at least one of them."""
    if name == wanted or wanted not in name:
        return False
    start = name.find(wanted)
    while start >= 0:
        if _made_of(name[:start], PREFIXES) and _made_of(name[start + len(wanted):], QUALIFIERS):
            return True
        start = name.find(wanted, start + 1)
    return False


def parts(name: str) -> tuple[str, ...]:
    """The parts of a compound name: 'Rivierenwijk en Bergweide' → both, 'Crabbehof/Zuidhoven' → both,
    'Kralingen-Crooswijk' → both; a simple name → itself."""
    cleaned = re.sub(r"\([^)]*\)", " ", re.sub(r"^\s*wijk\s*\d+\s*", "", name, flags=re.IGNORECASE)).strip()
    found = tuple(p.strip() for p in _SPLIT.split(cleaned) if p and p.strip())
    return found if len(found) > 1 else (cleaned,)


def _one(wanted: str, place: Place, siblings: frozenset[str]) -> Hit | None:
    """The strongest rule by which ``place`` answers ``wanted`` (``siblings``: the member's other names,
    normalised), or None."""
    w, n = normalise(wanted), normalise(place.name)
    if not w or not n:
        return None
    if w == n:
        return Hit(place, "exact", f"named '{place.name}'")
    if w in COMPASS:
        return None
    if _family(w, n):
        return Hit(place, "stem", f"'{place.name}' is of the family '{wanted}'")
    pieces = [normalise(p) for p in parts(place.name)]
    if len(pieces) > 1:
        own = [p for p in pieces if p == w or _family(w, p)]
        if own:
            others = [p for p, q in zip(parts(place.name), pieces, strict=True) if q not in own]
            if all(normalise(o) in siblings for o in others):
                return Hit(place, "parts", f"'{place.name}': every part is one of the member's names")
            return Hit(place, "part", f"'{place.name}' also holds {', '.join(repr(o) for o in others)}")
    if _family(n, w) and n not in COMPASS and len(n) >= 4:
        return Hit(place, "wider", f"'{place.name}' is '{wanted}' without its qualifier: a wider area")
    words, name_words = _words(wanted), _words(place.name)
    if words and len(name_words) > len(words) and any(
            name_words[i:i + len(words)] == words for i in range(len(name_words) - len(words) + 1)):
        return Hit(place, "word", f"'{place.name}' holds the words '{wanted}'")
    return None


def match_name(wanted: str, places: list[Place], siblings: tuple[str, ...] = ()) -> tuple[list[Hit], list[Hit]]:
    """(the hits that put an area in the set, the candidates) for ``wanted`` among ``places``: every high and
    medium hit, except a medium one that is the wijk of a buurt found with high confidence (a wider area
    where the narrower one is there: 'Kralingen-Crooswijk' when 'Oud Crooswijk' is found); candidates are the
    low hits and those wider ones."""
    sib = frozenset(normalise(s) for s in siblings)
    hits = [h for h in (_one(wanted, p, sib) for p in places) if h is not None]
    strong = {h.place.parent for h in hits if h.confidence == "high"}
    taken = [h for h in hits if h.confidence == "high" or (h.confidence == "medium" and h.place.code not in strong)]
    wijken = {h.place.code for h in taken if h.place.level == "wijk" and h.rule == "exact"}
    if wijken:  # a wijk of that very name: a buurt of the name outside it is not this area
        taken = [h for h in taken if h.place.level != "buurt" or h.place.parent in wijken]
    return taken, [h for h in hits if h not in taken]


def nearest(wanted: str, places: list[Place], limit: int = 3) -> list[Place]:
    """The ``limit`` places whose names are closest to ``wanted`` (similarity ≥ 0.6), closest first."""
    w = normalise(wanted)
    scored = []
    for p in places:
        ratio = difflib.SequenceMatcher(None, w, normalise(p.name)).ratio()
        if ratio >= 0.6:
            scored.append((-ratio, p.name, p.code, p))
    return [p for *_, p in sorted(scored)[:limit]]
