"""The melody engine's public face: set a section's lyrics to several distinct melodies.

>>> from songcraft.music.song import ChordAt, Line, Section, Song
>>> from songcraft.melody.model import untrained_model
>>> song = Song(key="G major", sections=[Section("verse", lines=[
...     Line("Hold me close tonight", [ChordAt("G", 4), ChordAt("D", 4)])])])
>>> found = generate_melodies(untrained_model(), song, 0, MelodyRequest(candidates=2), seed=1)
>>> len(found), [n.syllable for n in found[0].lines[0] if n.syllable]
(2, ['Hold', 'me', 'close', 'to', 'night'])
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from songcraft.errors import SongcraftError
from songcraft.melody.decode import decode_section
from songcraft.melody.model import MelodyModel, load_melody_model
from songcraft.melody.plan import plan_section, voice_range
from songcraft.music.song import Note, Song
from songcraft.threads import one_blas_thread

MAX_CANDIDATES = 12  # more is slower and no easier to choose from
SPARE_ROWS = 2  # extra rows decoded so duplicates can be dropped
ROUNDS = 3  # decoding rounds before settling for fewer distinct melodies


@dataclass(frozen=True)
class MelodyRequest:
    candidates: int = 4  # distinct melodies returned, best first
    voice: str | tuple[int, int] = "auto"  # a voice type (see plan.VOICES) or (low, high) MIDI
    melisma: bool = False  # each line's last syllable may take two notes
    locked_bars: frozenset[int] = frozenset()  # bars (0 = the section's first) kept as they are
    temperature: float = 0.9  # below 1 the tune stays closer to the model's habits

    def __post_init__(self) -> None:
        if not isinstance(self.candidates, int) or not 1 <= self.candidates <= MAX_CANDIDATES:
            raise SongcraftError(f"Ask for 1 to {MAX_CANDIDATES} melodies, not {self.candidates}.")
        if not 0.1 <= float(self.temperature) <= 2.0:
            raise SongcraftError(f"Temperature {self.temperature} is outside 0.1 to 2.")
        voice_range(self.voice)
        try:
            bars = frozenset(self.locked_bars or ())
        except TypeError:
            raise SongcraftError("Locked bars are a set of bar numbers, 0 for the first.") from None
        if any(not isinstance(b, int) or b < 0 for b in bars):
            raise SongcraftError("Locked bars are counted 0, 1, 2 ... from the section's start.")
        object.__setattr__(self, "locked_bars", bars)


@dataclass
class MelodyCandidate:
    lines: list[list[Note]] = field(default_factory=list)  # one melody per line of the section
    score: float = 0.0  # mean log-probability per note under the model: higher is more typical


def _shape(lines: list[list[Note]]) -> tuple:
    return tuple((n.pitch, n.beats) for notes in lines for n in notes)


def generate_melodies(
    model: MelodyModel, song: Song, section_index: int, request: MelodyRequest, seed: int
) -> list[MelodyCandidate]:
    """Distinct melodies for one section, best first (fewer when locks leave no choice)."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise SongcraftError(f"A seed is a whole number from 0 up, not {seed!r}.")
    plan = plan_section(song, section_index, request.voice, request.melisma, request.locked_bars)
    rng = np.random.default_rng(seed)
    seen, found = set(), []
    for _ in range(ROUNDS):  # more rounds only when duplicates left too few
        rows = request.candidates - len(found) + SPARE_ROWS
        with one_blas_thread():  # tiny products: BLAS threads only wait for each other
            decoded = decode_section(model, plan, rows, rng, request.temperature)
        for lines, score in decoded:
            if _shape(lines) not in seen:
                seen.add(_shape(lines))
                found.append(MelodyCandidate(lines, round(score, 4)))
        if len(found) >= request.candidates:
            break
    found.sort(key=lambda c: -c.score)
    return found[: request.candidates]


def apply_melody(song: Song, section_index: int, candidate: MelodyCandidate) -> Song:
    """A copy of the song with the candidate as the section's melody."""
    if not 0 <= section_index < len(song.sections):
        raise SongcraftError(f"There is no section {section_index}: the song has fewer.")
    section = song.sections[section_index]
    if len(candidate.lines) != len(section.lines):
        raise SongcraftError(
            f"This melody has {len(candidate.lines)} lines but {section.title} has "
            f"{len(section.lines)}: set the section again."
        )
    new = copy.deepcopy(song)
    for line, notes in zip(new.sections[section_index].lines, candidate.lines, strict=True):
        line.melody = [Note(n.pitch, n.beats, n.syllable, n.word_end) for n in notes]
    return new


__all__ = [
    "MelodyCandidate",
    "MelodyRequest",
    "apply_melody",
    "generate_melodies",
    "load_melody_model",
]
