"""Training the chord LSTM on the chord corpus (`python -m songcraft train chords`).

The bundle is written only when training succeeds (atomically), with the evaluation
figures against the trigram baseline in its metrics.json.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from songcraft.bundle import corpus_hash
from songcraft.chords.corpus import CORPUS_DIR, build_vocabulary, describe, examples, load_corpus
from songcraft.chords.evaluate import encode_lines, evaluate_examples, fit_baseline
from songcraft.chords.model import SHIPPED_PATH, ChordModel
from songcraft.errors import SongcraftError
from songcraft.seqlm import SeqLMConfig
from songcraft.training import TrainSettings, train_lm

# Sized for about two thousand progressions on a 2-core CPU; the bundle stays under 1 MB.
MODEL = SeqLMConfig(vocab_size=2, embed_dim=48, cond_dim=12, units=160, layers=1, dropout=0.3)
SETTINGS = TrainSettings(seq_len=64, batch_size=32, epochs=40, patience=4, learning_rate=3e-3)


def train_chords(
    out: str | Path = SHIPPED_PATH,
    *,
    corpus_dir: str | Path = CORPUS_DIR,
    work_dir: str | Path | None = None,
    model_overrides: dict | None = None,
    settings_overrides: dict | None = None,
    progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ChordModel:
    """Train on the corpus's train split (early stopping on validation), evaluate on the
    test split against the trigram baseline, and save the bundle to `out`."""
    corpus = load_corpus(corpus_dir)
    train, val = corpus.splits["train"], corpus.splits["val"]
    if len(train) < 10 or not val:
        raise SongcraftError(
            f"The chord corpus is too small to train on: {len(train)} training"
            f" and {len(val)} validation progressions."
        )
    vocab = build_vocabulary(train)
    config = replace(
        MODEL, vocab_size=len(vocab), n_conditions=len(vocab.styles), **(model_overrides or {})
    )
    settings = replace(SETTINGS, **(settings_overrides or {}))
    work_dir = Path(work_dir or Path(out).with_name(Path(out).name + ".work"))
    weights, history = train_lm(
        config,
        examples(vocab, train, any_copies=True),
        examples(vocab, val),
        settings,
        work_dir,
        progress=progress,
        should_stop=should_stop,
    )
    if should_stop is not None and should_stop():
        raise SongcraftError("Training was stopped; the chord model was not saved.")
    model = ChordModel(config=config, vocab=vocab, weights=weights)
    model.metrics = _metrics(model, corpus, history, settings)
    model.save(out)
    return model


def _metrics(model: ChordModel, corpus, history: dict, settings: TrainSettings) -> dict:
    """Training history, test-split figures against the trigram, and what it was trained on."""
    skipped: list = []
    test = encode_lines(model, corpus.splits["test"], True, lambda line, err: skipped.append(err))
    figures = evaluate_examples(model, fit_baseline(model, corpus.splits["train"]), test)
    return {
        "history": history,
        "test": figures,
        "corpus": describe(corpus),
        "corpus_hash": corpus_hash(corpus.texts),
        "test_skipped": len(skipped),
        "settings": dict(vars(settings)),
    }
