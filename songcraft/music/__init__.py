"""Music: the song model, voicing, audio and exports."""

from songcraft.music.song import (
    ChordAt,
    Line,
    Note,
    Section,
    Song,
    progression_to_section,
)

__all__ = ["ChordAt", "Line", "Note", "Section", "Song", "progression_to_section"]
