"""Rhyme and syllable helpers for lyric writing and constrained decoding: the one module the
rest of Songcraft imports for them.

Words come from `pronounce` (CMUdict, numbers, spelling guesses), rhymes from `rhyme`;
this module adds what works on whole lines: syllable ranges, and rhyme schemes as a writer
types them ("ABAB") or as they are heard in a verse.

>>> line_syllables("Every fire needs a spark")
(6, 8)
>>> syllable_count("Every fire needs a spark"), fits_syllables("Every fire needs a spark", 9)
(8, True)
>>> parse_rhyme_scheme("abab"), parse_rhyme_scheme("free")
('ABAB', None)
>>> detect_rhyme_scheme(["I saw you in the night", "a candle burning bright",
...                      "you never said a word", "the sweetest thing I heard"])
'AABB'
"""

from __future__ import annotations

from songcraft.errors import SongcraftError
from songcraft.lyrics.pronounce import (
    last_word,
    number_readings,
    phone_syllables,
    pronunciations,
    syllable_counts,
    words,
)
from songcraft.lyrics.rhyme import (
    STRICTNESS,
    RhymeIndex,
    dictionary_index,
    find_rhymes,
    is_identical_rhyme,
    rhyme_part,
    rhymes_with,
)

__all__ = [
    "STRICTNESS", "RhymeIndex", "counted_lines", "detect_rhyme_scheme", "dictionary_index",
    "find_rhymes", "fits_syllables", "is_identical_rhyme", "last_word", "line_syllables",
    "number_readings", "parse_rhyme_scheme", "phone_syllables", "pronunciations", "rhyme_part",
    "rhymes_with", "syllable_count", "syllable_counts", "words", "MAX_SCHEME", "FREE_SCHEMES",
    "PRESETS", "NAMED_SCHEMES",
]  # fmt: skip

MAX_SCHEME = 16  # letters; a rhyme scheme covers one stanza
MAX_DETECT_LINES = 400  # lines; detection compares each line with the sounds before it
FREE_SCHEMES = ("", "free", "freeverse", "none", "norhyme", "off", "-")  # no rhyme constraint
PRESETS = ("AABB", "ABAB", "ABCB", "AAAA")  # shown to writers; any letter string works
NAMED_SCHEMES = {"COUPLETS": "AABB", "ALTERNATE": "ABAB", "BALLAD": "ABCB", "MONORHYME": "AAAA"}


def line_syllables(line: str) -> tuple[int, int]:
    """Fewest and most syllables the line can be sung with, over every pronunciation.

    Numbers are read out ("24" is twenty-four), hyphenated words count each part, and
    punctuation, emoji and words in other scripts count as nothing.

    >>> line_syllables("Twenty-four hours, 24 hours 🔥")
    (8, 10)
    """
    low = high = 0
    for word in words(line):
        counts = syllable_counts(word)
        if counts:
            low += min(counts)
            high += max(counts)
    return low, high


def counted_lines(text: str) -> list[str]:
    """Each non-blank line after its syllables, as a range where readings differ.

    >>> counted_lines("I left the light on\\n\\nfire")
    ['    5  I left the light on', '  1-2  fire']
    """
    rows = []
    for line in text.splitlines():
        if line.strip():
            low, high = line_syllables(line)
            rows.append(f"{low if low == high else f'{low}-{high}':>5}  {line.strip()}")
    return rows


def syllable_count(line: str) -> int:
    """Syllables in the most common reading (each word's first pronunciation).

    >>> syllable_count("Our family's on fire")
    8
    """
    total = 0
    for word in words(line):
        found = pronunciations(word)
        if found:
            total += phone_syllables(found[0])
    return total


def fits_syllables(line: str, target: int, tolerance: int = 1) -> bool:
    """Whether some reading of the line lands within `tolerance` of `target` syllables.

    >>> fits_syllables("I hold on tonight", 7), fits_syllables("I hold on tonight", 6)
    (False, True)
    """
    if tolerance < 0:
        raise SongcraftError(f"a syllable tolerance is 0 or more, not {tolerance}")
    low, high = line_syllables(line)
    return low <= target + tolerance and high >= target - tolerance


def parse_rhyme_scheme(text: str | None) -> str | None:
    """A rhyme scheme as typed ("abab", "A A B B", "couplets") -> "ABAB"; None for free verse.

    >>> parse_rhyme_scheme(" aa bb "), parse_rhyme_scheme(None)
    ('AABB', None)
    >>> parse_rhyme_scheme("AXB1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    songcraft.errors.SongcraftError: rhyme scheme 'AXB1' has '1': use letters A to Z, ...
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise SongcraftError(f"a rhyme scheme is text like ABAB, not {type(text).__name__}")
    scheme = "".join(text.split()).upper()
    if scheme.lower() in FREE_SCHEMES:
        return None
    if scheme in NAMED_SCHEMES:
        return NAMED_SCHEMES[scheme]
    shown = text.strip() if len(text.strip()) <= 24 else text.strip()[:20] + "..."
    odd = [c for c in dict.fromkeys(scheme) if not ("A" <= c <= "Z")]
    if odd:
        listed = "".join(odd[:5])
        raise SongcraftError(
            f"rhyme scheme {shown!r} has {listed!r}: use letters A to Z, like ABAB or AABB, "
            "or 'free' for no rhyme"
        )
    if len(scheme) > MAX_SCHEME:
        raise SongcraftError(
            f"rhyme scheme {shown!r} has {len(scheme)} letters; a scheme covers one stanza, "
            f"at most {MAX_SCHEME} lines"
        )
    return scheme


def _scheme_line(line: str) -> bool:
    """Lines that take part in a rhyme scheme: not blank, not a [Chorus] label."""
    stripped = line.strip()
    return bool(stripped) and not (stripped.startswith("[") and stripped.endswith("]"))


def detect_rhyme_scheme(lines: list[str] | str, strictness: str = "slant") -> str:
    """The rhyme scheme heard in a block of lyrics, one letter per non-blank line.

    A line takes the letter of the first earlier group it rhymes with; a repeated end word
    joins its group too, as the ear hears it. Lines that end on no word get a letter alone.

    >>> detect_rhyme_scheme("Hold me close\\n\\nlet me go\\nsay my name\\nyou know")
    'AABA'
    """
    if strictness not in STRICTNESS:
        raise SongcraftError(f"rhyme strictness {strictness!r}: choose 'perfect' or 'slant'")
    if isinstance(lines, str):
        lines = lines.splitlines()
    lines = [line for line in lines if isinstance(line, str) and _scheme_line(line)]
    if len(lines) > MAX_DETECT_LINES:
        raise SongcraftError(
            f"{len(lines)} lines is more than a verse: detect the rhyme scheme one verse at a "
            f"time (at most {MAX_DETECT_LINES} lines)"
        )
    groups: list[set[str]] = []  # the distinct end words heard for each letter
    letters = []
    for line in lines:
        end = last_word(line)
        heard = [n for n, group in enumerate(groups) if end and _joins(end, group, strictness)]
        if heard:
            groups[heard[0]].add(end)
        elif len(groups) == 26:
            raise SongcraftError(
                "these lines end on more than 26 different sounds, more than the letters "
                "A to Z: detect the rhyme scheme one verse at a time"
            )
        else:
            groups.append({end} if end else set())
        letters.append(heard[0] if heard else len(groups) - 1)
    return "".join(chr(ord("A") + n) for n in letters)


def _joins(end: str, group: set[str], strictness: str) -> bool:
    return end in group or any(_sounds_alike(end, other, strictness) for other in group)


def _sounds_alike(a: str, b: str, strictness: str) -> bool:
    return rhymes_with(a, b, strictness) or (bool(pronunciations(a)) and is_identical_rhyme(a, b))
