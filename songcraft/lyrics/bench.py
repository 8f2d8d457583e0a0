"""`python -m songcraft bench lyrics`: speed against the naive loop, and quality on the test split.

Latency: 8 candidates of one line, and of 4 lines with AABB, through the batched NumPy
decoder; the same token count through the naive loop (`model.predict` over the whole
sequence for every token, one candidate batch), measured in the same run.
Quality: over starting lines from the test split, rhyme satisfaction, syllable fit,
distinct-2 across candidates, repeated-4-gram rate, corpus 8-gram copy rate, mean score.
"""

from __future__ import annotations

import json
import time

import numpy as np

from songcraft.lyrics import phonetics
from songcraft.lyrics.engine import LyricRequest, generate_lyrics
from songcraft.lyrics.guards import has_loop, line_words
from songcraft.lyrics.model import SHIPPED, LyricModel, load_lyric_model
from songcraft.lyrics.tokens import BOS
from songcraft.seqlm import build_model


def _timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _stats(times: list[float]) -> dict:
    return {
        "median_ms": round(float(np.median(times)), 2),
        "p90_ms": round(float(np.percentile(times, 90)), 2),
    }


def naive_loop(model: LyricModel, keras_model, prompt: str, n: int, steps: int, seed: int):
    """The loop the engine replaces: model.predict on the growing sequence per token."""
    rng = np.random.default_rng(seed)
    ids = [BOS, *model.tokenizer.encode(prompt + "\n")]
    seqs = np.tile(np.asarray(ids, np.int32), (n, 1))
    cond = np.zeros(n, np.int32)
    for _ in range(steps):
        logits = keras_model.predict([seqs, cond], verbose=0)[:, -1]
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        nxt = [rng.choice(len(p), p=p) for p in probs]
        seqs = np.concatenate([seqs, np.asarray(nxt, np.int32)[:, None]], axis=1)


def latency(model: LyricModel, prompt: str, runs: int) -> dict:
    one = LyricRequest(lines=(prompt,), candidates=8, lines_per_candidate=1)
    four = LyricRequest(lines=(prompt,), candidates=8, lines_per_candidate=4, rhyme_scheme="AABB")
    generate_lyrics(model, one, seed=0)  # builds the word tables once, as the app does
    fast_one = _timed(lambda: generate_lyrics(model, one, seed=1), runs)
    fast_four = _timed(lambda: generate_lyrics(model, four, seed=2), max(runs // 2, 3))
    cands = generate_lyrics(model, one, seed=3)
    steps = int(np.mean([len(model.tokenizer.encode(c.lines[0].text)) + 1 for c in cands]))
    keras_model = build_model(model.config)
    keras_model.set_weights(model.weights)
    naive = _timed(lambda: naive_loop(model, keras_model, prompt, 8, steps, 0), 3)
    return {
        "one_line_x8": _stats(fast_one),
        "four_lines_aabb_x8": _stats(fast_four),
        "naive_one_line_x8": _stats(naive),
        "tokens_per_line": steps,
        "speedup_vs_naive": round(float(np.median(naive) / np.median(fast_one)), 1),
    }


def _distinct2(cands) -> float:
    grams = [
        tuple(ws[i : i + 2])
        for c in cands
        for line in c.lines
        for ws in [line_words(line.text)]
        for i in range(len(ws) - 1)
    ]
    return len(set(grams)) / max(len(grams), 1)


def quality(
    model: LyricModel, prompts: list[str], strictness: str = "perfect", constrained: bool = True
) -> dict:
    """Figures over 4 candidates x 4 lines (AABB) per starting line.

    With constrained=False the same lines are sampled with no rhyme or syllable constraint
    (sample-and-hope) and measured against the partners AABB would have given them.
    """
    rhymed = rhyme_ok = fit = lines = loops = copies = cands_n = 0
    distinct, scores = [], []
    for i, prompt in enumerate(prompts):
        target = max(3, min(phonetics.syllable_count(prompt), 20))
        request = LyricRequest(
            lines=(prompt,),
            candidates=4,
            lines_per_candidate=4,
            rhyme_scheme="AABB" if constrained else None,
            syllable_target="auto" if constrained else None,
            strictness=strictness,
        )
        cands = generate_lyrics(model, request, seed=i)
        distinct.append(_distinct2(cands))
        for cand in cands:
            cands_n += 1
            scores.append(cand.score)
            loops += has_loop([w for line in cand.lines for w in line_words(line.text)])
            ends = [phonetics.last_word(prompt)] + [line.rhyme_word for line in cand.lines]
            for j, line in enumerate(cand.lines):
                lines += 1
                fit += phonetics.fits_syllables(line.text, target)
                copies += model.copy_guard.copies(line.text)
                if j % 2 == 0:  # AABB after one written line: new lines 1 and 3 rhyme back
                    rhymed += 1
                    rhyme_ok += bool(line.rhyme_word and ends[j]) and phonetics.rhymes_with(
                        line.rhyme_word, ends[j], strictness
                    )
    return {
        "prompts": len(prompts),
        "candidates": cands_n,
        "lines": lines,
        "rhyme_satisfaction": round(rhyme_ok / max(rhymed, 1), 4),
        "syllable_fit_pm1": round(fit / max(lines, 1), 4),
        "distinct_2": round(float(np.mean(distinct)), 4),
        "repeated_4gram_rate": round(loops / max(cands_n, 1), 4),
        "copy_8gram_rate": round(copies / max(lines, 1), 4),
        "mean_score": round(float(np.mean(scores)), 4),
    }


def starting_lines(limit: int) -> tuple[list[str], int]:
    """Test-split lines of three words or more whose last word has a perfect rhyme.

    Returns the lines and how many were passed over for having no rhyme at all.
    """
    from songcraft.lyrics.corpus import load_corpus, split_songs

    lines = [
        line
        for s in split_songs(load_corpus())["test"]
        for line in s.lines
        if len(line_words(line)) >= 3
    ]
    usable = [line for line in lines if phonetics.find_rhymes(phonetics.last_word(line))]
    return usable[:limit], len(lines) - len(usable)


def main(args) -> int:
    prompts, unrhymable = starting_lines(args.prompts)
    report = {"starting_lines": len(prompts), "passed_over_no_rhyme": unrhymable}
    for level in ("char", "word"):
        model = load_lyric_model(SHIPPED[level])
        report[level] = {
            "latency": latency(model, prompts[0], args.runs),
            "quality": quality(model, prompts),
            "baseline_unconstrained": quality(model, prompts, constrained=False),
        }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(
        f"{len(prompts)} starting lines from the test split ({unrhymable} passed over: "
        "their last word has no perfect rhyme in the dictionary)"
    )
    for level in ("char", "word"):
        figures = report[level]
        lat, q = figures["latency"], figures["quality"]
        print(f"{level} model")
        for name in ("one_line_x8", "four_lines_aabb_x8", "naive_one_line_x8"):
            print(
                f"  {name:22s} median {lat[name]['median_ms']:9.1f} ms   "
                f"p90 {lat[name]['p90_ms']:9.1f} ms"
            )
        print(f"  speed-up vs naive loop (one line x 8): {lat['speedup_vs_naive']}x")
        base = figures["baseline_unconstrained"]
        print("  quality, 4 candidates x 4 lines per starting line:   AABB   sample-and-hope")
        for key in q:
            if key not in ("prompts", "candidates", "lines"):
                print(f"    {key:22s} {q[key]:>26} {base[key]:>16}")
    return 0
