"""Scoring lyrics: bits per character (char models) and perplexity (word models).

The LSTM and the Kneser-Ney baseline see exactly the same tokens: the model's tokenizer,
unknown characters or words as `<unk>`, each song closed by an end token.
"""

from __future__ import annotations

import math

import numpy as np

from songcraft.lyrics.corpus import LyricSong
from songcraft.lyrics.model import LyricModel
from songcraft.lyrics.tokens import PAD
from songcraft.ngram import NGramLM

CHAR_ORDERS = (5, 6, 7)
WORD_ORDERS = (3,)


def lstm_nats(model: LyricModel, songs: list[LyricSong], batch: int = 64) -> tuple[float, int]:
    """Total negative log-likelihood (nats) of the songs under the LSTM, and the token count."""
    seqs = [model.tokenizer.encode_song(s.text) for s in songs]
    styles = [model.style_id(s.style if s.style in model.styles else None) for s in songs]
    total, count = 0.0, 0
    order = np.argsort([len(s) for s in seqs])  # similar lengths share a batch
    for start in range(0, len(order), batch):
        rows = order[start : start + batch]
        width = max(len(seqs[r]) for r in rows)
        grid = np.full((len(rows), width), PAD, np.int32)
        for i, r in enumerate(rows):
            grid[i, : len(seqs[r])] = seqs[r]
        cond = np.asarray([styles[r] for r in rows], np.int32)
        state = model.lm.initial_state(len(rows))
        for t in range(width - 1):
            logp, state = model.lm.step(grid[:, t], cond, state)
            target = grid[:, t + 1]
            mask = target != PAD
            total -= float(logp[np.arange(len(rows)), target][mask].sum())
            count += int(mask.sum())
    return total, count


def ngram_tokens(model: LyricModel, song: LyricSong) -> list[str]:
    ids = model.tokenizer.encode(song.text)
    return [model.tokenizer.tokens[i] for i in ids]


def ngram_nats(lm: NGramLM, model: LyricModel, songs: list[LyricSong]) -> tuple[float, int]:
    total, count = 0.0, 0
    for song in songs:
        logp, n = lm.sequence_logprob(ngram_tokens(model, song), unk="<unk>")
        total -= logp
        count += n
    return total, count


def fit_ngram(model: LyricModel, train: list[LyricSong], order: int) -> NGramLM:
    lm = NGramLM(order=order).fit(ngram_tokens(model, s) for s in train)
    if "<unk>" not in lm.vocab:
        lm.vocab.append("<unk>")
    return lm


def figure(level: str, nats: float, count: int) -> dict:
    """bits per character for char models, perplexity for word models."""
    per_token = nats / max(count, 1)
    if level == "char":
        return {"bits_per_char": round(per_token / math.log(2), 4), "tokens": count}
    return {"perplexity": round(math.exp(per_token), 2), "tokens": count}


def evaluate(
    model: LyricModel,
    train: list[LyricSong],
    test: list[LyricSong],
    val: list[LyricSong] | None = None,
) -> dict:
    """LSTM and n-gram figures on `test`; the n-gram order is chosen on `val` when given."""
    orders = CHAR_ORDERS if model.level == "char" else WORD_ORDERS
    baselines = {}
    for order in orders:
        lm = fit_ngram(model, train, order)
        pick = ngram_nats(lm, model, val) if val else (0.0, 1)
        baselines[order] = (pick[0] / max(pick[1], 1), lm)
    best_order = min(baselines, key=lambda o: baselines[o][0])
    lstm = figure(model.level, *lstm_nats(model, test))
    ngram = figure(model.level, *ngram_nats(baselines[best_order][1], model, test))
    return {
        "level": model.level,
        "songs": len(test),
        "lines": sum(1 for s in test for line in s.lines if line),
        "characters": sum(len(s.text) for s in test),
        "lstm": lstm,
        "ngram": {**ngram, "order": best_order},
    }
