"""Fictional, Dutch-sounding place names for the demo areas."""

from __future__ import annotations

import random
from collections.abc import Callable

_GM_STEMS = (
    "Aalder", "Braan", "Corne", "Drommel", "Elsen", "Fluiter", "Gaster", "Haver", "Ilpen",
    "Jorre", "Kolder", "Lunter", "Mispel", "Nerde", "Olmer", "Poster", "Quaal", "Riemer",
    "Sprokkel", "Tolder", "Uffel", "Vlinder", "Wemel", "Zwaluw", "Bram", "Dieker", "Gorse",
    "Heeker", "Kwel", "Lauwer", "Merle", "Ottel", "Rijder", "Schelle", "Tjalle", "Wolder",
)
_GM_SUFFIXES = (
    "dam", "hoven", "wijk", "veen", "horst", "broek", "loo", "dorp", "zijl", "kerk", "rade",
    "beek", "berg", "meer", "ingen", "sluis", "voort", "hem", "werd", "gouw", "laar", "um",
    "stede", "wolde", "mond", "drecht", "donk", "hout",
)
_GM_PREFIXES = ("Nieuw-", "Oud-", "Groot-", "Oost-", "West-", "Noord-", "Zuid-")
_REAL_NAMES = frozenset({
    # real places the parts above could compose; never used
    "Kwelderwerd", "Merlebroek", "Elsenhoven", "Brambergen", "Haverhoven", "Zwaluwhoven",
    "Lauwersmeer", "Gorsel", "Elsloo", "Elsendorp", "Bramdam", "Uffelte", "Schellebroek",
})
_WK_A = (
    "Molen", "Vogel", "Bloemen", "Bomen", "Kerk", "Schepen", "Dijk", "Water", "Rivieren",
    "Componisten", "Sterren", "Linden", "Eiken", "Heide", "Polder", "Haven", "Akker",
    "Beemd", "Zand", "Klei", "Park", "Spoor", "Kanaal", "Kasteel", "Hooi", "Vlas", "Turf",
    "Gagel", "Brem", "Riet",
)
_WK_B = (
    "wijk", "buurt", "kamp", "veld", "hoek", "hof", "weide", "akker", "park", "rijk",
    "kwartier", "dreef", "hage", "horst", "landen", "oord",
)
_WK_DE = ("hoek", "horst", "weide", "akker", "hof", "dreef", "hage", "kamp", "beemd")
_COMPASS = ("Noord", "Zuid", "Oost", "West", "Midden")
_BU_A = (
    "Berken", "Beuken", "Eiken", "Linden", "Wilgen", "Essen", "Iepen", "Populieren",
    "Kastanje", "Merel", "Lijster", "Specht", "Reiger", "Zwanen", "Eenden", "Rozen",
    "Tulpen", "Narcissen", "Lelie", "Klaver", "Smeden", "Bakkers", "Vissers", "Molenaars",
    "Schippers", "Boeren", "Hazel", "Vlier", "Meidoorn", "Hulst", "Sleedoorn", "Mauve",
    "Jonkers", "Kievit", "Grutto", "Wielewaal", "Distel", "Boterbloem", "Lavendel", "Hop",
)
_BU_B = (
    "buurt", "hof", "laan", "park", "plein", "kamp", "hoek", "erf", "gaarde", "weg",
    "singel", "straat", "pad", "veld", "hage", "daal",
)


def _gemeente_names(rng: random.Random, n: int) -> list[str]:
    base = [s + x for s in _GM_STEMS for x in _GM_SUFFIXES]
    base = [b for b in base if b not in _REAL_NAMES]
    rng.shuffle(base)
    if n > len(base):
        more = [p + b for p in _GM_PREFIXES for b in base]
        rng.shuffle(more)
        base += more
    chosen = base[:n]
    used = set(chosen)
    for i in range(n):
        if rng.random() < 0.12:
            cand = rng.choice(_GM_PREFIXES) + chosen[i]
            if cand not in used:
                used.add(cand)
                chosen[i] = cand
    return chosen


def _unique(rng: random.Random, used: set[str], make: Callable[[], str]) -> str:
    for _ in range(40):
        name = make()
        if name not in used:
            used.add(name)
            return name
    n = 2
    base = make()
    while f"{base} {n}" in used:
        n += 1
    used.add(f"{base} {n}")
    return f"{base} {n}"


def _wijk_names(rng: random.Random, gm_name: str, k: int, first: int) -> list[str]:
    stem = gm_name.split("-")[-1]
    used: set[str] = set()

    def make() -> str:
        r = rng.random()
        if r < 0.15:
            return f"{stem}-{rng.choice(_COMPASS)}"
        if r < 0.3:
            return f"De {rng.choice(_WK_A)}{rng.choice(_WK_DE)}"
        return rng.choice(_WK_A) + rng.choice(_WK_B)

    names = []
    for i in range(k):
        if i == 0 and k > 1:
            used.add("Centrum")
            names.append("Centrum")
        elif i == k - 1 and k > 3 and rng.random() < 0.5:
            used.add("Buitengebied")
            names.append("Buitengebied")
        else:
            names.append(_unique(rng, used, make))
    if k > 2 and rng.random() < 0.3:  # CBS-style numbering used by many gemeenten
        names = [f"Wijk {first + i:02d} {n}" for i, n in enumerate(names)]
    return names


def _buurt_names(rng: random.Random, wk_name: str, k: int) -> list[str]:
    used: set[str] = set()
    wk_base = wk_name.split(" ", 2)[-1] if wk_name.startswith("Wijk ") else wk_name

    def make() -> str:
        r = rng.random()
        if r < 0.12:
            return f"{wk_base}-{rng.choice(_COMPASS)}"
        if r < 0.18:
            return f"Bedrijventerrein {rng.choice(_WK_A)}{rng.choice(_WK_B)}"
        if r < 0.3:
            return f"{rng.choice(_BU_A)}{rng.choice(_BU_B)} {rng.choice(_COMPASS)}"
        return rng.choice(_BU_A) + rng.choice(_BU_B)

    return [_unique(rng, used, make) for _ in range(k)]


# ---------------------------------------------------------------------------------------
# structure
