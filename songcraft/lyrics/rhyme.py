"""Rhymes: perfect, slant and identical, and a fast index of rhymes over a vocabulary.

A word's rhyming part runs from its last stressed vowel to the end, as `pronouncing`
defines it; two words rhyme perfectly when those parts sound the same (stress levels
aside, so "dynamite" rhymes with "night") and the consonants before them differ. Same
sound after the same onset (leave/believe, two/too) is an identical rhyme, which a
songwriter hears as repetition, so it never counts. A slant rhyme keeps the stressed vowel
and lets consonants after it trade within a family (time/line, home/stone), with one extra
S, Z, T or D allowed at the end (time/lines, hand/man).

>>> rhymes_with("love", "above"), rhymes_with("leave", "believe"), rhymes_with("cat", "dog")
(True, False, False)
>>> rhymes_with("time", "line"), rhymes_with("time", "line", "slant")
(False, True)
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

import pronouncing

from songcraft.errors import SongcraftError
from songcraft.lyrics.cmudict import cmudict
from songcraft.lyrics.pronounce import Phones, pronunciations, words

STRICTNESS = ("perfect", "slant")
# Consonants a slant rhyme lets trade for each other; others must match exactly.
CONSONANT_FAMILY = {
    "M": "N", "N": "N", "NG": "N", "P": "P", "B": "P", "T": "T", "D": "T", "K": "K", "G": "K",
    "F": "F", "V": "F", "TH": "TH", "DH": "TH", "S": "S", "Z": "S", "SH": "SH", "ZH": "SH",
    "CH": "CH", "JH": "CH", "L": "L", "R": "L",
}  # fmt: skip
UNSTRESSED = "@"  # any unstressed vowel after the stressed one, in a slant rhyme
EXTRA_FINAL = ("S", "T")  # families of the one extra final consonant a slant rhyme allows


class RhymePart(NamedTuple):
    sound: tuple[str, ...]  # from the last stressed vowel to the end, without stress digits
    onset: tuple[str, ...]  # consonants just before that vowel
    slant: tuple[str, ...]  # `sound` with consonants reduced to families


def rhyme_part(phones: Phones) -> RhymePart:
    """The rhyming part of one pronunciation.

    >>> rhyme_part(("B", "IH0", "L", "IY1", "V"))
    RhymePart(sound=('IY', 'V'), onset=('L',), slant=('IY', 'F'))
    """
    vowels = [i for i, p in enumerate(phones) if p[-1].isdigit()]
    stressed = [i for i in vowels if phones[i][-1] in "12"]
    at = (stressed or vowels or [0])[-1]
    before = [i for i in vowels if i < at]
    onset = tuple(phones[before[-1] + 1 if before else 0 : at])
    sound = tuple(p.rstrip("012") for p in phones[at:])
    slant = sound[:1] + tuple(
        UNSTRESSED if p[-1].isdigit() else CONSONANT_FAMILY.get(p.rstrip("012"), p)
        for p in phones[at + 1 :]
    )
    return RhymePart(sound, onset, slant)


@lru_cache(maxsize=65536)
def rhyme_parts(word: str) -> frozenset[RhymePart]:
    """Rhyming parts of every pronunciation of `word`; empty when it has none."""
    return _parts_of(pronunciations(word))


def _parts_of(found: list[Phones]) -> frozenset[RhymePart]:
    """Rhyme parts of the stressed readings: "the" rhymes as DH AH1, never as DH IY0."""
    stressed = [p for p in found if any(x[-1] in "12" for x in p)]
    return frozenset(rhyme_part(p) for p in stressed or found if p)


def _spelled(word: str) -> str:
    return " ".join(w.replace("'", "") for w in words(word))


def _check(strictness: str) -> None:
    if strictness not in STRICTNESS:
        raise SongcraftError(f"rhyme strictness {strictness!r}: choose 'perfect' or 'slant'")


def _slant_keys(slant: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Slant keys this one matches: itself, one extra final S/T, or one fewer."""
    keys = {slant, *(slant + (extra,) for extra in EXTRA_FINAL)}
    if len(slant) > 1 and slant[-1] in EXTRA_FINAL:
        keys.add(slant[:-1])
    return keys


def _identical(a: frozenset[RhymePart], b: frozenset[RhymePart]) -> bool:
    return any(x.sound == y.sound and x.onset == y.onset for x in a for y in b)


def _matches(a: frozenset[RhymePart], b: frozenset[RhymePart], strictness: str) -> bool:
    """Some pair of pronunciations rhymes, after different onsets (the caller rules out
    identical rhymes)."""
    for x in a:
        for y in b:
            if x.onset == y.onset:
                continue
            if x.sound == y.sound or (strictness == "slant" and y.slant in _slant_keys(x.slant)):
                return True
    return False


def is_identical_rhyme(a: str, b: str) -> bool:
    """The same word, or the same sound after the same onset.

    >>> is_identical_rhyme("leave", "believe"), is_identical_rhyme("Two", "too")
    (True, True)
    >>> is_identical_rhyme("love", "above")
    False
    """
    spelled = _spelled(a)
    if spelled and spelled == _spelled(b):
        return True
    return _identical(rhyme_parts(a), rhyme_parts(b))


def rhymes_with(a: str, b: str, strictness: str = "perfect") -> bool:
    """Whether `a` and `b` rhyme; "slant" also accepts perfect rhymes. Never identical."""
    _check(strictness)
    pa, pb = rhyme_parts(a), rhyme_parts(b)
    if not pa or not pb or is_identical_rhyme(a, b):
        return False
    return _matches(pa, pb, strictness)


class RhymeIndex:
    """Rhymes within a vocabulary, most common first; built once per model.

    >>> index = RhymeIndex({"night": 9, "light": 5, "tonight": 7, "fine": 3, "the": 50})
    >>> index.rhymes("sight"), index.rhymes("night"), index.rhymes("time", "slant")
    (['night', 'tonight', 'light'], ['light'], ['fine'])
    """

    def __init__(self, counts: Mapping[str, int]):
        self.counts = dict(counts)
        ranked = sorted(self.counts, key=lambda w: (-self.counts[w], len(w), w))
        self._rank = {w: i for i, w in enumerate(ranked)}
        self._parts: dict[str, frozenset[RhymePart]] = {}
        self._spelled: dict[str, str] = {}
        self._by_sound: dict[tuple[str, ...], list[str]] = {}
        self._by_slant: dict[tuple[str, ...], list[str]] = {}
        for word in ranked:
            parts = rhyme_parts(word)
            if not parts:
                continue  # punctuation, line breaks, other scripts
            self._parts[word] = parts
            self._spelled[word] = _spelled(word)
            for key in {p.sound for p in parts}:
                self._by_sound.setdefault(key, []).append(word)
            for key in {p.slant for p in parts}:
                self._by_slant.setdefault(key, []).append(word)
        self._found: dict[tuple[str, str], list[str]] = {}

    def __len__(self) -> int:
        return len(self._parts)

    def _candidates(self, parts: frozenset[RhymePart], strictness: str) -> list[str]:
        """Index words sharing a sound (or slant key) with `parts`, most common first."""
        lists = [self._by_sound.get(p.sound, []) for p in parts]
        if strictness == "slant":
            keys = set().union(*(_slant_keys(p.slant) for p in parts))
            lists += [self._by_slant.get(key, []) for key in keys]
        if len(lists) == 1:
            return lists[0]
        return sorted(set().union(*lists), key=self._rank.__getitem__)

    def _rhymes_in_order(self, word: str, strictness: str):
        _check(strictness)
        parts = rhyme_parts(word)
        spelled = _spelled(word)
        for other in self._candidates(parts, strictness) if parts else ():
            theirs = self._parts[other]
            if self._spelled[other] == spelled or _identical(parts, theirs):
                continue
            if _matches(parts, theirs, strictness):
                yield other

    def rhymes(self, word: str, strictness: str = "perfect", limit: int | None = None) -> list[str]:
        """Words of the index that rhyme with `word` (in the index or not), most common first."""
        key = (word, strictness)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = list(self._rhymes_in_order(word, strictness))
        return found[:limit] if limit is not None else list(found)

    def rhymable(self, word: str, strictness: str = "perfect") -> bool:
        """Whether at least one word of the index rhymes with `word`."""
        found = self._found.get((word, strictness))
        if found is not None:
            return bool(found)
        return next(self._rhymes_in_order(word, strictness), None) is not None


class DictionaryRhymes:
    """Rhymes among all plain CMUdict words, shorter words first.

    Grouped by rhyming part through `pronouncing`'s own table, so it is ready in a fraction
    of a second; a word's onsets are worked out only when it is a candidate.
    """

    def __init__(self):
        cmudict()
        self._by_sound: dict[tuple[str, ...], list[str]] = {}
        self._by_slant: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for spoken, found in pronouncing.rhyme_lookup.items():
            part = rhyme_part(tuple(spoken.split()))
            self._by_sound.setdefault(part.sound, []).extend(found)
            self._by_slant.setdefault(part.slant, set()).add(part.sound)

    def _sounds(self, parts: frozenset[RhymePart], strictness: str) -> set[tuple[str, ...]]:
        sounds = {p.sound for p in parts}
        if strictness == "slant":
            for key in set().union(*(_slant_keys(p.slant) for p in parts)):
                sounds |= self._by_slant.get(key, set())
        return sounds

    @lru_cache(maxsize=4096)  # noqa: B019 - one instance per process, see dictionary_index
    def rhymes(self, word: str, strictness: str = "perfect") -> tuple[str, ...]:
        _check(strictness)
        parts, spelled = rhyme_parts(word), _spelled(word)
        if not parts:
            return ()
        candidates = set()
        for sound in self._sounds(parts, strictness):
            candidates.update(self._by_sound.get(sound, ()))
        found = [
            w
            for w in candidates
            if (len(w) > 1 or w in "aio")  # "b" and "t" are letters, not rhymes
            and w.replace("'", "").isalpha()
            and w.replace("'", "") != spelled
            and not _identical(parts, _dictionary_parts(w))
            and _matches(parts, _dictionary_parts(w), strictness)
        ]
        return tuple(sorted(found, key=lambda w: (len(w), w)))


@lru_cache(maxsize=65536)
def _dictionary_parts(word: str) -> frozenset[RhymePart]:
    return _parts_of([tuple(p.split()) for p in pronouncing.lookup.get(word, ())])


@lru_cache(maxsize=1)
def dictionary_index() -> DictionaryRhymes:
    """The CMUdict rhymes, built once per process."""
    return DictionaryRhymes()


_recent: dict[int, tuple[Mapping[str, int], RhymeIndex]] = {}
_recent_lock = threading.Lock()  # app sessions run in threads


def _index_for(counts: Mapping[str, int] | RhymeIndex) -> RhymeIndex:
    """An index over `counts`, reused while the same mapping object is passed again."""
    if isinstance(counts, RhymeIndex):
        return counts
    with _recent_lock:
        held = _recent.get(id(counts))
        if held is None or held[0] is not counts or len(held[1].counts) != len(counts):
            if len(_recent) >= 4:
                _recent.pop(next(iter(_recent)))
            held = _recent[id(counts)] = (counts, RhymeIndex(counts))
        return held[1]


def find_rhymes(
    word: str,
    strictness: str = "perfect",
    counts: Mapping[str, int] | RhymeIndex | None = None,
    limit: int | None = 40,
) -> list[str]:
    """Rhymes for a writer: words of `counts` by frequency, then other CMUdict words.

    >>> find_rhymes("love", counts={"above": 3, "glove": 9}, limit=3)
    ['glove', 'above', 'of']
    """
    _check(strictness)
    found = _index_for(counts).rhymes(word, strictness) if counts else []
    if limit is None or len(found) < limit:
        seen = set(found)
        found += [w for w in dictionary_index().rhymes(word, strictness) if w not in seen]
    return found[:limit] if limit is not None else found
