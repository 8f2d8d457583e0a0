"""Pitch constraints: which notes a syllable may be sung on, given the chord and the line.

A note on a strong beat is a tone of the chord sounding there, and a note held into a
strong beat where the chord changes is a tone of that chord too. Other notes are chord or
scale tones; a scale tone outside the chord (a passing or neighbour tone) must resolve by
step to the next note, and the last note of a line is a chord tone. Everything stays in the
singer's range and leaps stay within an octave. When the rules leave nothing (a narrow range
against a sudden chord), they give way in order: leap size, resolution, held chord changes,
then the beat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from songcraft.melody.plan import Chord, SectionPlan

MAX_LEAP = 12  # semitones between neighbouring sung notes
STEPS = (1, 2)  # a resolution by step: a half or a whole tone


@dataclass(frozen=True)
class Next:
    """What follows a note: the end of a phrase, a kept pitch, or a note still to choose."""

    kind: str  # "end", "fixed" or "note"
    at: int = 0  # onset of the note to choose
    pitch: int = 0  # the kept pitch


END = Next("end")


class PitchRules:
    """Masks over the singer's range (MIDI low..high) for one section."""

    def __init__(self, plan: SectionPlan):
        self.plan = plan
        self.midis = np.arange(plan.low, plan.high + 1)
        pcs = self.midis % 12
        self.scale = np.isin(pcs, list(plan.scale()))
        self._tones: dict[int, np.ndarray] = {}
        self._pcs = pcs

    def tones(self, chord: Chord | None) -> np.ndarray:
        """Chord tones within range (the scale under N.C.)."""
        if chord is None or chord.tones is None:
            return self.scale
        key = id(chord)
        if key not in self._tones:
            self._tones[key] = np.isin(self._pcs, list(chord.tones))
        return self._tones[key]

    def allowed_at(self, at: int) -> tuple[np.ndarray, np.ndarray]:
        """(allowed, chord tones) for a note starting at `at`, before melodic rules."""
        tones = self.tones(self.plan.chord_at(at))
        return (tones if self.plan.is_strong(at) else tones | self.scale), tones

    def _near(self, targets: np.ndarray, steps=STEPS) -> np.ndarray:
        """Pitches within one of `steps` semitones of a True entry in `targets`."""
        near = np.zeros_like(targets)
        for s in steps:
            near[:-s] |= targets[s:]
            near[s:] |= targets[:-s]
        return near

    def held(self, at: int, length: int) -> np.ndarray:
        """Tones of every new chord that arrives on a strong beat while the note still sounds."""
        plan, fits = self.plan, np.ones(len(self.midis), bool)
        start = self.plan.chord_at(at)
        for chord in plan.chords:
            inside = at < chord.start < at + length and plan.is_strong(chord.start)
            if inside and chord is not start and chord.tones is not None:
                fits &= self.tones(chord)
        return fits

    def mask(
        self, at: int, prev: int | None, prev_passing: bool, after: Next, length: int = 1
    ) -> np.ndarray:
        """Pitches (as a mask over `midis`) a note starting at `at` for `length` may take."""
        allowed, tones = self.allowed_at(at)
        allowed = allowed & self.held(at, length) if length > 1 else allowed
        passing = ~tones
        if after.kind == "end":
            resolves = np.zeros_like(tones)
        elif after.kind == "fixed":
            resolves = np.isin(np.abs(self.midis - after.pitch), STEPS)
        else:
            resolves = self._near(self.allowed_at(after.at)[0])
        melodic = allowed & (~passing | resolves)
        rules = [melodic, allowed, self.allowed_at(at)[0]]
        if prev is not None:
            distance = np.abs(self.midis - prev)
            leap_ok = distance <= MAX_LEAP
            step_ok = np.isin(distance, STEPS) if prev_passing else True
            rules = [melodic & leap_ok & step_ok, melodic & step_ok, *rules]
        for rule in rules:
            if rule.any():
                return rule
        return np.ones_like(tones)

    def is_passing(self, at: int, pitch: int) -> bool:
        """Whether a pitch is outside the chord sounding at `at` (so it must resolve)."""
        chord = self.plan.chord_at(at)
        return chord is not None and chord.tones is not None and pitch % 12 not in chord.tones
