"""A trained lyric model as the engine uses it: tokenizer, styles and the NumPy step function.

Loading needs only the bundle folder: no corpus, no TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from songcraft.bundle import Bundle, load_bundle, save_bundle
from songcraft.errors import BundleError, SongcraftError
from songcraft.lyrics.guards import CopyGuard
from songcraft.lyrics.tokens import Tokenizer
from songcraft.seqlm import NumpyLM, SeqLMConfig

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
SHIPPED = {"char": MODELS_DIR / "lyrics-char", "word": MODELS_DIR / "lyrics-word"}
ANY_STYLE = "any"


@dataclass
class LyricModel:
    name: str
    config: SeqLMConfig
    tokenizer: Tokenizer
    styles: list[str]  # condition ids; index 0 is "any" (no style asked for)
    weights: list
    metrics: dict
    lexicon: dict[str, int]  # word -> count in the training lyrics (rhyme choices, word checks)
    copy_guard: CopyGuard  # hashes of training 8-grams and lines, never reproduced
    line_ends: dict[str, int] = field(default_factory=dict)  # word -> lines it ends in training

    def __post_init__(self) -> None:
        self.lm = NumpyLM(self.config, self.weights)

    @property
    def level(self) -> str:
        return self.tokenizer.level

    def style_id(self, style: str | None) -> int:
        style = (style or ANY_STYLE).strip().lower()
        if style not in self.styles:
            raise SongcraftError(
                f"Unknown style '{style}'. This model knows: {', '.join(self.styles)}."
            )
        return self.styles.index(style)

    def save(self, path: str | Path) -> Path:
        config = {
            "kind": "lyrics",
            "level": self.level,
            "name": self.name,
            "model": self.config.to_dict(),
            "styles": self.styles,
        }
        vocab = {**self.tokenizer.to_json(), "lexicon": self.lexicon, "line_ends": self.line_ends}
        return save_bundle(
            path,
            config,
            vocab,
            self.weights,
            self.metrics,
            extras={"copy_guard": self.copy_guard.to_array()},
        )


def from_bundle(bundle: Bundle) -> LyricModel:
    try:
        config = SeqLMConfig.from_dict(bundle.config["model"])
        return LyricModel(
            name=bundle.config.get("name", bundle.path.name),
            config=config,
            tokenizer=Tokenizer.from_json(bundle.vocab),
            styles=list(bundle.config["styles"]),
            weights=bundle.weights,
            metrics=bundle.metrics,
            lexicon=dict(bundle.vocab.get("lexicon", {})),
            line_ends=dict(bundle.vocab.get("line_ends", {})),
            copy_guard=CopyGuard(bundle.extras.get("copy_guard", [])),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise BundleError(
            f"{bundle.path / 'config.json'} does not describe a lyric model "
            f"that matches its weights ({err})."
        ) from err


def load_lyric_model(path: str | Path) -> LyricModel:
    """Load a lyric model bundle; BundleError names the missing or corrupt file."""
    return from_bundle(load_bundle(path, kind="lyrics"))


def load_shipped(level: str) -> LyricModel:
    if level not in SHIPPED:
        raise SongcraftError(f"Unknown model level '{level}': use 'char' or 'word'.")
    return load_lyric_model(SHIPPED[level])
