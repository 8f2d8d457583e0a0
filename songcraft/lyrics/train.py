"""Training the lyric models: on the corpus from the command line, on a writer's lyrics in the app.

Both paths call `train_lyrics`. A bundle is written only when training succeeds, atomically,
so a failed or cancelled run never replaces a good model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from songcraft.bundle import corpus_hash
from songcraft.errors import SongcraftError
from songcraft.lyrics.corpus import LyricSong
from songcraft.lyrics.guards import CopyGuard, line_words
from songcraft.lyrics.model import ANY_STYLE, LyricModel
from songcraft.lyrics.tokens import CharTokenizer, Tokenizer, WordTokenizer
from songcraft.seqlm import SeqLMConfig
from songcraft.training import TrainSettings, train_lm

# Sized for a corpus of a few hundred songs on a 2-core CPU; bundles stay a few MB.
PRESETS = {
    "char": (
        SeqLMConfig(vocab_size=2, embed_dim=32, cond_dim=8, units=320, layers=2, dropout=0.25),
        TrainSettings(seq_len=160, batch_size=32, epochs=25, patience=3, learning_rate=3e-3),
    ),
    "word": (
        SeqLMConfig(vocab_size=2, embed_dim=128, cond_dim=8, units=320, layers=1, dropout=0.5),
        TrainSettings(seq_len=48, batch_size=32, epochs=30, patience=3, learning_rate=3e-3),
    ),
}
ANY_SHARE = 0.2  # share of training songs shown without their style, so "any" is learnt too


def build_tokenizer(level: str, songs: list[LyricSong]) -> Tokenizer:
    texts = [s.text for s in songs]
    if level == "char":
        return CharTokenizer.build(texts)
    if level == "word":
        return WordTokenizer.build(texts)
    raise SongcraftError(f"Unknown model level '{level}': use 'char' or 'word'.")


def style_list(songs: list[LyricSong]) -> list[str]:
    return [ANY_STYLE] + sorted({s.style for s in songs if s.style and s.style != ANY_STYLE})


def examples(
    songs: list[LyricSong],
    tokenizer: Tokenizer,
    styles: list[str],
    any_share: float = 0.0,
    seed: int = 0,
) -> list[tuple[np.ndarray, int]]:
    """Token ids per song with its style id (some songs shown as "any" when any_share > 0)."""
    rng = np.random.default_rng(seed)
    out = []
    for song in songs:
        style = song.style if song.style in styles else ANY_STYLE
        if rng.random() < any_share:
            style = ANY_STYLE
        out.append((np.asarray(tokenizer.encode_song(song.text), np.int32), styles.index(style)))
    return out


def check_trainable(songs: list[LyricSong]) -> None:
    """Refuse text that would train nothing useful, with a reason a writer can act on."""
    lines = sum(1 for s in songs for line in s.lines if line)
    if lines < 2:
        raise SongcraftError(f"Training needs at least two lyric lines; this text has {lines}.")
    text = "".join(s.text for s in songs)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    other = sum(not ch.isascii() and not ch.isspace() for ch in text)
    if latin < 0.8 * (latin + other):
        raise SongcraftError(
            "Most of this text is in characters the models cannot read (emoji or scripts "
            "other than English lyrics). Upload English lyrics."
        )


def word_counts(lines: list[str], base: LyricModel | None = None) -> tuple[dict, dict]:
    """How often each word is sung, and how often it ends a line (the base model's added)."""
    lexicon: dict[str, int] = dict(base.lexicon) if base else {}
    line_ends: dict[str, int] = dict(base.line_ends) if base else {}
    for line in lines:
        words = line_words(line)
        for word in words:
            lexicon[word] = lexicon.get(word, 0) + 1
        if words:
            line_ends[words[-1]] = line_ends.get(words[-1], 0) + 1
    return lexicon, line_ends


def train_lyrics(
    level: str,
    train: list[LyricSong],
    val: list[LyricSong],
    out: str | Path,
    *,
    name: str = "",
    work_dir: str | Path | None = None,
    base: LyricModel | None = None,
    model_overrides: dict | None = None,
    settings_overrides: dict | None = None,
    progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> LyricModel:
    """Train (or fine-tune `base`) and save the bundle to `out`; returns the model."""
    if level not in PRESETS:
        raise SongcraftError(f"Unknown model level '{level}': use 'char' or 'word'.")
    model_cfg, settings = PRESETS[level]
    settings = replace(settings, **(settings_overrides or {}))
    if base is not None:
        tokenizer, styles, config = base.tokenizer, base.styles, base.config
    else:
        tokenizer = build_tokenizer(level, train)
        styles = style_list(train)
        config = replace(
            model_cfg,
            vocab_size=len(tokenizer),
            n_conditions=len(styles),
            **(model_overrides or {}),
        )
    check_trainable(train)
    work_dir = Path(work_dir or Path(out).with_name(Path(out).name + ".work"))
    weights, history = train_lm(
        config,
        examples(train, tokenizer, styles, ANY_SHARE, settings.seed),
        examples(val, tokenizer, styles),
        settings,
        work_dir,
        init_weights=base.weights if base else None,
        progress=progress,
        should_stop=should_stop,
    )
    if should_stop and should_stop():
        raise SongcraftError("Training was cancelled; the previous model is unchanged.")
    metrics = {
        "history": history,
        "corpus_hash": corpus_hash([s.text for s in train]),
        "train_songs": len(train),
        "validation_songs": len(val),
        "settings": settings.__dict__,
        "base": base.name if base else None,
    }
    lines = [line for s in train for line in s.lines if line]
    lexicon, line_ends = word_counts(lines, base)
    guard = CopyGuard(base.copy_guard.hashes if base else ())
    guard.hashes |= CopyGuard.build(lines).hashes
    model = LyricModel(
        name=name or Path(out).name,
        config=config,
        tokenizer=tokenizer,
        styles=styles,
        weights=weights,
        metrics=metrics,
        lexicon=lexicon,
        line_ends=line_ends,
        copy_guard=guard,
    )
    model.save(out)
    return model
