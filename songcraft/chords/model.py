"""A trained chord model as the decoder uses it: vocabulary, styles and the NumPy step.

Loading needs only the bundle folder (no corpus, no TensorFlow). The bundle's config
records the model shape and the vocabulary's styles; metrics.json keeps the evaluation
figures against the trigram baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from songcraft.bundle import Bundle, load_bundle, save_bundle
from songcraft.chords.tokens import (
    Vocabulary,
    degree_of_token,
    is_pattern,
    parse_pattern,
    section_token,
)
from songcraft.errors import BundleError
from songcraft.seqlm import NumpyLM, SeqLMConfig, random_weights

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
SHIPPED_PATH = MODELS_DIR / "chords-lstm"
KIND = "chords"


@dataclass
class TokenTable:
    """Per-token facts as arrays, so the decoder builds masks without Python loops."""

    is_chord: np.ndarray  # bool [V]: a chord token (N.C. included)
    is_pattern: np.ndarray  # bool [V]: a bar-shape token
    pattern_chords: np.ndarray  # int [V]: chords in the bar shape, 0 for other tokens
    pattern_beats: np.ndarray  # float [V]: beats the bar shape fills
    offset: np.ndarray  # int [V]: root semitones above the tonic, -1 for non-chords
    quality: list[str]  # per token; "" for non-chords
    has_bass: np.ndarray  # bool [V]: a slash chord or inversion

    @classmethod
    def build(cls, vocab: Vocabulary) -> TokenTable:
        n = len(vocab)
        table = cls(
            np.zeros(n, bool),
            np.zeros(n, bool),
            np.zeros(n, int),
            np.zeros(n),
            np.full(n, -1),
            [""] * n,
            np.zeros(n, bool),
        )
        for i, token in enumerate(vocab.tokens):
            if is_pattern(token):
                durations = parse_pattern(token)
                table.is_pattern[i] = True
                table.pattern_chords[i] = len(durations)
                table.pattern_beats[i] = float(sum(durations))
            elif not token.startswith("<"):
                table.is_chord[i] = True
                degree = degree_of_token(token)
                if degree is not None:
                    table.offset[i] = degree.offset
                    table.quality[i] = degree.quality
                    table.has_bass[i] = degree.bass is not None
        return table


@dataclass
class ChordModel:
    """A chord LSTM ready to generate: config, vocabulary, weights and metrics."""

    config: SeqLMConfig
    vocab: Vocabulary
    weights: list
    metrics: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.config.vocab_size != len(self.vocab):
            raise ValueError(
                f"vocabulary has {len(self.vocab)} tokens, the model {self.config.vocab_size}"
            )
        if self.config.n_conditions != len(self.vocab.styles):
            raise ValueError("the model's condition count does not match its styles")
        self.lm = NumpyLM(self.config, self.weights)
        self.table = TokenTable.build(self.vocab)

    @property
    def styles(self) -> list[str]:
        return list(self.vocab.styles)

    def knows_section(self, kind: str) -> bool:
        """Whether the model was trained with this kind of section (verse, chorus...)."""
        return section_token(kind) in self.vocab.index

    def save(self, path: str | Path) -> Path:
        config = {"kind": KIND, "model": self.config.to_dict(), "styles": self.vocab.styles}
        return save_bundle(path, config, self.vocab.to_dict(), self.weights, self.metrics)


def from_bundle(bundle: Bundle) -> ChordModel:
    try:
        return ChordModel(
            config=SeqLMConfig.from_dict(bundle.config["model"]),
            vocab=Vocabulary.from_dict(bundle.vocab),
            weights=bundle.weights,
            metrics=bundle.metrics,
        )
    except (KeyError, TypeError, ValueError) as err:
        raise BundleError(
            f"{bundle.path / 'config.json'} does not describe a chord model "
            f"that matches its weights ({err})."
        ) from err


def load_chord_model(path: str | Path = SHIPPED_PATH) -> ChordModel:
    """Load a chord model bundle; a missing or corrupt file raises BundleError naming it."""
    return from_bundle(load_bundle(path, kind=KIND))


def untrained_model(vocab: Vocabulary, seed: int = 0, units: int = 16) -> ChordModel:
    """A tiny random model with the right shapes, for tests and for trying the decoder."""
    config = SeqLMConfig(
        vocab_size=len(vocab),
        n_conditions=len(vocab.styles),
        embed_dim=8,
        cond_dim=4,
        units=units,
        layers=1,
        dropout=0.0,
    )
    weights = random_weights(config, seed)
    return ChordModel(config=config, vocab=vocab, weights=weights)
