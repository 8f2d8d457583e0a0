"""Training the melody LSTM on the corpus; the bundle is written only when training succeeds.

The preset is sized to train in a few minutes on a 2-core CPU and ship as a bundle of a
megabyte or two; `python -m songcraft train melody --units ... --epochs ...` overrides it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from songcraft.bundle import corpus_hash
from songcraft.errors import SongcraftError
from songcraft.melody.corpus import record_tokens, split_of
from songcraft.melody.evaluate import lstm_note_nll, ngram_note_nll
from songcraft.melody.extract import Record
from songcraft.melody.model import MelodyModel
from songcraft.melody.tokens import MODES, Vocabulary
from songcraft.seqlm import SeqLMConfig
from songcraft.training import TrainSettings, train_lm

PRESET = (
    SeqLMConfig(vocab_size=2, embed_dim=48, cond_dim=8, units=256, layers=1, dropout=0.15),
    TrainSettings(seq_len=192, batch_size=64, epochs=6, patience=2, learning_rate=4e-3),
)


def split_records(records: list[Record]) -> dict[str, list[Record]]:
    """Records by split, each tune wholly in one (see corpus.split_of)."""
    parts: dict[str, list[Record]] = {"train": [], "validation": [], "test": []}
    for record in records:
        parts[split_of(record.ident)].append(record)
    return parts


def examples(records: list[Record], vocab: Vocabulary) -> list[tuple[np.ndarray, int]]:
    return [
        (np.asarray(vocab.encode(record_tokens(r)), np.int32), MODES.index(r.mode)) for r in records
    ]


def train_melody(
    records: list[Record],
    out: str | Path,
    *,
    model_overrides: dict | None = None,
    settings_overrides: dict | None = None,
    progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> MelodyModel:
    """Train on the train split, evaluate on the test split, save the bundle to `out`."""
    parts = split_records(records)
    if len(parts["train"]) < 2:
        raise SongcraftError("Training needs at least two tunes in the melody corpus.")
    vocab = Vocabulary()
    base, settings = PRESET
    config = replace(
        base, vocab_size=len(vocab), n_conditions=len(MODES), **(model_overrides or {})
    )
    settings = replace(settings, **(settings_overrides or {}))
    work_dir = Path(out).with_name(Path(out).name + ".work")
    weights, history = train_lm(
        config,
        examples(parts["train"], vocab),
        examples(parts["validation"], vocab),
        settings,
        work_dir,
        progress=progress,
        should_stop=should_stop,
    )
    if should_stop and should_stop():
        raise SongcraftError("Training was cancelled; the previous model is unchanged.")
    shutil.rmtree(work_dir, ignore_errors=True)  # only an interrupted run resumes from it
    model = MelodyModel(Path(out).name, config, vocab, list(MODES), weights)
    model.metrics = _metrics(model, parts, history, settings)
    model.save(out)
    return model


def _metrics(model: MelodyModel, parts: dict, history: dict, settings: TrainSettings) -> dict:
    """Training history and the held-out comparison with the n-gram baseline."""
    test = parts["test"]
    return {
        "history": history,
        "corpus_hash": corpus_hash([r.to_line() for r in parts["train"]]),
        "tunes": {name: len(part) for name, part in parts.items()},
        "settings": settings.__dict__,
        "evaluation": {
            "lstm": lstm_note_nll(model, test),
            "ngram": ngram_note_nll(parts["train"], test) if test else {},
        },
    }
