"""Hear a song or a progression: voiced chords played in a pattern, melody on top, as WAV bytes.

Patterns follow the meter: `block` strikes the chord at each change and each bar line,
`arpeggio` walks the right hand up and down in eighth notes over a held bass, and `strum`
strikes every beat (down and up strokes; in 6/8 the lilting down . up down . up), each string
a few milliseconds after the last. The first beat of each bar is played a little harder.
"""

from __future__ import annotations

from collections.abc import Iterator

from songcraft.errors import SongcraftError
from songcraft.music.song import Section, Song, parse_time_signature, progression_to_section
from songcraft.music.synth import SOUNDS, NoteEvent, SynthConfig, render, wav_bytes
from songcraft.music.voicing import Voicing, voice_symbols

PATTERNS = ("block", "arpeggio", "strum")
STRUM_GAP_S = 0.012  # between strings of a strum: audible as a strum, not as an arpeggio
DOWNBEAT, OFFBEAT = 0.9, 0.72  # velocities: the bar's first beat leads
ACCOMPANIMENT = 0.55  # chords sit under the melody when there is one
ARPEGGIO_WALK = (0, 1, 2, 3, 2, 1)  # right-hand voices, low to high and back


def _compound(meter: tuple[int, int]) -> bool:
    """6/8, 9/8, 12/8: beats grouped in threes.

    >>> _compound((6, 8)), _compound((3, 4))
    (True, False)
    """
    return meter[1] == 8 and meter[0] % 3 == 0 and meter[0] > 3


def _strikes(start: float, beats: float, meter: tuple[int, int], pattern: str) -> Iterator[float]:
    """Beat positions inside a chord where the pattern plays, in song beats."""
    per_bar, unit = meter
    compound = _compound(meter)
    if pattern == "block":
        step = float(per_bar)
    elif pattern == "arpeggio":
        step = 1.0 if unit == 8 else 0.5
    else:
        step = 1.0
    position = start
    while position < start + beats - 1e-9:
        in_bar = position % per_bar
        if pattern != "strum" or not compound or round(in_bar) % 3 != 1:
            yield position
        position = min(position + step, (position // per_bar + 1) * per_bar)  # also bar lines


def _chord_notes(
    voicing: Voicing, start: float, beats: float, meter: tuple[int, int], pattern: str
) -> Iterator[tuple[float, float, int, float, float]]:
    """(start beat, beats, pitch, velocity, delay seconds) for one chord in the pattern."""
    end = start + beats
    strikes = list(_strikes(start, beats, meter, pattern))
    for number, at in enumerate(strikes):
        until = strikes[number + 1] if number + 1 < len(strikes) else end
        accent = DOWNBEAT if at % meter[0] < 1e-9 else OFFBEAT
        if pattern == "block":
            for pitch in voicing.notes:
                yield at, until - at, pitch, accent, 0.0
        elif pattern == "arpeggio":
            if number == 0:
                yield at, end - at, voicing.bass, accent, 0.0
            upper = voicing.upper[ARPEGGIO_WALK[number % len(ARPEGGIO_WALK)] % len(voicing.upper)]
            yield at, end - at, upper, accent * 0.85, 0.0
        else:
            down = round(at % meter[0]) % (3 if _compound(meter) else 2) == 0
            strings = voicing.notes if down else voicing.upper[::-1]
            for order, pitch in enumerate(strings):
                yield at, until - at, pitch, accent if down else accent * 0.7, order * STRUM_GAP_S


def song_events(song: Song, sound: str = "piano", pattern: str = "block") -> list[NoteEvent]:
    """Every note of the song, chords voiced and patterned, melody on top."""
    if sound not in SOUNDS:
        raise SongcraftError(f"sound {sound!r} is not one of {', '.join(SOUNDS)}")
    if pattern not in PATTERNS:
        raise SongcraftError(f"pattern {pattern!r} is not one of {', '.join(PATTERNS)}")
    meter, beat_s = song.meter, song.seconds_per_beat
    chords = list(song.chord_events())
    level = ACCOMPANIMENT if song.has_melody() else 1.0
    events = []
    for (_, start, beats), voicing in zip(
        chords, voice_symbols([c[0] for c in chords]), strict=True
    ):
        if voicing is None:
            continue
        for at, length, pitch, velocity, delay in _chord_notes(
            voicing, start, beats, meter, pattern
        ):
            events.append(
                NoteEvent(
                    at * beat_s + delay,
                    max(length * beat_s - delay, 0.01),
                    pitch,
                    velocity * level,
                    sound,
                )
            )
    for _, line, start in song.played_lines():
        for note in line.melody:
            if note.pitch is not None:
                events.append(
                    NoteEvent(start * beat_s, note.beats * beat_s * 0.95, note.pitch, 0.9)
                )
            start += note.beats
    return events


def to_wav(
    song: Song, sound: str = "piano", pattern: str = "block", config: SynthConfig | None = None
) -> bytes:
    """The whole song as 16-bit mono WAV bytes."""
    config = config or SynthConfig()
    song.validate()
    if not any(s.lines for s in song.sections):
        raise SongcraftError("the song has no lines to play yet: keep some chords into a section")
    return wav_bytes(render(song_events(song, sound, pattern), config), config.sample_rate)


def progression_to_wav(
    bars: list[list[str]],
    tempo: int = 100,
    time_signature: str = "4/4",
    sound: str = "piano",
    pattern: str = "block",
    config: SynthConfig | None = None,
) -> bytes:
    """Audition a progression (bars of chord symbols) without building a song first."""
    per_bar = parse_time_signature(time_signature)[0]
    section = progression_to_section(bars, Section("verse"), per_bar)
    song = Song(title="Audition", tempo=tempo, time_signature=time_signature, sections=[section])
    return to_wav(song, sound, pattern, config)
