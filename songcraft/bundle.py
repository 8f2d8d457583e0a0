"""Model bundles: one folder per trained model that loads with nothing else present.

A bundle holds `config.json` (what the model is and how to rebuild it), `vocab.json`
(its tokens), `weights.npz` (the arrays, in Keras `get_weights()` order), `metrics.json`
(training history, evaluation figures, corpus hash) and `manifest.json` (a SHA-256 per
file, so a truncated or altered file is named instead of half-loaded).

Writing is atomic: a bundle is assembled in a sibling folder and swapped in only when
complete, so a failed or interrupted run never replaces a good bundle.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from songcraft.errors import BundleError

FORMAT_VERSION = 1
FILES = ("config.json", "vocab.json", "weights.npz", "metrics.json")


@dataclass
class Bundle:
    """A loaded bundle: plain data, no TensorFlow needed to hold or use it."""

    path: Path
    config: dict[str, Any]
    vocab: Any
    weights: list[np.ndarray]
    metrics: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, np.ndarray] = field(default_factory=dict)  # optional arrays (extras.npz)

    @property
    def kind(self) -> str:
        return self.config["kind"]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_bundle(
    path: str | Path,
    config: dict,
    vocab: Any,
    weights: list[np.ndarray],
    metrics: dict | None = None,
    extras: dict[str, np.ndarray] | None = None,
) -> Path:
    """Write a bundle to `path` atomically and return the path.

    `config` must name the model `kind`; the format version is added here.
    """
    if "kind" not in config:
        raise ValueError("bundle config needs a 'kind'")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(path.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    config = {**config, "format_version": FORMAT_VERSION}
    (staging / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True))
    (staging / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    arrays = {f"w{i:03d}": np.asarray(w) for i, w in enumerate(weights)}
    np.savez_compressed(staging / "weights.npz", **arrays)
    (staging / "metrics.json").write_text(json.dumps(metrics or {}, indent=2, sort_keys=True))
    names = list(FILES)
    if extras:
        np.savez_compressed(staging / "extras.npz", **extras)
        names.append("extras.npz")
    manifest = {name: _sha256(staging / name) for name in names}
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    staging.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return path


def _read_json(file: Path) -> Any:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BundleError(f"{file} is corrupt: it is not valid JSON ({err}).") from err


def _check_files(path: Path) -> None:
    if not path.is_dir():
        raise BundleError(f"No model bundle at {path}: the folder does not exist.")
    for name in (*FILES, "manifest.json"):
        if not (path / name).is_file():
            raise BundleError(f"Model bundle {path} is incomplete: {path / name} is missing.")
    manifest = _read_json(path / "manifest.json")
    for name in manifest:
        if not (path / name).is_file():
            raise BundleError(f"Model bundle {path} is incomplete: {path / name} is missing.")
    for name in set(FILES) | set(manifest):
        if manifest.get(name) != _sha256(path / name):
            raise BundleError(
                f"{path / name} is corrupt: its checksum does not match {path / 'manifest.json'}."
                " Restore the file or retrain the model."
            )


def load_bundle(path: str | Path, kind: str | None = None) -> Bundle:
    """Load and verify a bundle; any problem raises BundleError naming the file."""
    path = Path(path)
    _check_files(path)
    config = _read_json(path / "config.json")
    if config.get("format_version") != FORMAT_VERSION:
        raise BundleError(
            f"{path / 'config.json'} has format version "
            f"{config.get('format_version')}; this Songcraft reads {FORMAT_VERSION}."
        )
    if kind is not None and config.get("kind") != kind:
        raise BundleError(f"{path} holds a '{config.get('kind')}' model, not '{kind}'.")
    try:
        with np.load(path / "weights.npz") as data:
            weights = [data[f"w{i:03d}"] for i in range(len(data.files))]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as err:
        raise BundleError(f"{path / 'weights.npz'} is corrupt: {err}") from err
    return Bundle(
        path=path,
        config=config,
        vocab=_read_json(path / "vocab.json"),
        weights=weights,
        metrics=_read_json(path / "metrics.json"),
        extras=_load_extras(path),
    )


def _load_extras(path: Path) -> dict[str, np.ndarray]:
    file = path / "extras.npz"
    if not file.is_file():
        return {}
    try:
        with np.load(file) as data:
            return {name: data[name] for name in data.files}
    except (OSError, ValueError, zipfile.BadZipFile) as err:
        raise BundleError(f"{file} is corrupt: {err}") from err


def corpus_hash(texts: list[str]) -> str:
    """A short hash of the training text, stored in the bundle's metrics."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]
