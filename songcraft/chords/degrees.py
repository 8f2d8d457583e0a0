"""Chord symbols <-> key-relative degrees and roman numerals, in any key.

A `Degree` is a chord seen from its key: the scale step of its root (1..7) with an
alteration from the major scale, its quality, and its bass as a step when it is not the
root. Roman numerals follow pop and classical usage at once: case shows the third,
alterations are counted from the major scale in both modes (bVI, bVII in minor),
inversions of triads and sevenths use figured bass (I6, V65, ii42), other slash chords
name the bass step (IV/5), and dominant sevenths on chromatic roots read as secondary
dominants (V7/V).

>>> key = parse_key("C major")
>>> [degree_from_symbol(parse_chord(s), key).roman(key.mode) for s in ("Dm7", "D7", "F/G", "Fm/Ab")]
['ii7', 'V7/V', 'IV/5', 'iv6']
>>> str(symbol_from_degree(parse_roman("bVII", "major"), parse_key("F major")))
'Eb'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from songcraft.chords.keys import MAJOR_SCALE, Key, parse_key
from songcraft.chords.symbols import LETTER_PC, QUALITIES, ChordSymbol, note_pc, parse_chord
from songcraft.errors import SongcraftError

NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII")
MINOR_THIRD = {"m", "dim", "m6", "madd9", "m7", "mMaj7", "m7b5", "dim7", "m9", "m11", "m13"}
DIMINISHED = {"dim", "dim7", "m7b5"}
TRIADS = {"", "m", "dim", "aug"}
SEVENTHS = {"7", "maj7", "m7", "mMaj7", "m7b5", "dim7", "aug7"}
DOMINANTS = {"7", "9", "13", "7b9", "7#9", "7b5"}
# Quality -> how a roman numeral writes it after the numeral (case carries the third).
ROMAN_SUFFIX = {
    "": "",
    "m": "",
    "dim": "°",
    "aug": "+",
    "5": "5",
    "sus2": "sus2",
    "sus4": "sus4",
    "6": "add6",
    "m6": "add6",
    "6/9": "69",
    "add9": "add9",
    "madd9": "add9",
    "7": "7",
    "maj7": "maj7",
    "m7": "7",
    "mMaj7": "maj7",
    "m7b5": "ø7",
    "dim7": "°7",
    "aug7": "+7",
    "7sus4": "7sus4",
    "7b5": "7b5",
    "7b9": "7b9",
    "7#9": "7#9",
    "9": "9",
    "maj9": "maj9",
    "m9": "9",
    "9sus4": "9sus4",
    "11": "11",
    "m11": "11",
    "13": "13",
    "maj13": "maj13",
    "m13": "13",
}
TRIAD_FIGURES = ("", "6", "64")
SEVENTH_FIGURES = ("7", "65", "43", "42")
# Roots whose dominant seventh reads as V7 of the chord a fifth below (D7 in C is V7/V);
# I7, IV7 and bVII7 in major stay as they are, as blues and rock writers name them.
SECONDARY_TARGETS = {
    "major": {(2, 0): "V", (3, 0): "vi", (6, 0): "ii", (7, 0): "iii"},
    "minor": {(1, 0): "iv", (2, 0): "V", (7, -1): "bIII", (3, -1): "bVI"},
}
_ACC = {-2: "bb", -1: "b", 0: "", 1: "#", 2: "##"}
_ROMAN = re.compile(
    r"(?P<acc>bb|b|##|#)?(?P<num>VII|VI|V|IV|III|II|I|vii|vi|v|iv|iii|ii|i)(?P<rest>[^/]*)"
    r"(?:/(?P<bass>(?:bb|b|##|#)?[1-7]))?(?:/(?P<target>(?:b|#)?(?:VII|VI|V|IV|III|II|I"
    r"|vii|vi|v|iv|iii|ii|i)))?"
)


def _wrap(semitones: int) -> int:
    return (semitones + 6) % 12 - 6


def step_pc(step: int, alter: int) -> int:
    """Semitones above the tonic of an altered scale step."""
    return (MAJOR_SCALE[step - 1] + alter) % 12


@dataclass(frozen=True)
class Degree:
    """A chord relative to its key: root step and alteration, quality, bass step or None."""

    step: int  # 1..7, scale step of the root
    alter: int  # semitones from the major scale: -1 for bVII, +1 for #iv
    quality: str  # canonical quality (a key of QUALITIES)
    bass: tuple[int, int] | None = None  # (step, alter) of a bass that is not the root

    @property
    def offset(self) -> int:
        """Semitones from the tonic to the root, 0..11."""
        return step_pc(self.step, self.alter)

    @property
    def bass_offset(self) -> int | None:
        return None if self.bass is None else step_pc(*self.bass)

    def roman(self, mode: str = "major") -> str:
        """Roman numeral, e.g. 'V65/V', 'bVII', 'iv6', 'IV/5'."""
        inversion = self._inversion()
        base, tail = self, ""
        targets = SECONDARY_TARGETS[mode]
        if (
            self.quality in DOMINANTS
            and (self.step, self.alter) in targets
            and (self.bass is None or inversion)
        ):
            tail = "/" + targets[(self.step, self.alter)]
            base = Degree(5, 0, self.quality, self.bass)
        head = _numeral(base.step, base.alter, base.quality)
        if inversion is not None:
            return head + _figure(self.quality, inversion) + tail
        bass = "" if self.bass is None else "/" + _ACC[self.bass[1]] + str(self.bass[0])
        return head + ROMAN_SUFFIX[self.quality] + bass + tail

    def _inversion(self) -> int | None:
        """0 in root position, 1..3 for a chord-tone bass of a triad or seventh, else None."""
        if self.bass is None:
            return 0
        if self.quality not in TRIADS | SEVENTHS:
            return None
        tones = [i % 12 for i in QUALITIES[self.quality]]
        interval = (self.bass_offset - self.offset) % 12
        return tones.index(interval) if interval in tones[1:] else None


def _numeral(step: int, alter: int, quality: str) -> str:
    numeral = NUMERALS[step - 1]
    if alter not in _ACC:
        raise SongcraftError(f"Scale step {step} altered by {alter} semitones has no numeral.")
    return _ACC[alter] + (numeral.lower() if quality in MINOR_THIRD else numeral)


def _figure(quality: str, inversion: int) -> str:
    suffix = ROMAN_SUFFIX[quality]
    if quality in SEVENTHS:
        return suffix[:-1] + SEVENTH_FIGURES[inversion]
    return suffix + TRIAD_FIGURES[inversion]


def degree_from_symbol(chord: ChordSymbol, key: Key) -> Degree:
    """The degree of a spelled chord in a key, keeping the writer's spelling (C# vs Db)."""
    step, alter = key.step_of(chord.root)
    bass = None if chord.bass is None else key.step_of(chord.bass)
    return Degree(step, alter, chord.quality, bass)


def symbol_from_degree(degree: Degree, key: Key, simplify: bool = True) -> ChordSymbol:
    """Spell a degree in a key: root and bass letters follow the scale steps.

    With `simplify`, a double sharp or flat (bVI of Db major is Bbb) is written as the
    plain note a chart would show (A); the degree itself is unchanged.

    >>> str(symbol_from_degree(Degree(6, -1, ""), parse_key("Db major")))
    'A'
    """
    root = key.spell(degree.step, degree.alter)
    bass = None if degree.bass is None else key.spell(*degree.bass)
    if simplify:
        root, bass = _plain(root), None if bass is None else _plain(bass)
    return ChordSymbol(root, degree.quality, bass)


def _plain(note: str) -> str:
    """B## -> C#, Bbb -> A, F## -> G; single accidentals are kept."""
    if not note.endswith(("##", "bb")):
        return note
    pc = note_pc(note)
    for letter, letter_pc in LETTER_PC.items():
        if letter_pc == pc:
            return letter
    sharp = note.endswith("##")
    return next(
        letter + ("#" if sharp else "b")
        for letter, letter_pc in LETTER_PC.items()
        if (letter_pc + (1 if sharp else -1)) % 12 == pc
    )


@cache
def _suffix_table() -> dict[tuple[bool, str], tuple[str, int | None]]:
    """(lower-case numeral?, text after the numeral) -> (quality, inversion) for every form."""
    table: dict[tuple[bool, str], tuple[str, int | None]] = {}
    for quality, suffix in ROMAN_SUFFIX.items():
        lower = quality in MINOR_THIRD
        table[(lower, suffix)] = (quality, 0)
        if quality in TRIADS | SEVENTHS:
            for inversion in range(1, 4 if quality in SEVENTHS else 3):
                table[(lower, _figure(quality, inversion))] = (quality, inversion)
    return table


def parse_roman(text: str, mode: str = "major") -> Degree:
    """Read a roman numeral as `Degree.roman` writes it (also 'o' for '°', 'V7/V')."""
    cleaned = text.strip().replace("o", "°")
    match = _ROMAN.fullmatch(cleaned)
    if not match:
        raise SongcraftError(
            f"'{text[:30]}' is not a roman numeral Songcraft can read "
            "(e.g. I, ii7, V7/V, bVII, iv6)."
        )
    num, rest = match.group("num"), match.group("rest")
    rest = "ø7" if rest == "ø" else rest
    entry = _suffix_table().get((num.islower(), rest))
    if entry is None:
        raise SongcraftError(
            f"'{text[:30]}': '{rest}' after {num} is not a chord Songcraft knows in roman numerals."
        )
    quality, inversion = entry
    step = NUMERALS.index(num.upper()) + 1
    alter = {"": 0, "b": -1, "bb": -2, "#": 1, "##": 2}[match.group("acc") or ""]
    if match.group("target"):
        step, alter = _apply_target(step, alter, match.group("target"))
    degree = Degree(step, alter, quality)
    if match.group("bass"):
        bass_text = match.group("bass")
        bass_alter = {"": 0, "b": -1, "bb": -2, "#": 1, "##": 2}[bass_text[:-1]]
        return replace(degree, bass=(int(bass_text[-1]), bass_alter))
    return _invert(degree, inversion) if inversion else degree


def _apply_target(step: int, alter: int, target: str) -> tuple[int, int]:
    """The root of a numeral read in the key of `target` (V of V is II)."""
    target_degree = parse_roman(target)
    new_step = (target_degree.step + step - 2) % 7 + 1
    pc = target_degree.offset + step_pc(step, alter)
    return new_step, _wrap(pc - MAJOR_SCALE[new_step - 1])


def _invert(degree: Degree, inversion: int) -> Degree:
    interval = QUALITIES[degree.quality][inversion]
    return replace(degree, bass=tone_step(degree, interval))


def tone_step(degree: Degree, interval: int) -> tuple[int, int]:
    """(step, alter) of the chord tone `interval` semitones above the root, spelled by letter."""
    interval %= 12
    letters = {0: 0, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 7: 4, 9: 5, 10: 6, 11: 6}
    if interval == 6:
        letter = 4 if "b5" in degree.quality or degree.quality in DIMINISHED else 3
    elif interval == 8:
        letter = 4 if degree.quality in ("aug", "aug7") else 5
    else:
        letter = letters[interval]
    step = (degree.step - 1 + letter) % 7 + 1
    return step, _wrap(degree.offset + interval - MAJOR_SCALE[step - 1])


def roman_of(symbol: str, key: str) -> str:
    """Convenience for the app: 'D7', 'C major' -> 'V7/V'."""
    parsed_key = parse_key(key)
    chord = parse_chord(symbol)
    return "N.C." if chord is None else degree_from_symbol(chord, parsed_key).roman(parsed_key.mode)
