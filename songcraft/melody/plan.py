"""What a section asks of its melody: the bar grid, the chords in time, the syllables to
set line by line, the singer's range, and the notes kept from locked bars.

Time is in sixteenths from the section's start. Each line is one phrase; a line is cut into
segments: free ones the decoder fills with one note per syllable (two for a melisma), and
locked ones whose notes are kept as they are.

Documented behaviour for odd input:
- a line with nothing to sing (empty, emoji, punctuation) gets one rest under its chords;
  a section with nothing to sing at all is refused;
- a line with more syllables than sixteenths in its chords is refused, with the numbers;
- a line without chords lasts whole bars, about one syllable a beat, over N.C.;
- a vocal range narrower than a fifth (one note, say) is refused: a fifth is the least
  range that holds a tone of every chord;
- words in other scripts are refused; numbers are sung as words ("twen-ty-four").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from songcraft.chords.symbols import parse_chord
from songcraft.errors import SongcraftError
from songcraft.melody.syllables import Syllable, line_syllables
from songcraft.melody.tokens import (
    NO_CHORD,
    SCALES,
    beat_group,
    chord_token,
    strong_positions,
    tonic_reference,
    units_per_beat,
)
from songcraft.music.song import Line, Note, Song, parse_key

VOICES = {  # comfortable ranges as MIDI numbers (C4 = 60)
    "auto": (60, 76),  # C4-E5: most untrained voices sing this
    "soprano": (60, 79),  # C4-G5
    "alto": (55, 72),  # G3-C5
    "tenor": (48, 67),  # C3-G4
    "baritone": (45, 64),  # A2-E4
    "bass": (40, 60),  # E2-C4
}
MIN_RANGE = 7  # semitones: a fifth holds a tone of every chord
_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


def note_name(midi: int) -> str:
    """Scientific pitch name of a MIDI number, flats for black keys.

    >>> note_name(60), note_name(70)
    ('C4', 'Bb4')
    """
    return f"{_NAMES[midi % 12]}{midi // 12 - 1}"


def voice_range(voice: str | tuple[int, int]) -> tuple[int, int]:
    """(low, high) MIDI numbers of a voice type or an explicit range, checked."""
    if isinstance(voice, str):
        if voice.strip().lower() not in VOICES:
            raise SongcraftError(f"Unknown voice '{voice}': use one of {', '.join(VOICES)}.")
        return VOICES[voice.strip().lower()]
    try:
        low, high = (int(v) for v in voice)
    except (TypeError, ValueError):
        raise SongcraftError(
            f"The voice {voice!r} is neither a voice type nor a (lowest, highest) pair of "
            "MIDI numbers."
        ) from None
    if not 21 <= low <= 108 or not 21 <= high <= 108 or low > high:
        raise SongcraftError(
            f"The vocal range {low}-{high} is not a range of notes: give the lowest and "
            "highest as MIDI numbers from 21 to 108, lowest first (C4 is 60)."
        )
    if high - low < MIN_RANGE:
        span = note_name(low) if low == high else f"{note_name(low)}-{note_name(high)}"
        raise SongcraftError(
            f"The vocal range {span} is too narrow for a melody: it needs at least a "
            f"fifth ({MIN_RANGE} semitones) so every chord has a tone to sing."
        )
    return low, high


@dataclass(frozen=True)
class Slot:
    syllable: Syllable | None  # None: the second note of a melisma
    stressed: bool


@dataclass
class Segment:
    start: int  # sixteenths from the section start
    end: int
    slots: list[Slot] = field(default_factory=list)  # a free segment's notes to place
    kept: list[Note] = field(default_factory=list)  # a locked segment's notes, as they were
    line_end: bool = False  # reaches the end of its line: a long last note, then a rest

    @property
    def locked(self) -> bool:
        return bool(self.kept)


@dataclass
class LinePlan:
    start: int
    end: int
    segments: list[Segment]


@dataclass
class Chord:
    start: int
    end: int
    tones: frozenset[int] | None  # pitch classes sung on strong beats; None for N.C.
    token: str


@dataclass
class SectionPlan:
    time_signature: str
    bar: int  # sixteenths in a bar
    unit: int  # sixteenths in a beat
    group: int  # sixteenths in a felt beat (a dotted quarter in 6/8)
    strong: frozenset[int]  # strong positions in the bar
    offset: int  # where in its bar the section starts
    seconds_per_step: float  # how long a sixteenth lasts at the song's tempo
    tonic: int
    mode: str
    low: int
    high: int
    reference: int  # MIDI number of the tonic pitch tokens count from
    chords: list[Chord]
    lines: list[LinePlan]

    def position(self, at: int) -> int:
        return (at + self.offset) % self.bar

    def is_strong(self, at: int) -> bool:
        return self.position(at) in self.strong

    def chord_at(self, at: int) -> Chord | None:
        for chord in self.chords:
            if chord.start <= at < chord.end:
                return chord
        return None

    def scale(self) -> frozenset[int]:
        return frozenset((self.tonic + s) % 12 for s in SCALES[self.mode])


def _chord(symbol: str, tonic: int) -> tuple[frozenset[int] | None, str]:
    chord = parse_chord(symbol)
    if chord is None:
        return None, NO_CHORD
    tones = {(chord.root_pc + i) % 12 for i in chord.intervals() if i < 12}
    if chord.bass_pc is not None:
        tones.add(chord.bass_pc)
    return frozenset(tones), chord_token(chord.root_pc, chord.quality, tonic)


def _line_chords(line: Line, start: int, unit: int, tonic: int, where: str) -> list[Chord]:
    chords, at = [], start
    for chord in line.chords:
        length = chord.beats * unit
        if abs(length - round(length)) > 1e-6:
            raise SongcraftError(
                f"{where}: chord {chord.symbol} lasts {chord.beats:g} beats; the melody is "
                "written on a sixteenth-note grid, so chords must change on it."
            )
        try:
            tones, token = _chord(chord.symbol, tonic)
        except SongcraftError as err:
            raise SongcraftError(f"{where}: {err}") from None
        chords.append(Chord(at, at + round(length), tones, token))
        at += round(length)
    return chords


def _slots(syllables: list[Syllable], melisma: bool) -> list[Slot]:
    slots = [Slot(s, s.stressed) for s in syllables]
    if melisma and slots:  # the line's last syllable takes two notes
        slots.append(Slot(None, False))
    return slots


def _section_offset(song: Song, index: int, bar: int, unit: int) -> int:
    beats = sum(s.beats(song.beats_per_bar) * s.repeats for s in song.sections[:index])
    return round(beats * unit) % bar


def _check_locks(section, locked_bars: frozenset[int], bars: int) -> None:
    if not locked_bars:
        return
    if not any(line.melody for line in section.lines):
        raise SongcraftError(f"{section.title} has no melody yet, so there is no bar to keep.")
    past = sorted(b for b in locked_bars if b >= bars)
    if past:
        raise SongcraftError(
            f"Bar {past[0] + 1} is locked, but {section.title} has only {bars} bars."
        )


def _line_end(line: Line, start: int, bar: int, unit: int, slots: int, where: str) -> int:
    """Where the line ends: its chords' length; without chords, about a syllable a beat."""
    if line.chords:
        return start + round(sum(c.beats for c in line.chords) * unit)
    return start + bar * max(1, math.ceil(slots / max(1, bar // 4)))


def _plan_line(
    line: Line,
    at: int,
    where: str,
    grid: tuple[int, int, int],
    tonic: int,
    melisma: bool,
    locked_bars: frozenset[int],
) -> tuple[LinePlan, list[Chord], int]:
    """One line's plan, its chords in time, and how many syllables it sings."""
    from songcraft.melody.locks import line_segments

    bar, _, unit = grid
    try:
        syllables = line_syllables(line.text)
    except SongcraftError as err:
        raise SongcraftError(f"{where}: {err}") from None
    slots = _slots(syllables, melisma)
    end = _line_end(line, at, bar, unit, len(slots), where)
    chords = _line_chords(line, at, unit, tonic, where) or [Chord(at, end, None, NO_CHORD)]
    if len(syllables) > end - at:
        raise SongcraftError(
            f"{where} has {len(syllables)} syllables but lasts {(end - at) / unit:g} "
            f"beats: at most {end - at} fit, one to a sixteenth note. Give the line "
            "more bars or split it."
        )
    if len(slots) > end - at:
        slots = slots[:-1]  # no room for the melisma
    segments = line_segments(line, at, end, slots, locked_bars, grid, where)
    return LinePlan(at, end, segments), chords, len(syllables)


def plan_section(
    song: Song,
    index: int,
    voice: str | tuple[int, int] = "auto",
    melisma: bool = False,
    locked_bars: frozenset[int] = frozenset(),
) -> SectionPlan:
    """Everything the decoder needs to set one section; SongcraftError says what is missing."""
    if not isinstance(index, int) or not 0 <= index < len(song.sections):
        raise SongcraftError(f"There is no section {index!r}: the song has {len(song.sections)}.")
    song.validate(for_export=False)
    section = song.sections[index]
    beats, beat_unit = song.meter
    unit = units_per_beat(beat_unit)
    bar = beats * unit
    tonic, mode = parse_key(song.key)
    low, high = voice_range(voice)
    offset = _section_offset(song, index, bar, unit)
    chords, lines, at, sung = [], [], 0, 0
    for number, line in enumerate(section.lines, 1):
        where = f"{section.title}, line {number}"
        plan, line_chords, count = _plan_line(
            line, at, where, (bar, offset, unit), tonic, melisma, locked_bars
        )
        lines.append(plan)
        chords += line_chords
        sung += count
        at = plan.end
    if not sung:
        raise SongcraftError(
            f"{section.title} has no lyrics to set: write its lines first (a line of only "
            "emoji or punctuation has nothing to sing)."
        )
    _check_locks(section, locked_bars, -(-(at + offset) // bar))
    return SectionPlan(
        time_signature=song.time_signature,
        bar=bar,
        unit=unit,
        group=beat_group(beats, beat_unit),
        strong=frozenset(strong_positions(beats, beat_unit)),
        offset=offset,
        seconds_per_step=song.seconds_per_beat / unit,
        tonic=tonic,
        mode=mode,
        low=low,
        high=high,
        reference=tonic_reference(tonic, (low + high) / 2),
        chords=chords,
        lines=lines,
    )
