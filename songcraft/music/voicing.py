"""Piano voicings with voice leading: the audition sounds like a player, not a chord chart.

Each chord gets a bass note (root or slash bass, left hand) and four upper voices (right hand).
From one chord to the next the upper voices move to the nearest tones of the new chord: every
spacing of the new chord's tones within the right hand's range is tried, and the one with the
smallest total motion wins, with a penalty for parallel fifths and octaves and for drifting
away from the middle of the keyboard.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from songcraft.chords.symbols import ChordSymbol, parse_chord

UPPER_VOICES = 4  # right-hand notes per chord: enough for a seventh, doubled root for triads
UPPER_RANGE = (52, 79)  # E3..G5: where a pianist's right hand comps
BASS_RANGE = (36, 50)  # C2..D3: low enough to stay clear of the right hand
BASS_HOME = 43  # G2: the first bass note sits near here
UPPER_HOME = 66  # F#4: the first chord centres here, and later ones are pulled gently back
MAX_SPAN = 16  # semitones between lowest and highest upper voice (a comfortable hand)
# Parallel motion costs as much as this many semitones of extra movement: fifths stand out
# (the "clump" a chord chart played in blocks makes); octaves from a doubled root less so.
PARALLEL_PENALTY = {7: 6.0, 0: 2.0}
DRIFT_PENALTY = 0.25  # per semitone the voicing's centre strays from UPPER_HOME


@dataclass(frozen=True)
class Voicing:
    """MIDI notes of one chord as played: a bass note and the upper voices, low to high."""

    bass: int
    upper: tuple[int, ...]

    @property
    def notes(self) -> tuple[int, ...]:
        return (self.bass, *self.upper)


def upper_tones(chord: ChordSymbol) -> tuple[int, ...]:
    """The pitch classes the right hand must cover: at most UPPER_VOICES of them.

    Big chords drop the perfect fifth, then the root (the bass has it); an eleventh chord
    gives up its major third for the fifth (C11 sounds as Gm7 over C).

    >>> upper_tones(parse_chord("C13")), upper_tones(parse_chord("C11"))
    ((4, 10, 2, 9), (7, 10, 2, 5))
    >>> upper_tones(parse_chord("G"))
    (7, 11, 2)
    """
    steps = list(chord.intervals())
    for drop in (7, 0):
        if len(steps) > UPPER_VOICES and drop in steps:
            steps.remove(drop)
    steps = steps[-UPPER_VOICES:]
    if 4 in steps and 17 in steps:
        steps[steps.index(4)] = 7
    return tuple((chord.root_pc + s) % 12 for s in steps)


def tone_sets(chord: ChordSymbol) -> list[tuple[int, ...]]:
    """Ways to fill all UPPER_VOICES: the chord's tones, doubling the root or fifth (never
    the third, which sounds thick), root doubling first.

    >>> tone_sets(parse_chord("C"))
    [(0, 4, 7, 0), (0, 4, 7, 7)]
    """
    core = upper_tones(chord)
    doubles = [chord.root_pc] + [(chord.root_pc + 7) % 12] * (7 in chord.intervals())
    missing = UPPER_VOICES - len(core)
    return [core + extra for extra in itertools.combinations_with_replacement(doubles, missing)]


def _spacings(tones: tuple[int, ...], span: int = MAX_SPAN) -> list[tuple[int, ...]]:
    """Every way to place the tones in the right hand's range, within `span` semitones."""
    low, high = UPPER_RANGE
    choices = [[p for p in range(low, high + 1) if p % 12 == tone] for tone in tones]
    found = set()
    for combo in itertools.product(*choices):
        voices = tuple(sorted(combo))
        if len(set(voices)) == len(voices) and voices[-1] - voices[0] <= span:
            found.add(voices)
    return sorted(found)


def _parallels(before: tuple[int, ...], after: tuple[int, ...]) -> float:
    """The penalty for voice pairs moving in parallel fifths or octaves.

    >>> _parallels((55, 62), (57, 64)), _parallels((55, 62), (57, 61))
    (6.0, 0)
    """
    penalty = 0
    for i, j in itertools.combinations(range(len(before)), 2):
        was, now = (before[j] - before[i]) % 12, (after[j] - after[i]) % 12
        moves = after[i] - before[i], after[j] - before[j]
        if was == now and was in PARALLEL_PENALTY and moves[0] != 0 and moves[0] == moves[1]:
            penalty += PARALLEL_PENALTY[was]
    return penalty


def motion(before: Sequence[int], after: Sequence[int]) -> int:
    """Total semitones the voices move, voice by voice (both sorted low to high).

    >>> motion((60, 64, 67), (59, 62, 67))
    3
    """
    return sum(abs(a - b) for a, b in zip(sorted(before), sorted(after), strict=True))


def _cost(before: tuple[int, ...] | None, after: tuple[int, ...]) -> float:
    drift = abs(sum(after) / len(after) - UPPER_HOME) * DRIFT_PENALTY
    if before is None:
        return drift
    return motion(before, after) + _parallels(before, after) + drift


def _bass_note(pc: int, previous: int | None) -> int:
    """The bass pitch of class `pc` near the previous bass note, pulled back towards BASS_HOME
    so a long run of rising roots doesn't climb out of the bass."""
    target = BASS_HOME if previous is None else previous
    options = [p for p in range(BASS_RANGE[0], BASS_RANGE[1] + 1) if p % 12 == pc]
    return min(options, key=lambda p: (abs(p - target) + 0.6 * abs(p - BASS_HOME), p))


def voice_chord(chord: ChordSymbol, previous: Voicing | None = None) -> Voicing:
    """Voice one chord, led smoothly from `previous` (or centred when there is none)."""
    before = previous.upper if previous else None
    spacings = [v for tones in tone_sets(chord) for v in _spacings(tones)]
    if not spacings:  # C5 doubled twice needs C G C G, wider than a hand: use two
        spacings = [v for tones in tone_sets(chord) for v in _spacings(tones, span=24)]
    upper = min(spacings, key=lambda v: (_cost(before, v), v))
    bass_pc = chord.bass_pc if chord.bass_pc is not None else chord.root_pc
    return Voicing(_bass_note(bass_pc, previous.bass if previous else None), upper)


def voice_progression(chords: Sequence[ChordSymbol | None]) -> list[Voicing | None]:
    """Voice a progression in order; N.C. (None) stays silent and the next chord leads on."""
    voicings: list[Voicing | None] = []
    previous: Voicing | None = None
    for chord in chords:
        if chord is None:
            voicings.append(None)
            continue
        previous = voice_chord(chord, previous)
        voicings.append(previous)
    return voicings


def voice_symbols(symbols: Sequence[str]) -> list[Voicing | None]:
    """Parse typed symbols and voice them; repeated symbols are parsed once."""
    parsed: dict[str, ChordSymbol | None] = {}
    for symbol in symbols:
        if symbol not in parsed:
            parsed[symbol] = parse_chord(symbol)
    return voice_progression([parsed[s] for s in symbols])


def root_position(chord: ChordSymbol) -> Voicing:
    """The naive voicing a chord chart implies: the right-hand tones stacked up from the root
    above middle C, repeated tones an octave up; the yardstick voice leading is measured by."""
    upper: list[int] = []
    for step in sorted((pc - chord.root_pc) % 12 for pc in tone_sets(chord)[0]):
        note = 60 + chord.root_pc + step
        upper.append(note + 12 if note in upper else note)
    bass_pc = chord.bass_pc if chord.bass_pc is not None else chord.root_pc
    return Voicing(_bass_note(bass_pc, None), tuple(sorted(upper)))
