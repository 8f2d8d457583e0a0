"""Tiny lyric models built in code: random weights, a vocabulary from a few written lines."""

from __future__ import annotations

import numpy as np

from songcraft.lyrics.corpus import LyricSong
from songcraft.lyrics.guards import CopyGuard, line_words
from songcraft.lyrics.model import LyricModel
from songcraft.lyrics.tokens import CharTokenizer, WordTokenizer
from songcraft.seqlm import SeqLMConfig

TINY_SONGS = [
    LyricSong(
        "Porch Light",
        "folk",
        [
            "i left the porch light on for you",
            "the night was cold and the sky was blue",
            "",
            "we walked along the river road",
            "and carried home a heavy load",
        ],
    ),
    LyricSong(
        "City Rain",
        "pop",
        [
            "the city rain is falling down",
            "on every street of this old town",
            "",
            "i hold the map but lose the way",
            "you said you would but did not stay",
        ],
    ),
    LyricSong(
        "Night Shift",
        "blues",
        [
            "the night shift ends at half past five",
            "i drive back home to stay alive",
            "",
            "my hands are tired my heart is true",
            "i sing the same old song to you",
        ],
    ),
    LyricSong(
        "Summer Fire",
        "rock",
        [
            "we light a fire on the hill",
            "the summer air is warm and still",
            "",
            "the band is loud the crowd is near",
            "we shout the words for all to hear",
        ],
    ),
]


def random_weights(config: SeqLMConfig, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    e, u = config.embed_dim + config.cond_dim, config.units
    shapes = [(config.vocab_size, config.embed_dim), (config.n_conditions, config.cond_dim)]
    for layer in range(config.layers):
        shapes += [(e if layer == 0 else u, 4 * u), (u, 4 * u), (4 * u,)]
    shapes += [(u, config.vocab_size), (config.vocab_size,)]
    return [rng.normal(0, 0.3, s).astype(np.float32) for s in shapes]


def tiny_model(level: str, seed: int = 0) -> LyricModel:
    texts = [s.text for s in TINY_SONGS]
    tok = (
        CharTokenizer.build(texts, min_count=1)
        if level == "char"
        else WordTokenizer.build(texts, min_count=1)
    )
    styles = ["any", "blues", "folk", "pop", "rock"]
    config = SeqLMConfig(
        vocab_size=len(tok),
        n_conditions=len(styles),
        embed_dim=8,
        cond_dim=4,
        units=16,
        layers=2 if level == "char" else 1,
        dropout=0.0,
    )
    lexicon: dict[str, int] = {}
    for text in texts:
        for word in line_words(text):
            lexicon[word] = lexicon.get(word, 0) + 1
    lines = [line for s in TINY_SONGS for line in s.lines if line]
    return LyricModel(
        name=f"tiny-{level}",
        config=config,
        tokenizer=tok,
        styles=styles,
        weights=random_weights(config, seed),
        metrics={},
        lexicon=lexicon,
        copy_guard=CopyGuard.build(lines),
    )
