"""Lyric lines as sung syllables: spelling pieces, stress and word ends.

How many syllables a word has, and which is stressed, comes from its pronunciation
(songcraft.lyrics.phonetics: CMUdict, numbers read aloud, a spelling guess for the rest).
The spelling is then cut into that many pieces for the lead sheet ("beau-ti-ful"). Short
function words ("the", "of", "and") are unstressed whatever CMUdict says, as they are sung.

>>> syllabify("beautiful"), syllabify("Table,"), syllabify("don't")
(['beau', 'ti', 'ful'], ['Ta', 'ble,'], ["don't"])
>>> [(s.text, s.stressed) for s in line_syllables("Hold the line")]
[('Hold', True), ('the', False), ('line', True)]
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from songcraft.errors import SongcraftError
from songcraft.lyrics.phonetics import number_readings, pronunciations, words

FUNCTION_WORDS = frozenset(
    "a an the and or but nor of to in on at by for from with as if so than that this "
    "is am are was were be been do does did has have had can could will would shall should "
    "may might must i i'm me my you your he him his she her it it's its we us our they them "
    "their who whom whose which than then there though yet up".split()
)
_VOWELS = set("aeiouy")
_DIGRAPHS = {"th", "sh", "ch", "ph", "wh", "gh", "qu"}  # never split between the two letters
_KEEP_LEFT = {"ck", "ng", "x"}  # endings that stay with the syllable before


@dataclass(frozen=True)
class Syllable:
    text: str  # the piece of the written word sung on this note, punctuation kept
    stressed: bool  # a strong syllable: primary stress, not a short function word
    word_end: bool  # the last syllable of its (whitespace-separated) word
    word: int  # index of the word in Line.words(), where chords are placed


def _is_vowel(letters: str, i: int) -> bool:
    ch = letters[i]
    if ch != "y":
        return ch in _VOWELS
    return i > 0 and letters[i - 1] not in _VOWELS  # "yes" starts on a consonant


def _vowel_groups(letters: str) -> list[tuple[int, int]]:
    """(start, end) of each run of vowel letters; a silent final e is left out."""
    groups: list[tuple[int, int]] = []
    for i in range(len(letters)):
        if _is_vowel(letters, i):
            if groups and groups[-1][1] == i:
                groups[-1] = (groups[-1][0], i + 1)
            else:
                groups.append((i, i + 1))
    silent = letters.endswith(("e", "es", "ed")) and not letters.endswith(("le", "ee", "ye"))
    if len(groups) > 1 and silent and groups[-1][1] - groups[-1][0] == 1:
        groups.pop()
    return groups


def _fit_groups(groups: list[tuple[int, int]], count: int, size: int) -> list[tuple[int, int]]:
    """Merge or split vowel runs until there are `count` of them."""
    groups = list(groups) or [(0, size)]
    while len(groups) > count:  # merge the pair with the fewest letters between them
        gaps = [groups[i + 1][0] - groups[i][1] for i in range(len(groups) - 1)]
        i = gaps.index(min(gaps))
        groups[i : i + 2] = [(groups[i][0], groups[i + 1][1])]
    while len(groups) < count:  # split the longest run ("i-de-a"), else the longest gap
        i = max(range(len(groups)), key=lambda k: groups[k][1] - groups[k][0])
        start, end = groups[i]
        if end - start < 2:
            return []
        groups[i : i + 1] = [(start, start + 1), (start + 1, end)]
    return groups


def _boundary(letters: str, left_end: int, right_start: int) -> int:
    """Where the consonants between two vowel runs split: one goes right (ba-by), a
    digraph stays whole (mo-ther), otherwise the first stays left (sis-ter)."""
    between = letters[left_end:right_start]
    if len(between) <= 1:
        return left_end if between not in _KEEP_LEFT else right_start
    if between[-2:] in _DIGRAPHS and between[-2:] not in _KEEP_LEFT:
        return right_start - 2
    if between[:2] in _KEEP_LEFT or between[:2] in _DIGRAPHS:
        return left_end + 2
    if letters[right_start:] == "e" and between.endswith("l"):  # ta-ble, lit-tle
        return right_start - 2
    return left_end + 1


def split_spelling(word: str, count: int) -> list[str]:
    """Cut a spelling into `count` pieces at plausible syllable breaks.

    >>> split_spelling("mother", 2), split_spelling("idea", 3), split_spelling("hmm", 1)
    (['mo', 'ther'], ['i', 'de', 'a'], ['hmm'])
    """
    if count <= 1:
        return [word] if count == 1 else []
    letters = unicodedata.normalize("NFKD", word).encode("ascii", "replace").decode().lower()
    if len(letters) != len(word):
        letters = word.lower()
    groups = _fit_groups(_vowel_groups(letters), count, len(word))
    if not groups:  # too few letters for the sounds ("hmm" sung twice): even chunks
        size = max(1, len(word) // count)
        cuts = [min(i * size, len(word)) for i in range(count)] + [len(word)]
    else:
        cuts = [0] + [_boundary(letters, a[1], b[0]) for a, b in itertools.pairwise(groups)]
        cuts.append(len(word))
    return [word[cuts[i] : cuts[i + 1]] for i in range(count)]


def _stresses(word: str) -> list[bool] | None:
    """Stress of each syllable from the most common pronunciation; None if unsayable."""
    found = pronunciations(word)
    if not found:
        return None
    digits = [p[-1] for p in found[0] if p[-1].isdigit()] or ["1"]
    if len(digits) == 1 and word.lower().strip("'") in FUNCTION_WORDS:
        return [False]
    return [d == "1" for d in digits]


def _said_words(token: str) -> list[tuple[str, str]]:
    """(spelling to show, word to pronounce) for one whitespace-separated token."""
    parts = words(token)
    core = re.sub(r"^[^\w']+|[^\w']+$", "", unicodedata.normalize("NFKC", token))
    if len(parts) == 1 and core.lower().replace("\u2019", "'") == parts[0] and not core.isdigit():
        return [(core, parts[0])]
    said = []
    for part in parts:
        reading = number_readings(part)[0] if part.isdigit() else [part]
        said.extend((w, w) for w in reading)
    return said


def word_syllables(token: str, index: int = 0) -> list[Syllable]:
    """The sung syllables of one whitespace-separated word of a lyric line."""
    out: list[Syllable] = []
    for shown, said in _said_words(token):
        stresses = _stresses(said)
        if stresses is None:
            if any(ch.isalpha() for ch in said):
                raise SongcraftError(
                    f"'{token[:30]}' can't be sung by the melody engine: it sets English "
                    "words written in the Latin alphabet."
                )
            continue
        for text, stressed in zip(split_spelling(shown, len(stresses)), stresses, strict=True):
            out.append(Syllable(text, stressed, False, index))
    if not out:
        return []
    lead = re.match(r"^[^\w']*", token)[0]
    tail = re.search(r"[^\w']*$", token)[0]
    first = out[0]
    text = first.text
    if token[:1].isupper() and text[:1].islower():  # "Rock-and-roll" keeps its capital
        text = text[0].upper() + text[1:]
    out[0] = Syllable(lead + text, first.stressed, False, index)
    last = out[-1]
    out[-1] = Syllable(last.text + tail, last.stressed, True, index)
    return out


def syllabify(word: str) -> list[str]:
    """A word's spelling cut into as many pieces as its pronunciation has syllables."""
    return [s.text for s in word_syllables(word)]


def line_syllables(text: str) -> list[Syllable]:
    """Every sung syllable of a lyric line; emoji and punctuation are not sung."""
    return [s for i, token in enumerate(text.split()) for s in word_syllables(token, i)]
