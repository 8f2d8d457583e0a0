"""Melody tokens: key-relative pitch, duration, position in the bar, chord and meter.

Time is counted in sixteenth notes from the first bar line, so a 4/4 bar is 16 steps and a
6/8 bar 12. Each note is three tokens: its position in the bar (`@0`..`@31`), its length
(`d1`..`d32`) and its pitch in semitones from the tonic reference (`p-18`..`p30`) or `rest`.
A chord token (`h7_7` is a dominant seventh on the fifth degree) comes before the first note
that sounds under a new chord; a meter token (`M6/8`) starts every tune. The inventory is
fixed, so a model's vocabulary never depends on what one corpus happened to contain.

>>> vocab = Vocabulary()
>>> encode_notes("4/4", [(0, 4, 0, "h0"), (4, 4, 4, None), (8, 8, None, "h7_7")])
['M4/4', 'h0', '@0', 'd4', 'p0', '@4', 'd4', 'p4', 'h7_7', '@8', 'd8', 'rest']
>>> vocab.id("p0") > 0
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from songcraft.errors import SongcraftError

PAD = "<pad>"
REST = "rest"
NO_CHORD = "hNC"
METERS = ("2/4", "3/4", "4/4", "2/2", "3/2", "4/2", "6/4", "3/8", "6/8", "9/8", "12/8")
MODES = ("major", "minor", "dorian", "mixolydian", "lydian", "phrygian", "locrian")
SCALES = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
}
MAX_POSITION = 32  # sixteenths in the longest bar the corpus keeps (4/2)
MAX_DURATION = 32  # the longest single note token; longer rests are split
PITCH_LOW, PITCH_HIGH = -18, 30  # semitones around the tonic reference the corpus keeps
CHORD_KINDS = ("", "m", "_7", "o", "+", "s")  # major, minor, dominant 7, diminished, aug, sus

# Canonical chord qualities (songcraft.chords.symbols.QUALITIES) grouped into CHORD_KINDS.
_KIND_OF_QUALITY = {
    **dict.fromkeys(("m", "m6", "madd9", "m7", "m9", "m11", "m13", "mMaj7"), "m"),
    **dict.fromkeys(("7", "9", "11", "13", "7b9", "7#9", "7b5"), "_7"),
    **dict.fromkeys(("dim", "dim7", "m7b5"), "o"),
    **dict.fromkeys(("aug", "aug7"), "+"),
    **dict.fromkeys(("sus2", "sus4", "7sus4", "9sus4"), "s"),
}


def all_tokens() -> list[str]:
    """Every token a melody model knows, padding first."""
    tokens = [PAD, REST, NO_CHORD]
    tokens += [f"M{m}" for m in METERS]
    tokens += [f"@{p}" for p in range(MAX_POSITION)]
    tokens += [f"d{d}" for d in range(1, MAX_DURATION + 1)]
    tokens += [f"p{p}" for p in range(PITCH_LOW, PITCH_HIGH + 1)]
    tokens += [f"h{root}{kind}" for root in range(12) for kind in CHORD_KINDS]
    return tokens


class Vocabulary:
    """Token <-> id, with the id ranges the decoder masks over."""

    def __init__(self, tokens: Sequence[str] | None = None):
        self.tokens = list(tokens) if tokens is not None else all_tokens()
        if not self.tokens or self.tokens[0] != PAD:
            raise SongcraftError("A melody vocabulary must start with the padding token.")
        self.index = {t: i for i, t in enumerate(self.tokens)}

    def __len__(self) -> int:
        return len(self.tokens)

    def id(self, token: str) -> int:
        try:
            return self.index[token]
        except KeyError:
            raise SongcraftError(f"'{token}' is not a melody token this model knows.") from None

    def encode(self, tokens: Iterable[str]) -> list[int]:
        return [self.id(t) for t in tokens]

    def duration_id(self, sixteenths: int) -> int:
        return self.id(f"d{min(max(sixteenths, 1), MAX_DURATION)}")

    def position_id(self, position: int) -> int:
        return self.id(f"@{min(position, MAX_POSITION - 1)}")

    def pitch_id(self, relative: int | None) -> int:
        """Id of a pitch given in semitones from the tonic reference (None = rest)."""
        if relative is None:
            return self.id(REST)
        return self.id(f"p{min(max(relative, PITCH_LOW), PITCH_HIGH)}")


def meter_token(time_signature: str) -> str:
    """The meter token for a time signature; unusual ones use the nearest common meter.

    >>> meter_token("6/8"), meter_token("5/4"), meter_token("7/8")
    ('M6/8', 'M4/4', 'M6/8')
    """
    if time_signature in METERS:
        return f"M{time_signature}"
    unit = time_signature.split("/")[-1]
    return {"8": "M6/8", "2": "M2/2"}.get(unit, "M4/4")


def units_per_beat(beat_unit: int) -> int:
    """Sixteenths in one beat of the time signature's lower number.

    >>> units_per_beat(4), units_per_beat(8), units_per_beat(2)
    (4, 2, 8)
    """
    if beat_unit not in (1, 2, 4, 8, 16):
        raise SongcraftError(f"A beat unit of {beat_unit} is not one Songcraft can use.")
    return 16 // beat_unit


def beat_group(beats: int, beat_unit: int) -> int:
    """Sixteenths in one felt beat: a dotted quarter in 6/8, 9/8 and 12/8, else one beat.

    >>> beat_group(6, 8), beat_group(3, 8), beat_group(4, 4)
    (6, 2, 4)
    """
    upb = units_per_beat(beat_unit)
    if beat_unit == 8 and beats % 3 == 0 and beats > 3:
        return 3 * upb
    return upb


def strong_positions(beats: int, beat_unit: int) -> tuple[int, ...]:
    """Positions (sixteenths into the bar) of the strong beats: the downbeat and, in bars of
    two or four felt beats, the middle; 5 and 7 beats split 3+2 and 4+3.

    >>> strong_positions(4, 4), strong_positions(3, 4), strong_positions(6, 8)
    ((0, 8), (0,), (0, 6))
    >>> strong_positions(2, 4), strong_positions(5, 4), strong_positions(12, 8)
    ((0, 4), (0, 12), (0, 12))
    """
    group = beat_group(beats, beat_unit)
    groups = beats * units_per_beat(beat_unit) // group
    second = {2: 1, 4: 2, 5: 3, 7: 4, 6: 3, 8: 4}.get(groups)
    return (0,) if second is None else (0, second * group)


def chord_token(root_pc: int, quality: str, tonic_pc: int) -> str:
    """The key-relative token of a chord (its root in semitones above the tonic).

    >>> chord_token(7, "7", 0), chord_token(9, "m7", 0), chord_token(2, "maj7", 2)
    ('h7_7', 'h9m', 'h0')
    """
    return f"h{(root_pc - tonic_pc) % 12}{_KIND_OF_QUALITY.get(quality, '')}"


def tonic_reference(tonic_pc: int, center: float) -> int:
    """MIDI number of the tonic that pitch tokens count from: the one nearest a fourth or
    so below `center` (a tune's median pitch, or the middle of a singer's range), so a
    melody sits at about the same token numbers whatever its register.

    >>> tonic_reference(0, 68), tonic_reference(7, 68), tonic_reference(9, 48)
    (60, 67, 45)
    """
    target = center - 5
    below = int(target - ((target - tonic_pc) % 12))
    return below if target - below <= 6 else below + 12


def encode_notes(
    time_signature: str,
    notes: Iterable[tuple[int, int, int | None, str | None]],
) -> list[str]:
    """Tokens for (start, length, relative pitch or None, chord token or None) notes.

    `start` counts sixteenths from the first bar line; the position token is the start
    within its bar. A chord token is written only when the chord changes.
    """
    beats, unit = (int(x) for x in time_signature.split("/"))
    bar = beats * units_per_beat(unit)
    tokens, chord = [meter_token(time_signature)], None
    for start, length, pitch, harmony in notes:
        if harmony is not None and harmony != chord:
            tokens.append(harmony)
            chord = harmony
        tokens.append(f"@{min(start % bar, MAX_POSITION - 1)}")
        tokens.append(f"d{min(length, MAX_DURATION)}")
        tokens.append(REST if pitch is None else f"p{min(max(pitch, PITCH_LOW), PITCH_HIGH)}")
    return tokens
