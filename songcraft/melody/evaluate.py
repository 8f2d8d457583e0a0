"""Held-out negative log-likelihood per note: the melody LSTM against a Kneser-Ney n-gram.

Both models read the same token streams. A note's cost is the cost of its length and its
pitch (or rest) tokens; meter, position and chord tokens are context the setting engine
always supplies, so they are read but not scored.
"""

from __future__ import annotations

import math

import numpy as np

from songcraft.melody.corpus import record_tokens
from songcraft.melody.extract import Record
from songcraft.melody.model import MelodyModel
from songcraft.ngram import NGramLM
from songcraft.threads import one_blas_thread

NGRAM_ORDER = 7  # two notes of context (three tokens each) and a bit; best on validation


def is_scored(token: str) -> bool:
    """Length and pitch tokens are what a melody model chooses.

    >>> [is_scored(t) for t in ("d4", "p7", "rest", "@0", "h0", "M4/4")]
    [True, True, True, False, False, False]
    """
    return token[0] in "dp" or token == "rest"


def lstm_note_nll(model: MelodyModel, records: list[Record], batch: int = 64) -> dict:
    """Nats per note on `records` with the NumPy step function (no TensorFlow needed)."""
    with one_blas_thread():
        return _lstm_note_nll(model, records, batch)


def _lstm_note_nll(model: MelodyModel, records: list[Record], batch: int) -> dict:
    sequences = sorted(
        ((model.vocab.encode(record_tokens(r)), model.mode_id(r.mode)) for r in records),
        key=lambda item: len(item[0]),
    )
    scored = {i for i, t in enumerate(model.vocab.tokens) if is_scored(t)}
    total, tokens = 0.0, 0
    for start in range(0, len(sequences), batch):
        group = sequences[start : start + batch]
        width = max(len(ids) for ids, _ in group)
        ids = np.zeros((len(group), width), np.int64)
        for row, (seq, _) in enumerate(group):
            ids[row, : len(seq)] = seq
        modes = np.array([mode for _, mode in group])
        state = model.lm.initial_state(len(group))
        for t in range(width - 1):
            logp, state = model.lm.step(ids[:, t], modes, state)
            target = ids[:, t + 1]
            mask = np.isin(target, list(scored))
            total -= float(logp[np.arange(len(group)), target][mask].sum())
            tokens += int(mask.sum())
    return _per_note(total, tokens)


def ngram_note_nll(train: list[Record], records: list[Record], order: int = NGRAM_ORDER) -> dict:
    """Nats per note of an interpolated Kneser-Ney n-gram fitted on `train`."""
    lm = NGramLM(order=order).fit(record_tokens(r) for r in train)
    total, tokens = 0.0, 0
    for record in records:
        seq = record_tokens(record)
        for i, token in enumerate(seq):
            if is_scored(token):
                total -= math.log(lm.prob(token, seq[max(0, i - order + 1) : i]))
                tokens += 1
    return {**_per_note(total, tokens), "order": order}


def _per_note(total: float, tokens: int) -> dict:
    notes = tokens // 2  # every note is one length and one pitch token
    return {"nll_per_note": round(total / max(notes, 1), 4), "notes": notes}
