"""A trained melody model as the engine uses it: vocabulary, modes and the NumPy step.

Loading needs only the bundle folder: no corpus, no TensorFlow. `untrained_model` builds
a tiny model with random weights, so tests and a fresh checkout can exercise the whole
lyric-setting path without the shipped bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from songcraft.bundle import Bundle, load_bundle, save_bundle
from songcraft.errors import BundleError, SongcraftError
from songcraft.melody.tokens import MODES, Vocabulary
from songcraft.seqlm import NumpyLM, SeqLMConfig, random_weights

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
SHIPPED = MODELS_DIR / "melody-lstm"
KIND = "melody"


@dataclass
class MelodyModel:
    name: str
    config: SeqLMConfig
    vocab: Vocabulary
    modes: list[str]  # condition ids: the mode of the tune
    weights: list
    metrics: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.config.vocab_size != len(self.vocab):
            raise BundleError(
                f"model '{self.name}' has {self.config.vocab_size} tokens in its config "
                f"but {len(self.vocab)} in its vocabulary."
            )
        self.lm = NumpyLM(self.config, self.weights)

    def mode_id(self, mode: str) -> int:
        """Condition id of a song's mode; modes the model never saw fall back to major."""
        return self.modes.index(mode) if mode in self.modes else 0

    def save(self, path: str | Path) -> Path:
        config = {
            "kind": KIND,
            "name": self.name,
            "model": self.config.to_dict(),
            "modes": self.modes,
        }
        return save_bundle(path, config, self.vocab.tokens, self.weights, self.metrics)


def from_bundle(bundle: Bundle) -> MelodyModel:
    try:
        return MelodyModel(
            name=bundle.config.get("name", bundle.path.name),
            config=SeqLMConfig.from_dict(bundle.config["model"]),
            vocab=Vocabulary(bundle.vocab),
            modes=list(bundle.config["modes"]),
            weights=bundle.weights,
            metrics=bundle.metrics,
        )
    except (KeyError, TypeError, ValueError, SongcraftError) as err:
        raise BundleError(
            f"{bundle.path / 'config.json'} does not describe a melody model "
            f"that matches its weights ({err})."
        ) from err


def load_melody_model(path: str | Path = SHIPPED) -> MelodyModel:
    """Load a melody bundle; BundleError names the missing or corrupt file."""
    return from_bundle(load_bundle(path, kind=KIND))


def untrained_model(units: int = 16, seed: int = 0) -> MelodyModel:
    """A tiny model with random weights: every constraint still holds, the tune is noise."""
    vocab = Vocabulary()
    config = SeqLMConfig(
        vocab_size=len(vocab),
        n_conditions=len(MODES),
        embed_dim=8,
        cond_dim=4,
        units=units,
        layers=1,
        dropout=0.0,
    )
    return MelodyModel("untrained", config, vocab, list(MODES), random_weights(config, seed))
