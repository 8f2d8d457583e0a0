"""Rhythm constraints: where each syllable of a free segment may start, as a cost-to-go table.

For every slot and position, `togo` holds the least cost of singing the remaining slots to
the segment's end. Costs are what a lyric setter avoids: a stressed syllable off the strong
beats, a line that ends on a short note, syllables too quick to sing at the song's tempo,
syncopations, a long silence.
The decoder lets the model choose any length whose path stays within a small slack of the
best cost, so stress placement is as good as the line allows and the rhythm still varies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from songcraft.melody.plan import SectionPlan, Segment
from songcraft.melody.tokens import MAX_DURATION

NOTE_LENGTHS = (1, 2, 3, 4, 6, 8, 12, 16)  # sixteenths a syllable may take inside a line
STRESS_ON_BEAT = 10  # a stressed syllable on a beat that is not strong
STRESS_OFF_BEAT = 15  # a stressed syllable between beats
SHORT_LINE_END = 10  # the line's last note shorter than a felt beat
QUICK_SYLLABLE = 3  # a syllable shorter than QUICK_SECONDS at the song's tempo
QUICK_SECONDS = 0.15  # about the shortest syllable a singer articulates cleanly
SYNCOPATION = 2  # a syllable starting on an odd sixteenth
LONG_SILENCE = 2  # per felt beat of rest at the line's end beyond half a bar
SLACK = 4  # how far above the best cost the model may wander
INF = 10**6


@dataclass
class RhythmTable:
    """Cost-to-go for one free segment; positions are sixteenths from the segment start."""

    segment: Segment
    togo: np.ndarray  # [slots + 1, length + 1]
    lead_rest: np.ndarray  # cost of starting after a rest of each length (INF = not allowed)
    step_cost: list[np.ndarray]  # per slot: [length + 1, MAX_DURATION + 1] cost of each move

    @property
    def length(self) -> int:
        return self.segment.end - self.segment.start

    def best(self) -> int:
        """The least cost of setting the segment (INF when it cannot be set)."""
        return int(min(self.togo[0, 0], (self.lead_rest + self.togo[0]).min()))

    def note_options(self, slot: int, pos: int, budget: int) -> np.ndarray:
        """Lengths (index = sixteenths) slot `slot` may take from `pos` within `budget`."""
        ok = np.zeros(MAX_DURATION + 1, bool)
        for d in range(1, min(MAX_DURATION, self.length - pos) + 1):
            cost = self.step_cost[slot][pos, d]
            ok[d] = cost < INF and cost + self.togo[slot + 1, pos + d] <= budget
        return ok

    def rest_options(self, budget: int) -> np.ndarray:
        """Lengths of a rest allowed before the first syllable, within `budget`."""
        ok = np.zeros(MAX_DURATION + 1, bool)
        for r in range(1, min(MAX_DURATION, self.length) + 1):
            ok[r] = self.lead_rest[r] + self.togo[0, r] <= budget
        return ok


def _tail_cost(plan: SectionPlan, segment: Segment, length: int) -> np.ndarray:
    """Cost of ending the slots at each position: the rest after them, when allowed."""
    cost = np.full(length + 1, INF, np.int64)
    cost[length] = 0
    if segment.line_end:
        rests = length - np.arange(length + 1)
        beyond = np.maximum(rests - plan.bar // 2, 0)
        cost = LONG_SILENCE * -(-beyond // plan.group)
    return cost


def _slot_costs(plan: SectionPlan, segment: Segment, stressed: bool, last: bool) -> np.ndarray:
    """[position, length] cost of singing a slot from each position for each length."""
    length = segment.end - segment.start
    cost = np.full((length + 1, MAX_DURATION + 1), INF, np.int64)
    pos = np.arange(length)
    in_bar = (segment.start + pos + plan.offset) % plan.bar
    base = np.where(in_bar % 2 == 1, SYNCOPATION, 0)
    if stressed:
        off = np.where(in_bar % plan.unit == 0, STRESS_ON_BEAT, STRESS_OFF_BEAT)
        base = base + np.where(np.isin(in_bar, list(plan.strong)), 0, off)
    for d in range(1, MAX_DURATION + 1) if last else NOTE_LENGTHS:
        step = base + (QUICK_SYLLABLE if d * plan.seconds_per_step < QUICK_SECONDS else 0)
        fits = pos + d <= length
        if last:  # the line's last note ends on a felt beat (or the line's end), and is long
            fits &= ((in_bar + d) % plan.group == 0) | (pos + d == length)
            step = step + (SHORT_LINE_END if d < plan.group else 0)
        cost[:length, d] = np.where(fits, step, INF)
    return cost


def rhythm_table(plan: SectionPlan, segment: Segment) -> RhythmTable:
    """Build the cost-to-go table of a free segment (backwards over the slots)."""
    length = segment.end - segment.start
    slots = len(segment.slots)
    togo = np.full((slots + 1, length + 1), INF, np.int64)
    togo[slots] = _tail_cost(plan, segment, length)
    tables: dict[tuple[bool, bool], np.ndarray] = {}
    step_cost = []
    for i, slot in enumerate(segment.slots):
        key = (slot.stressed, segment.line_end and i == slots - 1)
        if key not in tables:
            tables[key] = _slot_costs(plan, segment, *key)
        step_cost.append(tables[key])
    for i in range(slots - 1, -1, -1):
        for d in range(1, MAX_DURATION + 1):
            if d > length:
                break
            reach = step_cost[i][: length + 1 - d, d] + togo[i + 1, d:]
            togo[i, : length + 1 - d] = np.minimum(togo[i, : length + 1 - d], reach)
    togo = np.minimum(togo, INF)
    lead = np.full(length + 1, INF, np.int64)
    lead[1 : min(plan.bar // 2, length) + 1] = 0  # a breath or pickup of up to half a bar
    return RhythmTable(segment, togo, lead, step_cost)
