"""The chord engine's API for the app and the command line.

    model = load_chord_model()
    request = ProgressionRequest(key="A minor", style="pop", bars=8, cadence="authentic")
    for progression in generate_progressions(model, request, seed=1):
        print(progression.as_text(), progression.score)

A request is validated on construction (clear SongcraftError messages); generation turns
it into a token prefix and constraint objects, runs the batched decoder and spells the
degrees it returns in the requested key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from songcraft.chords.constraints import CADENCES, Cadence, Locks, RepetitionGuard, StartOnTonic
from songcraft.chords.decode import Plan, Search, decode
from songcraft.chords.keys import Key, parse_key
from songcraft.chords.model import ChordModel, load_chord_model
from songcraft.chords.progression import Progression, realise, typed_symbols
from songcraft.chords.symbols import parse_chord, parse_progression
from songcraft.chords.tokens import (
    BOS,
    encode_tokens,
    mode_token,
    section_token,
)
from songcraft.errors import SongcraftError
from songcraft.threads import one_blas_thread

__all__ = ["ProgressionRequest", "Progression", "generate_progressions", "load_chord_model"]
MAX_BARS = 32
MAX_CANDIDATES = 16


@dataclass(frozen=True)
class ProgressionRequest:
    """What the writer asks for. Positions in `locks` count chords from 0; messages to the
    writer count them from 1, as the Chords page and the command line do."""

    key: str = "C major"  # any of the 24 keys, as typed: "Eb major", "F# minor"
    style: str = "any"  # a style the model knows (pop, rock, blues, jazz, ...) or "any"
    bars: int = 8  # whole progression, typed chords included: 2 to 32
    chords_per_bar: int = 1  # 1 to 4, or 0 to let the model choose the harmonic rhythm
    start_on_tonic: bool = True  # first chord is the tonic (ignored when continuing)
    cadence: str = "any"  # any, authentic, half, plagal or deceptive
    continue_from: str | None = None  # chords the writer has, e.g. "Am | F C"
    locks: dict[int, str] = field(default_factory=dict)  # position -> chord symbol to keep
    candidates: int = 4  # distinct progressions to return: 1 to 16
    temperature: float = 1.0  # "surprise": below 1 safer, above 1 more adventurous
    allow_loop: bool = False  # let a two-chord loop repeat as long as the model likes
    section: str | None = None  # verse, chorus, bridge, ... or None for any

    def __post_init__(self) -> None:
        _check_int("bars", self.bars, 2, MAX_BARS, "bars")
        _check_int("chords_per_bar", self.chords_per_bar, 0, 4, "chords per bar")
        _check_int("candidates", self.candidates, 1, MAX_CANDIDATES, "candidates")
        t = self.temperature
        if (
            isinstance(t, bool)
            or not isinstance(t, int | float)
            or not math.isfinite(t)
            or not (0.1 <= t <= 3.0)
        ):
            raise SongcraftError(f"Surprise (temperature) must be between 0.1 and 3, got {t!r}.")
        if self.cadence not in CADENCES:
            raise SongcraftError(
                f"Unknown cadence '{str(self.cadence)[:30]}': use one of {', '.join(CADENCES)}."
            )
        parse_key(self.key)
        if self.locks and self.chords_per_bar == 0:
            raise SongcraftError(
                "Locking chords needs a fixed number of chords per bar "
                "(1 to 4), so positions stay put when the rest changes."
            )
        for position, symbol in self.locks.items():
            if isinstance(position, bool) or not isinstance(position, int):
                raise SongcraftError(
                    f"Lock position {position!r} should be a chord number (the first chord is 1)."
                )
            if position < 0:
                raise SongcraftError(
                    f"Lock position {position + 1} is before the first chord: chords are "
                    "numbered from 1."
                )
            parse_chord(symbol)


def _check_int(name: str, value, low: int, high: int, words: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SongcraftError(f"The number of {words} must be {low} to {high}; got {value!r}.")


def _bar_shapes(model: ChordModel, chords_per_bar: int) -> np.ndarray:
    """Bar shapes of 4/4 allowed: all for 0; an even split for 1, 2 or 4 chords; for 3,
    any three-chord shape (no even split of four beats reads naturally)."""
    table = model.table
    shapes = table.is_pattern & np.isclose(table.pattern_beats, 4.0)
    if chords_per_bar:
        shapes &= table.pattern_chords == chords_per_bar
    if chords_per_bar in (1, 2, 4):
        even = "|" + "+".join([str(4 // chords_per_bar)] * chords_per_bar)
        shapes &= np.array([token == even for token in model.vocab.tokens])
    if not shapes.any():
        raise SongcraftError(f"The chord model has no bar shape with {chords_per_bar} chords.")
    return shapes


def _prefix(model: ChordModel, key: Key, request: ProgressionRequest):
    """Token ids of the start and of any typed chords, the typed bars and their chords."""
    vocab = model.vocab
    typed_bars = parse_progression(request.continue_from) if request.continue_from else []
    if len(typed_bars) >= request.bars:
        raise SongcraftError(
            f"The chords you typed fill {len(typed_bars)} bars; ask for more "
            f"than {len(typed_bars)} bars so there is something to add."
        )
    section = section_token(request.section)
    if section not in vocab.index:
        raise SongcraftError(
            f"Unknown section '{request.section}': use one of "
            f"{', '.join(t[1:-1] for t in vocab.tokens if _is_section(t))}."
        )
    tokens = encode_tokens(key, typed_bars, request.section)
    ids = [vocab.index[BOS], vocab.index[mode_token(key)], vocab.index[section]]
    ids += vocab.encode(tokens[3:-1]) if typed_bars else []
    return ids, typed_bars


def _is_section(token: str) -> bool:
    return token.startswith("<") and token not in ("<pad>", "<s>", "</s>", "<major>", "<minor>")


def _lock_ids(
    model: ChordModel,
    key: Key,
    request: ProgressionRequest,
    typed: int,
    typed_bars: int,
    constraints: list,
) -> tuple[dict, dict]:
    """Token ids of the locked chords, checked against bar count, typed chords and cadence."""
    from songcraft.chords.degrees import degree_from_symbol

    total = typed + (request.bars - typed_bars) * request.chords_per_bar
    ids, symbols = {}, {}
    for position, text in sorted(request.locks.items()):
        if position >= total:
            raise SongcraftError(
                f"Locked chord {position + 1} is past the end: this progression "
                f"holds chords 1 to {total}."
            )
        if position < typed:
            raise SongcraftError(
                f"Chord {position + 1} is one you typed (chords 1 to {typed}); "
                "lock chords after them."
            )
        chord = parse_chord(text)
        degree = None if chord is None else degree_from_symbol(chord, key)
        ids[position], symbols[position] = model.vocab.chord_id(degree), chord
    _check_locks(ids, symbols, request.chords_per_bar, typed, total, constraints)
    return ids, symbols


def _check_locks(
    ids: dict, symbols: dict, per_bar: int, typed: int, total: int, constraints: list
) -> None:
    for position, token in ids.items():
        if (position - typed) % per_bar and ids.get(position - 1) == token:
            raise SongcraftError(
                f"Chords {position} and {position + 1} lock the same chord in "
                "one bar; lock it once and use fewer chords per bar."
            )
        name = "N.C." if symbols[position] is None else str(symbols[position])
        for c in constraints:
            if isinstance(c, Cadence) and position == total - 1 and not c.final[token]:
                raise SongcraftError(
                    f"The locked last chord {name} cannot end {_a(c.kind)} "
                    "cadence: unlock it or choose another cadence."
                )
            if isinstance(c, Cadence) and position == total - 2 and not c.penultimate[token]:
                raise SongcraftError(
                    f"The locked chord {name} before the last cannot lead "
                    f"into {_a(c.kind)} cadence: unlock it or choose another."
                )
            if isinstance(c, StartOnTonic) and position == 0 and not c.mask[token]:
                raise SongcraftError(
                    f"The locked first chord {name} is not the tonic: unlock "
                    "it or turn off 'start on the tonic'."
                )


def generate_progressions(
    model: ChordModel, request: ProgressionRequest, seed: int
) -> list[Progression]:
    """Distinct candidate progressions for a request, best first; seeded and repeatable."""
    with one_blas_thread():
        return _generate(model, request, seed)


def _generate(model: ChordModel, request: ProgressionRequest, seed: int) -> list[Progression]:
    key = parse_key(request.key)
    condition = model.vocab.style_id(request.style)
    prefix, typed_bars = _prefix(model, key, request)
    typed_count = len(prefix) - 3 - len(typed_bars)
    shapes = _bar_shapes(model, request.chords_per_bar)
    constraints = _constraints(model, key, request, shapes, bool(typed_bars))
    lock_symbols: dict = {}
    if request.locks:
        lock_ids, lock_symbols = _lock_ids(
            model, key, request, typed_count, len(typed_bars), constraints
        )
        constraints.append(Locks(lock_ids, len(model.vocab)))
    history = tuple(t for t in prefix[3:] if model.table.is_chord[t])
    _check_typed_ending(request, typed_bars, history, constraints)
    plan = Plan(bars=request.bars, prefix_bars=len(typed_bars), history=history, bar_shapes=shapes)
    search = Search(model.lm, model.table, plan, constraints, condition, float(request.temperature))
    found = decode(search, prefix, request.candidates, np.random.default_rng(seed))
    given: dict[int, object] = dict(lock_symbols)
    typed = typed_symbols(typed_bars)
    if len(typed) == typed_count:  # a typed chord that fell back may have merged away
        given.update(enumerate(typed))
    head_logps = _prefix_logps(model, prefix, condition)
    names = model.vocab.tokens
    return [
        realise(
            [names[t] for t in prefix[3:] + c.tokens], head_logps + c.logps, key, given, c.score
        )
        for c in found
    ]


def _check_typed_ending(
    request: ProgressionRequest, typed_bars: list, history: tuple, constraints: list
) -> None:
    """Typed chords that leave one single-chord bar must end on a chord that can lead in."""
    for c in constraints:
        if (
            isinstance(c, Cadence)
            and len(typed_bars) == request.bars - 1
            and (c.single_final_bar and history and not c.penultimate[history[-1]])
        ):
            last = typed_bars[-1][-1]
            raise SongcraftError(
                f"The chords you typed end on {last or 'N.C.'}, which cannot "
                f"lead into {_a(c.kind)} cadence in the one bar left: add a "
                "bar, allow more chords per bar, or choose another cadence."
            )


def _a(word: str) -> str:
    """'an authentic', 'a half'."""
    return ("an " if word[0] in "aeiou" else "a ") + word


def _constraints(
    model: ChordModel, key: Key, request: ProgressionRequest, shapes: np.ndarray, continuing: bool
) -> list:
    constraints: list = [] if request.allow_loop else [RepetitionGuard(len(model.vocab))]
    if request.start_on_tonic and not continuing:
        constraints.append(StartOnTonic(model.table, key.mode))
    if request.cadence != "any":
        constraints.append(Cadence(model.table, request.cadence, key.mode, shapes))
    return constraints


def _prefix_logps(model: ChordModel, prefix: list[int], condition: int) -> list[float]:
    """Model log-probabilities of the typed tokens (after the three start tokens)."""
    if len(prefix) <= 3:
        return []
    state = model.lm.initial_state(1)
    cond = np.asarray([condition], dtype=np.int32)
    out = []
    for t, token in enumerate(prefix[:-1]):
        logp, state = model.lm.step(np.asarray([token], dtype=np.int32), cond, state)
        if t + 1 >= 3:
            out.append(float(logp[0, prefix[t + 1]]))
    return out
