"""Tiny lyric models built in code: random weights, a vocabulary from a few written lines."""

from __future__ import annotations

from songcraft.lyrics.corpus import LyricSong
from songcraft.lyrics.guards import CopyGuard, line_words
from songcraft.lyrics.model import LyricModel
from songcraft.lyrics.tokens import CharTokenizer, WordTokenizer
from songcraft.seqlm import SeqLMConfig, random_weights

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
