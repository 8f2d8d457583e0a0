"""Constraints the chord decoder applies: objects that say which tokens may come next.

Each constraint looks at a `Slot` (what is being chosen, where, after which chords) and
returns a boolean mask over the vocabulary, or None when it has no opinion there. Hard
constraints (cadence, locks, tonic start, bar shapes) must hold; a soft one (the
repetition guard) is dropped for a step where it would leave nothing to choose.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from songcraft.chords.model import TokenTable

CADENCES = ("any", "authentic", "half", "plagal", "deceptive")
MAJOR_TONIC = {"", "maj7", "6", "add9", "maj9", "5"}
MINOR_TONIC = {"m", "m7", "m6", "m9", ""}  # a major tonic in minor is a Picardy third
DOMINANT = {"", "7", "9", "7sus4", "sus4"}
LEADING_TONE = {"dim", "dim7", "m7b5"}
MINOR_FAMILY = {"m", "m7", "m9", "m6"}
MAJOR_FAMILY = {"", "maj7", "maj9", "6", "add9"}


@dataclass
class Slot:
    """The choice at hand for one candidate."""

    kind: str  # "bar" (choosing a bar shape) or "chord"
    bar: int  # 0-based bar in the whole progression
    bars: int  # bars in the whole progression
    index: int  # 0-based position of the chord being chosen (the next one, for "bar")
    slot: int  # chord slot inside the bar
    chords_in_bar: int  # chords in this bar (0 while choosing its shape)
    history: list[int] = field(default_factory=list)  # chord ids so far, prefix included


def chord_mask(
    table: TokenTable, offsets: set[int], qualities: set[str], root_position: bool = False
) -> np.ndarray:
    """Chord tokens on these roots (semitones above the tonic) with these qualities."""
    quality_ok = np.array([q in qualities for q in table.quality])
    mask = table.is_chord & np.isin(table.offset, list(offsets)) & quality_ok
    return mask & ~table.has_bass if root_position else mask


def tonic_mask(table: TokenTable, mode: str) -> np.ndarray:
    return chord_mask(table, {0}, MAJOR_TONIC if mode == "major" else MINOR_TONIC, True)


class StartOnTonic:
    soft = False

    def __init__(self, table: TokenTable, mode: str):
        self.mask = tonic_mask(table, mode)

    def allowed(self, slot: Slot) -> np.ndarray | None:
        return self.mask if slot.kind == "chord" and slot.index == 0 else None


def cadence_masks(table: TokenTable, kind: str, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """(penultimate, final) chord masks for a cadence kind in a mode."""
    dominant = chord_mask(table, {7}, DOMINANT) | chord_mask(table, {11}, LEADING_TONE)
    tonic = tonic_mask(table, mode)
    if kind == "authentic":
        return dominant, tonic
    if kind == "plagal":
        return chord_mask(table, {5}, set(table.quality)) & ~dominant, tonic
    if kind == "half":
        final = chord_mask(table, {7}, DOMINANT)
        return table.is_chord & (table.offset >= 0) & ~final, final  # N.C. cannot lead in
    if kind == "deceptive":
        final = chord_mask(table, {8}, MAJOR_FAMILY)
        if mode == "major":
            final |= chord_mask(table, {9}, MINOR_FAMILY)
        return dominant, final
    raise ValueError(f"unknown cadence {kind}")


class Cadence:
    """The last two chord changes make the cadence; the final bar's shape adapts to fit."""

    soft = False

    def __init__(self, table: TokenTable, kind: str, mode: str, bar_shapes: np.ndarray):
        self.kind = kind
        self.penultimate, self.final = cadence_masks(table, kind, mode)
        self.two_chord_shapes = bar_shapes & (table.pattern_chords >= 2)
        self.single_final_bar = not self.two_chord_shapes.any()

    def allowed(self, slot: Slot) -> np.ndarray | None:
        last = slot.bars - 1
        if slot.kind == "bar":
            if slot.bar != last or (slot.history and self.penultimate[slot.history[-1]]):
                return None
            return self.two_chord_shapes
        if slot.bar == last:
            if slot.slot == slot.chords_in_bar - 1:
                return self.final
            if slot.slot == slot.chords_in_bar - 2:
                return self.penultimate
        if slot.bar == last - 1 and slot.slot == slot.chords_in_bar - 1 and self.single_final_bar:
            return self.penultimate
        return None


class Locks:
    """Chosen positions keep their chord; the chord before one in the same bar must differ."""

    soft = False

    def __init__(self, locked: dict[int, int], vocab_size: int):
        self.locked = locked
        self.only = {i: np.eye(1, vocab_size, token, dtype=bool)[0] for i, token in locked.items()}
        self.size = vocab_size

    def allowed(self, slot: Slot) -> np.ndarray | None:
        if slot.kind != "chord":
            return None
        if slot.index in self.only:
            return self.only[slot.index]
        upcoming = self.locked.get(slot.index + 1)
        if upcoming is not None and slot.slot + 1 < slot.chords_in_bar:
            mask = np.ones(self.size, bool)
            mask[upcoming] = False
            return mask
        return None


class RepetitionGuard:
    """No chord held more than `max_hold` chords in a row and no two-chord loop played
    more than `max_cycles` times running, unless the writer asks for a loop."""

    soft = True

    def __init__(self, vocab_size: int, max_hold: int = 4, max_cycles: int = 2):
        self.size, self.max_hold, self.max_cycles = vocab_size, max_hold, max_cycles

    def allowed(self, slot: Slot) -> np.ndarray | None:
        if slot.kind != "chord" or not slot.history:
            return None
        banned = set()
        tail = slot.history[-self.max_hold :]
        if len(tail) == self.max_hold and len(set(tail)) == 1:
            banned.add(tail[0])
        changes = _changes(slot.history[-4 * self.max_cycles - 4 :])
        span = 2 * self.max_cycles + 1
        recent = changes[-span:]
        if (
            len(recent) == span
            and len(set(recent)) == 2
            and all(recent[i] == recent[i - 2] for i in range(2, span))
        ):
            banned.add(recent[-2])
        if not banned:
            return None
        mask = np.ones(self.size, bool)
        mask[list(banned)] = False
        return mask


def _changes(history: list[int]) -> list[int]:
    """Chord changes: held chords (the same chord in the next bar) merged."""
    out: list[int] = []
    for token in history:
        if not out or out[-1] != token:
            out.append(token)
    return out


def loops(history: list[int], max_cycles: int = 2) -> bool:
    """True when some two-chord loop runs more than `max_cycles` times (bench loop rate).

    >>> loops([1, 2, 1, 2, 1, 2]), loops([1, 2, 1, 2, 3])
    (True, False)
    """
    changes = _changes(history)
    span = 2 * max_cycles + 2
    for start in range(0, len(changes) - span + 1):
        window = changes[start : start + span]
        if len(set(window)) == 2 and all(window[i] == window[i - 2] for i in range(2, span)):
            return True
    return False
