"""Keys: a tonic and a mode, and spelling notes by scale step so Bb is never written A#.

Degrees are counted on the major scale of the tonic whatever the mode (pop usage: in
A minor, C is bIII and G is bVII), so a spelling depends only on the tonic's letter.

>>> key = parse_key("D major")
>>> key.spell(3, 0), key.spell(7, -1), parse_key("F major").spell(4, 0)
('F#', 'C', 'Bb')
>>> str(parse_key("eb minor")), str(parse_key("F#m"))
('Eb minor', 'F# minor')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from songcraft.chords.symbols import LETTER_PC, note_pc
from songcraft.errors import SongcraftError

LETTERS = "CDEFGAB"
MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)  # semitones above the tonic for steps 1..7
MODES = ("major", "minor")
_ACCIDENTALS = {-2: "bb", -1: "b", 0: "", 1: "#", 2: "##"}
_KEY = re.compile(r"([A-Ga-g])([#b♯♭]?)\s*(major|minor|maj|min|m|M)?", re.IGNORECASE)


@dataclass(frozen=True)
class Key:
    """A key: spelled tonic ("Eb", "F#") and mode ("major" or "minor")."""

    tonic: str
    mode: str

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise SongcraftError(f"'{self.mode}' is not a mode: use major or minor.")
        note_pc(self.tonic)

    @property
    def tonic_pc(self) -> int:
        return note_pc(self.tonic)

    def spell(self, step: int, alter: int) -> str:
        """The note on scale step 1..7, raised or lowered by `alter` from the major scale."""
        letter = LETTERS[(LETTERS.index(self.tonic[0]) + step - 1) % 7]
        target = (self.tonic_pc + MAJOR_SCALE[step - 1] + alter) % 12
        shift = (target - LETTER_PC[letter] + 6) % 12 - 6
        if shift not in _ACCIDENTALS:
            raise SongcraftError(f"Step {step} altered by {alter} cannot be spelled in {self}.")
        return letter + _ACCIDENTALS[shift]

    def step_of(self, note: str) -> tuple[int, int]:
        """(step 1..7, alteration from the major scale) of a spelled note in this key.

        >>> parse_key("A minor").step_of("F"), parse_key("C major").step_of("F#")
        ((6, -1), (4, 1))
        """
        step = (LETTERS.index(note[0]) - LETTERS.index(self.tonic[0])) % 7 + 1
        alter = (note_pc(note) - self.tonic_pc - MAJOR_SCALE[step - 1] + 6) % 12 - 6
        return step, alter

    def __str__(self) -> str:
        return f"{self.tonic} {self.mode}"


# The 24 keys with their usual spellings (six sharps for F# major, six flats for Eb minor).
MAJOR_TONICS = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
MINOR_TONICS = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B")
KEYS: tuple[Key, ...] = tuple(Key(t, "major") for t in MAJOR_TONICS) + tuple(
    Key(t, "minor") for t in MINOR_TONICS
)
KEY_NAMES = tuple(str(k) for k in KEYS)


def parse_key(text: str) -> Key:
    """Read a key as writers type it: "Eb major", "F# minor", "Am", "C", "bb minor".

    A tonic alone means major; any enharmonic spelling is kept (Gb major, D# minor).
    """
    if not isinstance(text, str) or not text.strip():
        raise SongcraftError("The key is empty: type a key such as 'C major' or 'A minor'.")
    cleaned = text.strip()
    match = _KEY.fullmatch(cleaned)
    if not match:
        raise SongcraftError(
            f"'{cleaned[:30]}' is not a key: type a tonic A to G, then major or "
            "minor (e.g. 'Eb major', 'F# minor')."
        )
    letter, accidental, mode = match.groups()
    accidental = accidental.replace("♯", "#").replace("♭", "b")
    mode_word = (mode or "major").lower()
    minor = mode_word in ("minor", "min") or mode == "m"
    return Key(letter.upper() + accidental, "minor" if minor else "major")
