"""The constrained, batched chord decoder: a pure function of model, prefix and constraints.

All candidates advance together, one token per step (about one batched LSTM step per
token, whatever the number of candidates). Each step a candidate either chooses the
shape of its next bar or the next chord in the bar; the grammar (bar shapes, no chord
twice in a row inside a bar) and the constraint objects mask the model's distribution,
temperature reshapes it, and a Gumbel draw from the seeded generator picks the token.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from songcraft.chords.constraints import Slot
from songcraft.chords.model import TokenTable
from songcraft.errors import SongcraftError
from songcraft.seqlm import select_state

OVERSAMPLE = 0.5  # extra share of candidates drawn (at least 2), so duplicates can be dropped
MAX_ROUNDS = 3  # draws before giving up on finding more distinct candidates


@dataclass(frozen=True)
class Plan:
    """What to generate after the prefix."""

    bars: int  # bars in the whole progression, prefix included
    prefix_bars: int = 0  # bars already given (typed chords)
    history: tuple[int, ...] = ()  # chord ids of the given bars
    bar_shapes: np.ndarray | None = None  # bool mask of bar-shape tokens allowed


@dataclass
class Candidate:
    tokens: list[int] = field(default_factory=list)  # generated ids, bar shapes included
    logps: list[float] = field(default_factory=list)  # model log-probability of each
    history: list[int] = field(default_factory=list)
    bar: int = 0
    slot: int = 0
    chords_in_bar: int = 0
    done: bool = False
    failed: bool = False

    @property
    def score(self) -> float:
        """Geometric-mean probability of the generated tokens, in (0, 1]."""
        return float(np.exp(np.mean(self.logps))) if self.logps else 1.0


def _next_slot(c: Candidate, plan: Plan) -> Slot:
    kind = "bar" if c.slot >= c.chords_in_bar else "chord"
    return Slot(
        kind=kind,
        bar=c.bar,
        bars=plan.bars,
        index=len(c.history),
        slot=c.slot if kind == "chord" else 0,
        chords_in_bar=c.chords_in_bar if kind == "chord" else 0,
        history=c.history,
    )


def _mask(slot: Slot, table: TokenTable, plan: Plan, constraints: list) -> np.ndarray:
    if slot.kind == "bar":
        base = plan.bar_shapes.copy()
    else:
        base = table.is_chord.copy()
        if slot.slot > 0:
            base[slot.history[-1]] = False
    hard, soft = base, base
    for constraint in constraints:
        mask = constraint.allowed(slot)
        if mask is None:
            continue
        if constraint.soft:
            soft = soft & mask
        else:
            hard = hard & mask
            soft = soft & mask
    return soft if soft.any() else hard


def _advance(c: Candidate, token: int, logp: float, table: TokenTable) -> None:
    c.tokens.append(token)
    c.logps.append(logp)
    if table.is_pattern[token]:
        c.chords_in_bar, c.slot = int(table.pattern_chords[token]), 0
        return
    c.history.append(token)
    c.slot += 1
    if c.slot >= c.chords_in_bar:
        c.bar += 1


@dataclass
class Search:
    """Everything one decoding call shares across its draws."""

    step_model: object  # NumpyLM or anything with feed/step over a batch
    table: TokenTable
    plan: Plan
    constraints: list
    condition: int
    temperature: float
    prefix_logp: np.ndarray | None = None  # after the prefix, batch of one
    prefix_state: list | None = None


def _choose(search: Search, c: Candidate, logp: np.ndarray, gumbel: np.ndarray) -> int:
    """The next token for one candidate (0, and the candidate marked done, when it ends)."""
    plan = search.plan
    if c.bar >= plan.bars and c.slot >= c.chords_in_bar:
        c.done = True
        return 0
    mask = _mask(_next_slot(c, plan), search.table, plan, search.constraints)
    if not mask.any():
        c.done = c.failed = True
        return 0
    token = int(np.argmax(np.where(mask, logp / search.temperature + gumbel, -np.inf)))
    _advance(c, token, float(logp[token]), search.table)
    return token


def _draw(search: Search, n: int, rng: np.random.Generator) -> list[Candidate]:
    """One batch of `n` candidates, advancing together one token per step."""
    state = select_state(search.prefix_state, np.zeros(n, dtype=int))
    logp = np.repeat(search.prefix_logp, n, axis=0)
    plan = search.plan
    cands = [Candidate(history=list(plan.history), bar=plan.prefix_bars) for _ in range(n)]
    conds = np.full(n, search.condition, dtype=np.int32)
    while not all(c.done for c in cands):
        chosen = np.zeros(n, dtype=np.int32)
        gumbel = rng.gumbel(size=logp.shape)
        for i, c in enumerate(cands):
            if not c.done:
                chosen[i] = _choose(search, c, logp[i], gumbel[i])
        if all(c.done for c in cands):
            break
        logp, state = search.step_model.step(chosen, conds, state)
    return cands


def decode(
    search: Search, prefix: list[int], candidates: int, rng: np.random.Generator
) -> list[Candidate]:
    """Up to `candidates` distinct candidates after `prefix`, best score first.

    Raises SongcraftError when the constraints leave no way to finish a progression.
    """
    search.prefix_logp, search.prefix_state = search.step_model.feed(
        np.asarray([prefix], dtype=np.int32), np.asarray([search.condition], dtype=np.int32)
    )
    kept: dict[tuple[int, ...], Candidate] = {}
    for _ in range(MAX_ROUNDS):
        for cand in _draw(search, candidates + max(2, int(OVERSAMPLE * candidates)), rng):
            if not cand.failed:
                kept.setdefault(tuple(cand.tokens), cand)
        if len(kept) >= candidates:
            break
    if not kept:
        raise SongcraftError(
            "No progression fits these constraints together: loosen the "
            "locked chords, the cadence or the chords per bar."
        )
    return sorted(kept.values(), key=lambda c: -c.score)[:candidates]
