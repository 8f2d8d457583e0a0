"""Pronunciations guessed from spelling, for words CMUdict lacks ("Jaxon", "blorping").

The word's longest ending that starts at a vowel and that other CMUdict words share lends
its sounds; the dictionary words with that ending vote, so one odd spelling cannot decide.
The letters before it are read with plain spelling rules. Everything comes from CMUdict
itself, so the guess needs no download and is the same on every machine.

>>> guess_pronunciation("blorping")
('B', 'L', 'AO1', 'R', 'P', 'IH0', 'NG')
>>> guess_pronunciation("jaxon")
('JH', 'AE1', 'K', 'S', 'AH0', 'N')
>>> [spelling_syllables(w) for w in ("blorp", "blorped", "blorpes", "glimmerish", "snorkle")]
[1, 1, 1, 3, 2]
"""

from __future__ import annotations

import bisect
from collections import Counter
from functools import lru_cache

import pronouncing

from songcraft.lyrics.cmudict import cmudict

VOWEL_LETTERS = frozenset("aeiou")
VOWEL_PHONES = frozenset(
    "AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split()
)  # CMUdict's vowels, without stress digits
VOICELESS = ("P", "T", "K", "F", "TH", "S", "SH", "CH")
SIBILANTS = ("S", "Z", "SH", "ZH", "CH", "JH")
MAX_DONORS = 60  # dictionary words that vote on an ending; enough for a stable majority

# Longest spellings first, so "igh" wins over "i" and "tch" over "t".
VOWEL_SPELLINGS = {
    "igh": ("AY",), "eau": ("OW",), "ee": ("IY",), "ea": ("IY",), "ie": ("IY",),
    "ei": ("EY",), "ai": ("EY",), "ay": ("EY",), "ey": ("EY",), "oo": ("UW",),
    "ou": ("AW",), "ow": ("OW",), "oa": ("OW",), "oe": ("OW",), "oi": ("OY",),
    "oy": ("OY",), "au": ("AO",), "aw": ("AO",), "ue": ("UW",), "ui": ("UW",),
    "ew": ("UW",), "ar": ("AA", "R"), "or": ("AO", "R"), "er": ("ER",), "ir": ("ER",),
    "ur": ("ER",), "a": ("AE",), "e": ("EH",), "i": ("IH",), "o": ("AA",), "u": ("AH",),
    "y": ("IY",),
}  # fmt: skip
CONSONANT_SPELLINGS = {
    "tch": ("CH",), "ch": ("CH",), "sh": ("SH",), "th": ("TH",), "ph": ("F",), "wh": ("W",),
    "ck": ("K",), "ng": ("NG",), "qu": ("K", "W"), "gh": (), "x": ("K", "S"), "b": ("B",),
    "c": ("K",), "d": ("D",), "f": ("F",), "g": ("G",), "h": ("HH",), "j": ("JH",),
    "k": ("K",), "l": ("L",), "m": ("M",), "n": ("N",), "p": ("P",), "q": ("K",),
    "r": ("R",), "s": ("S",), "t": ("T",), "v": ("V",), "w": ("W",), "y": ("Y",),
    "z": ("Z",),
}  # fmt: skip


def is_vowel_letter(word: str, i: int) -> bool:
    """Whether letter i sounds as a vowel; "y" does except first or before a vowel.

    >>> [is_vowel_letter("yummy", i) for i in range(5)]
    [False, True, False, False, True]
    """
    if word[i] in VOWEL_LETTERS:
        return True
    return word[i] == "y" and i > 0 and not (i + 1 < len(word) and word[i + 1] in VOWEL_LETTERS)


def _silent_e(word: str) -> int | None:
    """Index of a silent final e (bake, bakes, baked), kept in -le, -ces, -ted and "the"."""
    for ending, keep_after in (("e", "l"), ("es", "sxzcgh"), ("ed", "td")):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            at = len(word) - len(ending)
            before = word[at - 1]
            vowel_before = any(is_vowel_letter(word, i) for i in range(at - 1))
            if vowel_before and not is_vowel_letter(word, at - 1) and before not in keep_after:
                return at
    return None


def read_letters(letters: str, word_end: bool = True, next_letter: str = "") -> list[str]:
    """Phones from plain spelling rules; vowels carry no stress digit yet.

    >>> read_letters("blorp")
    ['B', 'L', 'AO', 'R', 'P']
    """
    silent = _silent_e(letters) if word_end else None
    phones: list[str] = []
    i = 0
    while i < len(letters):
        if i == silent:
            i += 1
            continue
        vowel = is_vowel_letter(letters, i)
        table = VOWEL_SPELLINGS if vowel else CONSONANT_SPELLINGS
        for size in (3, 2, 1):
            piece = letters[i : i + size]
            if piece in table and _fits(letters, i, piece, vowel):
                phones.extend(_sound(piece, vowel, letters[i + size : i + size + 1] or next_letter))
                i += size
                break
        else:
            i += 1  # a letter the tables do not know is read as silent
        if len(phones) > 1 and not vowel and phones[-1] == phones[-2]:
            phones.pop()  # doubled consonants ("mm", "tt") are one sound
    return phones


def _fits(letters: str, i: int, piece: str, vowel: bool) -> bool:
    """A two-letter vowel must stay one vowel, and "ar"/"or" only before a consonant."""
    end = i + len(piece)
    if piece[-1] == "r" and end < len(letters) and is_vowel_letter(letters, end):
        return False
    if vowel and len(piece) > 1 and piece[-1] in "yw" and end < len(letters):
        return not is_vowel_letter(letters, end)
    return True


def _sound(piece: str, vowel: bool, following: str) -> tuple[str, ...]:
    """The piece's phones; c and g soften before e, i and y (city, gem)."""
    if vowel:
        return VOWEL_SPELLINGS[piece]
    if piece in ("c", "g") and following in ("e", "i", "y"):
        return ("S",) if piece == "c" else ("JH",)
    return CONSONANT_SPELLINGS[piece]


def spelling_syllables(word: str) -> int:
    """Syllables from vowel groups, with silent -e, -es and -ed; at least 1."""
    return max(1, sum(p in VOWEL_PHONES for p in read_letters(word)))


def vowel_starts(word: str) -> list[int]:
    """Where each vowel group starts, leftmost first; never splitting "qu"."""
    return [
        i
        for i in range(len(word))
        if is_vowel_letter(word, i)
        and (i == 0 or not is_vowel_letter(word, i - 1))
        and not (i > 0 and word[i - 1] == "q")
    ]


@lru_cache(maxsize=1)
def _endings() -> list[str]:
    """CMUdict's plain words spelled backwards and sorted, so shared endings are ranges."""
    cmudict()
    return sorted(w[::-1] for w in pronouncing.lookup if w.isascii() and w.isalpha())


def _donors(ending: str) -> list[str]:
    """Up to MAX_DONORS dictionary words ending in `ending`, spread over all of them."""
    backwards = ending[::-1]
    table = _endings()
    lo = bisect.bisect_left(table, backwards)
    hi = bisect.bisect_left(table, backwards + "{")  # "{" sorts right after "z"
    step = max(1, (hi - lo) // MAX_DONORS)
    return [table[i][::-1] for i in range(lo, hi, step)]


@lru_cache(maxsize=65536)
def _vowel_count(letters: str) -> int:
    return sum(p in VOWEL_PHONES for p in read_letters(letters, word_end=False))


def borrow_ending(ending: str, after_vowel: bool) -> tuple[str, ...] | None:
    """How dictionary words say `ending` (from its first vowel), by majority; None if none.

    `after_vowel` says whether the guessed word has a vowel before the ending; the donors
    must match, so an ending like "-ing" is taken unstressed from "running", not "sing".
    """
    votes: Counter[tuple[str, ...]] = Counter()
    spoken: dict[tuple[str, ...], Counter[tuple[str, ...]]] = {}
    for donor in _donors(ending):
        prefix = donor[: len(donor) - len(ending)]
        if prefix and prefix[-1] in VOWEL_LETTERS:
            continue  # the ending would start inside a vowel group of the donor
        skip = _vowel_count(prefix)
        if (skip > 0) != after_vowel:
            continue
        found = pronouncing.lookup.get(donor)
        if not found:
            continue  # a word held out of the dictionary (see phonetics_bench)
        phones = found[0].split()
        vowels = [i for i, p in enumerate(phones) if p[-1].isdigit()]
        if skip > len(vowels):
            continue
        part = tuple(phones[vowels[skip] :]) if skip < len(vowels) else _silent_part(prefix, phones)
        sound = tuple(p.rstrip("012") for p in part)
        votes[sound] += 1
        spoken.setdefault(sound, Counter())[part] += 1
    if not votes:
        return None
    best = votes.most_common(1)[0][0]
    return spoken[best].most_common(1)[0][0]


def _silent_part(prefix: str, phones: list[str]) -> tuple[str, ...]:
    """The sounds of an ending whose vowel is silent in the donor: "-es" in "makes" is S."""
    last = max((i for i, p in enumerate(phones) if p[-1].isdigit()), default=-1)
    at = len(prefix)
    while at > 0 and not is_vowel_letter(prefix, at - 1):
        at -= 1
    held = len(read_letters(prefix[at:], word_end=False))  # the donor's own final consonants
    return tuple(phones[last + 1 + held :])


def _with_stress(head: list[str], ending: tuple[str, ...]) -> tuple[str, ...]:
    """Stress the ending as borrowed; if it has none, stress the last vowel before it."""
    stressed = any(p[-1] in "12" for p in ending)
    head_vowels = [i for i, p in enumerate(head) if p in VOWEL_PHONES]
    primary = head_vowels[-1] if head_vowels and not stressed else None
    out = [
        p + ("1" if i == primary else "0") if p in VOWEL_PHONES else p for i, p in enumerate(head)
    ]
    out.extend(ending)
    if not any(p[-1].isdigit() for p in out):
        # No vowel letter at all ("brr", "pfft"): one syllable, on R if there is one.
        if "R" in out:
            out[out.index("R")] = "ER1"
        else:
            out.insert(1, "AH1")
    elif not any(p[-1] in "12" for p in out):
        first = next(i for i, p in enumerate(out) if p[-1].isdigit())
        out[first] = out[first][:-1] + "1"
    return tuple(out)


def _known(word: str) -> tuple[str, ...] | None:
    """CMUdict's first pronunciation of a real word part (two letters or more)."""
    cmudict()
    found = pronouncing.lookup.get(word) if len(word) >= 2 else None
    return tuple(found[0].split()) if found else None


def _suffix_sound(suffix: str, base: tuple[str, ...]) -> tuple[str, ...]:
    """How -s, -ed, -ing, -er, -est and -ly sound after the stem's last phone."""
    last = base[-1]
    if suffix in ("s", "es"):
        return ("IH0", "Z") if last in SIBILANTS else ("S",) if last in VOICELESS else ("Z",)
    if suffix == "ed":
        return ("IH0", "D") if last in ("T", "D") else ("T",) if last in VOICELESS else ("D",)
    return {"ing": ("IH0", "NG"), "er": ("ER0",), "est": ("AH0", "S", "T"), "ly": ("L", "IY0")}[
        suffix
    ]


def _inflected(word: str) -> tuple[str, ...] | None:
    """A known word plus a suffix: "honked", "hummed", "realest", "zoomer"."""
    for suffix in ("ing", "ed", "est", "er", "ly", "s", "es"):
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < 2:
            continue
        undoubled = [stem[:-1]] if stem[-1] == stem[-2] else []
        for spelled in [stem, stem + "e", *undoubled, stem[:-1] + "y" if stem[-1] == "i" else ""]:
            if base := _known(spelled):
                return base + _suffix_sound(suffix, base)
    return None


def _compound(word: str) -> tuple[str, ...] | None:
    """Two known words run together: "heatwave", "streetlights"; the first takes the stress."""
    for cut in range(3, len(word) - 3):  # a second part of 4+ letters: "carpet" is no car-pet
        first, second = _known(word[:cut]), _known(word[cut:])
        if first and second:
            return first + tuple(p[:-1] + "2" if p[-1] == "1" else p for p in second)
    return None


def _plural(word: str) -> tuple[str, ...] | None:
    """A plural of a guessed word is its guess plus S, Z or IH Z: "jaxons" is "jaxon" + Z."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return None
    sibilant = word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh"))
    base = guess_pronunciation(word[:-2] if sibilant else word[:-1])
    return base + _suffix_sound("es" if sibilant else "s", base)


@lru_cache(maxsize=16384)
def guess_pronunciation(word: str) -> tuple[str, ...]:
    """CMUdict-style phones for a lowercase word of plain letters a-z."""
    if known := _inflected(word) or _compound(word) or _plural(word):
        return known
    for start in vowel_starts(word):
        head = word[:start]
        head_phones = read_letters(head, word_end=False, next_letter=word[start])
        after_vowel = any(p in VOWEL_PHONES for p in head_phones)
        ending = borrow_ending(word[start:], after_vowel)
        if ending is not None:
            return _with_stress(head_phones, ending)
    return _with_stress(read_letters(word), ())
