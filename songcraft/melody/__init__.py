"""Melody: the melody model and setting a writer's lyrics to a tune.

The app needs only these names; they load on first use, so the command line stays quick.
"""

from __future__ import annotations

import importlib

_API = {
    "MelodyCandidate": "songcraft.melody.generate",
    "MelodyRequest": "songcraft.melody.generate",
    "apply_melody": "songcraft.melody.generate",
    "generate_melodies": "songcraft.melody.generate",
    "load_melody_model": "songcraft.melody.model",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'songcraft.melody' has no attribute {name!r}")
