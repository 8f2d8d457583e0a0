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

OVERSAMPLE = 2  # candidates drawn per candidate asked for, so duplicates can be dropped
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


def _draw(
    step_model, table, plan, constraints, prefix_state, prefix_logp, condition, n, rng, temperature
) -> list[Candidate]:
    """One batch of `n` candidates."""
    state = select_state(prefix_state, np.zeros(n, dtype=int))
    logp = np.repeat(prefix_logp, n, axis=0)
    cands = [Candidate(history=list(plan.history), bar=plan.prefix_bars) for _ in range(n)]
    conds = np.full(n, condition, dtype=np.int32)
    while True:
        active = [i for i, c in enumerate(cands) if not c.done]
        if not active:
            return cands
        chosen = np.zeros(n, dtype=np.int32)
        gumbel = rng.gumbel(size=logp.shape)
        for i in active:
            c = cands[i]
            if c.bar >= plan.bars and c.slot >= c.chords_in_bar:
                c.done = True
                continue
            mask = _mask(_next_slot(c, plan), table, plan, constraints)
            if not mask.any():
                c.done = c.failed = True
                continue
            scores = np.where(mask, logp[i] / temperature + gumbel[i], -np.inf)
            chosen[i] = int(np.argmax(scores))
            _advance(c, chosen[i], float(logp[i, chosen[i]]), table)
        if all(c.done for c in cands):
            return cands
        logp, state = step_model.step(chosen, conds, state)


def decode(
    step_model,
    table: TokenTable,
    prefix: list[int],
    condition: int,
    plan: Plan,
    constraints: list,
    candidates: int,
    temperature: float,
    rng: np.random.Generator,
) -> list[Candidate]:
    """Up to `candidates` distinct candidates, best score first.

    Raises SongcraftError when the constraints leave no way to finish a progression.
    """
    prefix_logp, prefix_state = step_model.feed(
        np.asarray([prefix], dtype=np.int32), np.asarray([condition], dtype=np.int32)
    )
    kept: dict[tuple[int, ...], Candidate] = {}
    failures = 0
    for _ in range(MAX_ROUNDS):
        batch = _draw(
            step_model,
            table,
            plan,
            constraints,
            prefix_state,
            prefix_logp,
            condition,
            OVERSAMPLE * candidates,
            rng,
            temperature,
        )
        for cand in batch:
            if cand.failed:
                failures += 1
            else:
                kept.setdefault(tuple(cand.tokens), cand)
        if len(kept) >= candidates:
            break
    if not kept:
        raise SongcraftError(
            "No progression fits these constraints together: loosen the "
            "locked chords, the cadence or the chords per bar."
        )
    ranked = sorted(kept.values(), key=lambda c: -c.score)
    return ranked[:candidates]
