"""Words of a lyric line and how they are said: CMUdict through `pronouncing`, numbers read
aloud, sung spellings ("runnin'", "sooo") and a spelling guess for anything else.

Emoji, punctuation and other scripts are no words here, or words with no pronunciation,
so they count as nothing and rhyme with nothing.

>>> words("Don't stop—believin'! 🎸 24/7")
["don't", 'stop', "believin'", '24', '7']
>>> pronunciations("love")
[('L', 'AH1', 'V')]
>>> sorted(syllable_counts("fire")), sorted(syllable_counts("1999")), syllable_counts("🎸")
([1, 2], [5, 9], set())
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

import pronouncing

from songcraft.lyrics.cmudict import cmudict
from songcraft.lyrics.spelling import guess_pronunciation

Phones = tuple[str, ...]

WORD_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+\.\d+"  # 1,000,000 and 3.5 are one word each
    r"|[^\W_]+(?:'[^\W_]+)*(?:(?<=in)')?"  # keeps don't and runnin'
)
SAID_SYMBOLS = {"&": " and ", "%": " percent ", "+": " plus ", "@": " at "}
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
MAX_WORD = 40  # letters; longer "words" (keyboard mashing) get no pronunciation
MAX_READINGS = 16  # pronunciations kept for a phrase or number; plenty for sung text
ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "- - twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
            "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}  # fmt: skip


def words(line: str | None) -> list[str]:
    """Lowercased words with their apostrophes, no punctuation or emoji.

    >>> words("Rock-and-roll, it's  TONITE!! R&B at 100%")
    ['rock', 'and', 'roll', "it's", 'tonite', 'r', 'and', 'b', 'at', '100', 'percent']
    """
    if not line:
        return []
    text = unicodedata.normalize("NFKC", str(line)).translate(APOSTROPHES).lower()
    for symbol, said in SAID_SYMBOLS.items():
        text = text.replace(symbol, said)
    return WORD_RE.findall(text)


def last_word(line: str | None) -> str | None:
    """The word a line ends on, the one that rhymes.

    >>> last_word("Dancing in the moonlight... 🌙"), last_word("!!!")
    ('moonlight', None)
    """
    found = words(line)
    return found[-1] if found else None


def _cardinal(n: int) -> list[str]:
    """English words for 0 <= n < 10**9, as sung: 'one hundred five', no 'and'."""
    if n < 20:
        return [ONES[n]]
    if n < 100:
        return [TENS[n // 10]] + ([ONES[n % 10]] if n % 10 else [])
    for size, name in ((10**6, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            rest = _cardinal(n % size) if n % size else []
            return _cardinal(n // size) + [name] + rest
    raise AssertionError(n)


def number_readings(digits: str) -> list[list[str]]:
    """Ways to say a number: as a count, as a year, digit by digit.

    >>> number_readings("1999")
    [['one', 'thousand', 'nine', 'hundred', 'ninety', 'nine'], ['nineteen', 'ninety', 'nine']]
    >>> number_readings("007")
    [['zero', 'zero', 'seven'], ['oh', 'oh', 'seven']]
    """
    if len(digits) > 9 or (len(digits) > 1 and digits[0] == "0"):
        spelled = [ONES[int(d)] for d in digits]
        return [spelled, [w if w != "zero" else "oh" for w in spelled]]
    n = int(digits)
    readings = [_cardinal(n)]
    if 1100 <= n <= 2099 and n % 1000:
        tail = n % 100
        said = ["hundred"] if tail == 0 else ["oh", ONES[tail]] if tail < 10 else _cardinal(tail)
        readings.append(_cardinal(n // 100) + said)
    return readings


def _digit_options(digits: str) -> list[list[Phones]]:
    """Digits after a decimal point, one by one: 3.14 is three point one four."""
    return [_word_options(ONES[int(d)]) for d in digits]


def _ordinal(word: str) -> str:
    if word in ORDINALS:
        return ORDINALS[word]
    return word[:-1] + "ieth" if word.endswith("y") else word + "th"


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") else word + ("es" if word[-1] in "sx" else "s")


def _number_options(digits: str, suffix: str) -> list[Phones]:
    """Pronunciations of '24', '1st', '90s'."""
    options: list[Phones] = []
    for reading in number_readings(digits):
        if suffix in ("st", "nd", "rd", "th"):
            reading = reading[:-1] + [_ordinal(reading[-1])]
        elif suffix == "s":
            reading = reading[:-1] + [_plural(reading[-1])]
        options.extend(_combine([_word_options(w) for w in reading]))
    return list(dict.fromkeys(options))[:MAX_READINGS]


def _combine(parts: list[list[Phones]]) -> list[Phones]:
    """Every way to say the parts in a row, the most common first, at most MAX_READINGS."""
    ways = (tuple(itertools.chain.from_iterable(c)) for c in itertools.product(*parts))
    return list(itertools.islice(ways, MAX_READINGS))


def _cmu(word: str) -> list[Phones]:
    cmudict()
    return [tuple(p.split()) for p in pronouncing.lookup.get(word, ())]


@lru_cache(maxsize=65536)
def _word_options(word: str) -> list[Phones]:
    """Pronunciations of one word of ascii letters and apostrophes."""
    for form in dict.fromkeys((word, word.strip("'"), word.replace("'", ""))):
        if found := _cmu(form):
            return found
    plain = word.replace("'", "")
    if plain.endswith("in") and (found := _cmu(plain + "g")):
        return [p[:-1] + ("N",) if p[-1] == "NG" else p for p in found]  # nothin', lovin
    squeezed = re.sub(r"(.)\1{2,}", r"\1\1", plain)
    if squeezed != plain:  # sung stretches: "sooo" is "so" or "soo", "loooove" is "love"
        once = re.sub(r"(.)\1{2,}", r"\1", plain)
        if found := list(dict.fromkeys(_cmu(once) + _cmu(squeezed))):
            return found
    if not squeezed or len(squeezed) > MAX_WORD:
        return []
    return [guess_pronunciation(squeezed)]


def _ascii(word: str) -> str | None:
    """'café' -> 'cafe'; None for other scripts and symbols."""
    if word.isascii():
        return word
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return folded if len(folded) == len(unicodedata.normalize("NFKC", word)) else None


def _token_options(token: str) -> list[list[Phones]]:
    """One word from `words` as parts in a row: '4ever' is 'four' + 'ever'."""
    plain = _ascii(token)
    if plain is None or len(plain) > 4 * MAX_WORD:
        return [[]]
    if match := re.fullmatch(r"([\d,]+)\.(\d+)|\d{1,3}(?:,\d{3})+", plain):
        whole = _number_options(plain.split(".")[0].replace(",", ""), "")
        return [whole] + ([_word_options("point"), *_digit_options(match[2])] if match[2] else [])
    if match := re.fullmatch(r"(\d+)(st|nd|rd|th|s|'s)?", plain):
        return [_number_options(match[1], (match[2] or "").replace("'", ""))]
    pieces = re.findall(r"\d+|[a-z']+", plain)
    return [_number_options(p, "") if p.isdigit() else _word_options(p) for p in pieces]


@lru_cache(maxsize=65536)
def _parts(text: str) -> tuple[tuple[Phones, ...], ...]:
    """Each word's pronunciations; one empty part when any of it is a symbol ("<nl>", "🔥")."""
    if text.isascii() and text.isalpha() and text.islower() and len(text) <= MAX_WORD:
        return (tuple(_word_options(text)),)  # the common case, kept fast for the decoder
    if len(text) > 4 * MAX_WORD or any(unicodedata.category(c)[0] == "S" for c in text):
        return ((),)
    found = [tuple(opts) for token in words(text) for opts in _token_options(token)]
    return tuple(found) if found else ((),)


def pronunciations(word: str) -> list[Phones]:
    """CMUdict phones with stress digits, most common first; [] when nothing is said.

    Words CMUdict lacks get a spelling guess; numbers are read out; a hyphenated word or
    short phrase is said part after part.

    >>> pronunciations("tonite")[0], pronunciations("blorping")
    (('T', 'AH0', 'N', 'AY1', 'T'), [('B', 'L', 'AO1', 'R', 'P', 'IH0', 'NG')])
    >>> pronunciations("привет"), pronunciations("🔥"), pronunciations("")
    ([], [], [])
    """
    if not isinstance(word, str):
        return []
    parts = _parts(word)
    if any(not options for options in parts):
        return []
    return _combine([list(options) for options in parts])


def phone_syllables(phones: Phones) -> int:
    """Vowels in a pronunciation; "hmm" (HH M) still takes one beat."""
    return max(1, sum(p[-1].isdigit() for p in phones))


@lru_cache(maxsize=65536)
def _syllable_set(text: str) -> frozenset[int]:
    totals = {0}
    for options in _parts(text):
        if not options:
            return frozenset()
        counts = {phone_syllables(p) for p in options}
        totals = {t + c for t in totals for c in counts}
    return frozenset(totals)


def syllable_counts(word: str) -> set[int]:
    """Every syllable count the word can be sung with; empty when it has no pronunciation.

    >>> sorted(syllable_counts("every")), sorted(syllable_counts("family"))
    ([2, 3], [2, 3])
    """
    if not isinstance(word, str):
        return set()
    return set(_syllable_set(word))
