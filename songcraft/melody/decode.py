"""The melody decoder: a pure function of (model, plan, rows, rng, temperature).

All candidates advance together, one note each per round, through one batched NumPy LSTM
step per token. A note is a position token (given), a length (sampled where the rhythm
table allows it) and a pitch (sampled where the pitch rules allow it); a chord token is fed
to the rows whose note starts under a new chord. Rows that need no token in a step keep
their state, so candidates with different rhythms share every forward pass.
"""

from __future__ import annotations

import numpy as np

from songcraft.errors import SongcraftError
from songcraft.melody.constraints import END, Next, PitchRules
from songcraft.melody.model import MelodyModel
from songcraft.melody.plan import LinePlan, SectionPlan, Segment
from songcraft.melody.rhythm import INF, SLACK, RhythmTable, rhythm_table
from songcraft.melody.tokens import MAX_DURATION, NO_CHORD, REST, meter_token
from songcraft.music.song import Note


class Row:
    """One candidate melody in the making."""

    def __init__(self) -> None:
        self.lines: list[list[Note]] = []
        self.logp = 0.0  # log-probability of every sampled length and pitch
        self.sung = 0  # sampled notes, for the per-note score
        self.prev: int | None = None  # the last sung pitch
        self.prev_passing = False  # it was outside its chord, so the next note steps
        self.chord: str | None = None  # the last chord token fed
        self.slot = self.pos = self.spent = 0  # progress through a free segment
        self.rested = False


class Decoder:
    def __init__(self, model: MelodyModel, plan: SectionPlan, rows: int, rng, temperature: float):
        self.model, self.plan, self.rng, self.temperature = model, plan, rng, temperature
        self.vocab = model.vocab
        self.rules = PitchRules(plan)
        self.rows = [Row() for _ in range(rows)]
        self.state = model.lm.initial_state(rows)
        self.cond = np.full(rows, model.mode_id(plan.mode))
        self.logp = np.zeros((rows, len(self.vocab)), np.float32)
        self.dur_ids = np.array([self.vocab.id(f"d{d}") for d in range(1, MAX_DURATION + 1)])
        offsets = self.rules.midis - plan.reference
        self.pitch_ids = np.array([self.vocab.pitch_id(int(p)) for p in offsets])
        self.rest_id = self.vocab.id(REST)
        meter = self.vocab.id(meter_token(plan.time_signature))
        self._feed(np.full(rows, meter), np.ones(rows, bool))

    def _feed(self, ids: np.ndarray, active: np.ndarray) -> None:
        logp, state = self.model.lm.step(ids, self.cond, self.state)
        keep = active[:, None]
        self.state = [
            (np.where(keep, h, h0), np.where(keep, c, c0))
            for (h0, c0), (h, c) in zip(self.state, state, strict=True)
        ]
        self.logp = np.where(keep, logp, self.logp)

    def _draw(self, r: int, ids: np.ndarray, mask: np.ndarray) -> int:
        """Index into `ids` sampled from the model's distribution restricted to `mask`."""
        logits = np.where(mask, self.logp[r, ids] / self.temperature, -np.inf)
        p = np.exp(logits - logits.max())
        cumulative = np.cumsum(p)
        index = int(np.searchsorted(cumulative, self.rng.random() * cumulative[-1], "right"))
        return min(index, len(ids) - 1)

    def _onsets(self, active: np.ndarray, ats: list[int]) -> None:
        """Feed each active row a chord token (when its chord changes) and a position."""
        chord_ids = np.zeros(len(self.rows), np.int64)
        need = np.zeros(len(self.rows), bool)
        for r in np.flatnonzero(active):
            chord = self.plan.chord_at(ats[r])
            token = chord.token if chord else NO_CHORD
            if token != self.rows[r].chord:
                need[r], chord_ids[r] = True, self.vocab.id(token)
                self.rows[r].chord = token
        if need.any():
            self._feed(chord_ids, need)
        positions = [self.vocab.position_id(self.plan.position(at)) for at in ats]
        self._feed(np.array(positions), active)

    def run(self) -> list[Row]:
        for line in self.plan.lines:
            for row in self.rows:
                row.lines.append([])
            for index, segment in enumerate(line.segments):
                if segment.locked:
                    self._kept(segment)
                else:
                    self._free(segment, _after(line, index))
        for row in self.rows:
            row.lines = [_merge_rests(notes) for notes in row.lines]
        return self.rows

    def _kept(self, segment: Segment) -> None:
        """Feed a locked segment's notes, the same for every row."""
        everyone, at = np.ones(len(self.rows), bool), segment.start
        for note in segment.kept:
            length = round(note.beats * self.plan.unit)
            self._onsets(everyone, [at] * len(self.rows))
            self._feed(np.full(len(self.rows), self.vocab.duration_id(length)), everyone)
            pitch = None if note.pitch is None else note.pitch - self.plan.reference
            self._feed(np.full(len(self.rows), self.vocab.pitch_id(pitch)), everyone)
            for row in self.rows:
                row.lines[-1].append(Note(note.pitch, note.beats, note.syllable, note.word_end))
                if note.pitch is not None:
                    row.prev = note.pitch
                row.prev_passing = note.pitch is not None and self.rules.is_passing(at, note.pitch)
            at += length

    def _free(self, segment: Segment, after: Next) -> None:
        table = rhythm_table(self.plan, segment)
        if table.best() >= INF:
            raise SongcraftError("a line's syllables do not fit the bars left for them")
        budget = table.best() + SLACK
        for row in self.rows:
            row.slot = row.pos = row.spent = 0
            row.rested = False
        slots = len(segment.slots)
        while True:
            active = np.array([r.slot < slots or r.pos < table.length for r in self.rows])
            if not active.any():
                return
            ats = [segment.start + row.pos for row in self.rows]
            self._onsets(active, ats)
            lengths = self._lengths(table, active, ats, budget)
            self._pitches(table, active, ats, lengths, after)

    def _lengths(self, table: RhythmTable, active, ats, budget) -> list[tuple[int, bool, bool]]:
        """Sample each active row's note length: (sixteenths, may be a note, may be a rest)."""
        out, ids = [(0, False, False)] * len(self.rows), np.zeros(len(self.rows), np.int64)
        for r in np.flatnonzero(active):
            row = self.rows[r]
            rest_ok = np.zeros(MAX_DURATION + 1, bool)
            if row.slot >= len(table.segment.slots):  # the rest after the line's last note
                note_ok = np.zeros(MAX_DURATION + 1, bool)
                bar_left = self.plan.bar - self.plan.position(ats[r])
                rest_ok[min(table.length - row.pos, bar_left, MAX_DURATION)] = True
            else:
                note_ok = table.note_options(row.slot, row.pos, budget - row.spent)
                if row.slot == 0 and row.pos == 0 and not row.rested:
                    rest_ok = table.rest_options(budget - row.spent)
            d = self._draw(r, self.dur_ids, (note_ok | rest_ok)[1:]) + 1
            if note_ok.any():
                row.logp += float(self.logp[r, self.dur_ids[d - 1]])
            out[r], ids[r] = (d, bool(note_ok[d]), bool(rest_ok[d])), self.dur_ids[d - 1]
        self._feed(ids, active)
        return out

    def _pitches(self, table: RhythmTable, active, ats, lengths, after: Next) -> None:
        """Sample each active row's pitch (or rest), feed it, and move the row on."""
        ids = np.zeros(len(self.rows), np.int64)
        chosen: list[int | None] = [None] * len(self.rows)
        slots = table.segment.slots
        for r in np.flatnonzero(active):
            row, (d, note_ok, rest_ok) = self.rows[r], lengths[r]
            if not note_ok:
                ids[r] = self.rest_id
                continue
            follow = Next("note", ats[r] + d) if row.slot + 1 < len(slots) else after
            mask = self.rules.mask(ats[r], row.prev, row.prev_passing, follow, d)
            choices, allowed = self.pitch_ids, mask
            if rest_ok:  # a pickup rest or the first syllable: the model picks
                choices, allowed = np.append(choices, self.rest_id), np.append(mask, True)
            k = self._draw(r, choices, allowed)
            ids[r] = choices[k]
            row.logp += float(self.logp[r, choices[k]])
            row.sung += 1
            if k < len(self.rules.midis):
                chosen[r] = int(self.rules.midis[k])
        self._feed(ids, active)
        for r in np.flatnonzero(active):
            self._advance(self.rows[r], table, ats[r], lengths[r][0], chosen[r])

    def _advance(self, row: Row, table: RhythmTable, at: int, d: int, pitch: int | None) -> None:
        beats = d / self.plan.unit
        if pitch is None:
            row.lines[-1].append(Note(None, beats))
            row.rested, row.prev_passing = True, False
        else:
            slot = table.segment.slots[row.slot]
            sung = slot.syllable
            text, word_end = (sung.text, sung.word_end) if sung else (None, True)
            row.lines[-1].append(Note(pitch, beats, text, word_end))
            row.spent += int(table.step_cost[row.slot][row.pos, d])
            row.prev, row.prev_passing = pitch, self.rules.is_passing(at, pitch)
            row.slot += 1
        row.pos += d


def _after(line: LinePlan, index: int) -> Next:
    """What follows a free segment's last note: the phrase end, or the next kept note."""
    if index + 1 >= len(line.segments) or line.segments[index].line_end:
        return END
    kept = line.segments[index + 1].kept
    if not kept or kept[0].pitch is None:
        return END
    return Next("fixed", pitch=kept[0].pitch)


def _merge_rests(notes: list[Note]) -> list[Note]:
    out: list[Note] = []
    for note in notes:
        if note.pitch is None and out and out[-1].pitch is None:
            out[-1] = Note(None, out[-1].beats + note.beats)
        else:
            out.append(note)
    return out


def decode_section(
    model: MelodyModel, plan: SectionPlan, rows: int, rng: np.random.Generator, temperature: float
) -> list[tuple[list[list[Note]], float]]:
    """`rows` melodies for the plan, each as (notes per line, mean log-probability per note)."""
    decoded = Decoder(model, plan, rows, rng, temperature).run()
    return [(row.lines, row.logp / max(row.sung, 1)) for row in decoded]
