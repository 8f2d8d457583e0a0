"""`python -m songcraft bench chords`: speed and quality figures for the chord engine.

Latency is the median wall time of one request for 8 candidates of 8 bars with an
authentic cadence (goal: under 30 ms), with its CPU time beside it, which a busy machine
does not inflate. Cadence satisfaction is checked from the spelled
output, independently of the decoder's masks: each candidate's chords are parsed back
into degrees in its key. Distinctness and the two-chord loop rate come from the same
runs; the evaluation figures are those of `chords eval` on the test split.
"""

from __future__ import annotations

import statistics
import time

from songcraft.chords.constraints import DOMINANT, LEADING_TONE, MAJOR_TONIC, MINOR_TONIC, loops
from songcraft.chords.degrees import degree_from_symbol
from songcraft.chords.evaluate import evaluate
from songcraft.chords.generate import ProgressionRequest, generate_progressions
from songcraft.chords.keys import KEY_NAMES, parse_key
from songcraft.chords.model import ChordModel
from songcraft.chords.progression import Progression
from songcraft.chords.symbols import parse_chord
from songcraft.chords.tokens import MODEL_QUALITY

CADENCE_KINDS = ("authentic", "half", "plagal", "deceptive")


def _degrees(progression: Progression) -> list:
    key = parse_key(progression.key)
    out = []
    for chord in progression.chords:
        symbol = parse_chord(chord.symbol)
        out.append(None if symbol is None else degree_from_symbol(symbol, key))
    return out


def cadence_ok(progression: Progression, kind: str) -> bool:
    """Whether the last two chords of a spelled progression make the cadence asked for."""
    mode = parse_key(progression.key).mode
    degrees = _degrees(progression)
    if len(degrees) < 2 or None in degrees[-2:]:
        return False
    before, last = degrees[-2], degrees[-1]

    def is_(d, offset, qualities, root_position=False):
        q = MODEL_QUALITY[d.quality]
        return d.offset == offset and q in qualities and not (root_position and d.bass)

    tonic = MAJOR_TONIC if mode == "major" else MINOR_TONIC
    dominant = is_(before, 7, DOMINANT) or is_(before, 11, LEADING_TONE)
    if kind == "authentic":
        return dominant and is_(last, 0, tonic, True)
    if kind == "plagal":
        return before.offset == 5 and is_(last, 0, tonic, True)
    if kind == "half":
        return is_(last, 7, DOMINANT) and not is_(before, 7, DOMINANT)
    deceptive = is_(last, 8, {"", "maj7", "maj9", "6", "add9"}) or (
        mode == "major" and is_(last, 9, {"m", "m7", "m9", "m6"})
    )
    return dominant and deceptive


def measure(model: ChordModel, runs: int = 40) -> dict:
    """Latency, cadence satisfaction, distinctness and loop rate over `runs` requests."""
    latencies, cpu, cadence_hits, cadence_total = [], [], 0, 0
    distinct_runs, returned, loop_count, candidates = 0, 0, 0, 0
    generate_progressions(model, ProgressionRequest(candidates=8, cadence="authentic"), seed=0)
    for run in range(runs):
        key = KEY_NAMES[run % len(KEY_NAMES)]
        kind = CADENCE_KINDS[run % len(CADENCE_KINDS)]
        request = ProgressionRequest(
            key=key, bars=8, candidates=8, cadence=kind, style=model.styles[run % len(model.styles)]
        )
        start, start_cpu = time.perf_counter(), time.process_time()
        found = generate_progressions(model, request, seed=run)
        if kind == "authentic":
            latencies.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        cadence_hits += sum(cadence_ok(p, kind) for p in found)
        cadence_total += len(found)
        texts = [p.as_text() for p in found]
        distinct_runs += len(set(texts)) == len(texts)
        returned += len(found)
        loop_count += sum(loops([c.roman for c in p.chords]) for p in found)
        candidates += len(found)
    return {
        "latency_ms_median": statistics.median(latencies),
        "latency_ms_max": max(latencies),
        "cpu_ms_median": statistics.median(cpu),  # the same runs in CPU time: load-independent
        "cadence_satisfaction": cadence_hits / max(cadence_total, 1),
        "distinct_runs": distinct_runs / runs,
        "candidates_returned_per_8": returned / runs,
        "loop_rate": loop_count / max(candidates, 1),
        "runs": runs,
    }


def bench(model: ChordModel, runs: int = 40, with_eval: bool = True) -> dict:
    figures = {"generation": measure(model, runs)}
    if with_eval:
        figures["eval"] = evaluate(model)
    return figures
