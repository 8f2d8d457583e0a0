"""Music: the song model, voicing, audio and exports.

Every export is a function from a Song (or a progression) to bytes:
`to_wav`, `progression_to_wav`, `to_chordpro` / `from_chordpro`, `to_musicxml`, `to_midi`,
`to_svg_pages`, `to_pdf`. They load lazily, so importing the song model stays cheap (no
music21 or verovio until an export is asked for).
"""

from __future__ import annotations

import importlib
from typing import Any

from songcraft.music.song import (
    ChordAt,
    Line,
    Note,
    Section,
    Song,
    progression_to_section,
)

_LAZY = {
    "to_wav": "songcraft.music.audition",
    "progression_to_wav": "songcraft.music.audition",
    "to_chordpro": "songcraft.music.chordpro",
    "from_chordpro": "songcraft.music.chordpro",
    "to_musicxml": "songcraft.music.notation",
    "to_midi": "songcraft.music.notation",
    "to_svg_pages": "songcraft.music.engrave",
    "to_pdf": "songcraft.music.engrave",
    "voice_symbols": "songcraft.music.voicing",
    "export": "songcraft.music.exports",
    "read_song": "songcraft.music.exports",
    "FORMATS": "songcraft.music.exports",
}

__all__ = ["ChordAt", "Line", "Note", "Section", "Song", "progression_to_section", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'songcraft.music' has no attribute {name!r}")
