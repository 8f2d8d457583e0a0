"""Every export by name, and reading a song file by its kind: one table for the command line
and the app's download buttons alike. Heavy modules (music21, verovio) load on first use."""

from __future__ import annotations

import json
from pathlib import Path

from songcraft.errors import SongcraftError
from songcraft.music.song import Song

FORMATS = {  # name -> (file suffix, MIME type)
    "pdf": (".pdf", "application/pdf"),
    "svg": (".svg", "image/svg+xml"),
    "musicxml": (".musicxml", "application/vnd.recordare.musicxml+xml"),
    "midi": (".mid", "audio/midi"),
    "chordpro": (".cho", "text/plain"),
    "wav": (".wav", "audio/wav"),
    "json": (".json", "application/json"),
}
CHORDPRO_SUFFIXES = (".cho", ".chordpro", ".chopro", ".crd", ".pro")
MAX_FILE_BYTES = 2_000_000  # a song file is kilobytes; megabytes means the wrong file


def export(song: Song, to: str, sound: str = "piano", pattern: str = "block") -> list[bytes]:
    """The song in format `to`: one item, or one per page for SVG."""
    if to == "pdf":
        from songcraft.music.engrave import to_pdf

        return [to_pdf(song)]
    if to == "svg":
        from songcraft.music.engrave import to_svg_pages

        return [page.encode("utf-8") for page in to_svg_pages(song)]
    if to == "musicxml":
        from songcraft.music.notation import to_musicxml

        return [to_musicxml(song)]
    if to == "midi":
        from songcraft.music.notation import to_midi

        return [to_midi(song)]
    if to == "chordpro":
        from songcraft.music.chordpro import to_chordpro

        return [to_chordpro(song).encode("utf-8")]
    if to == "wav":
        from songcraft.music.audition import to_wav

        return [to_wav(song, sound, pattern)]
    if to == "json":
        song.validate()
        return [song.to_json().encode("utf-8")]
    raise SongcraftError(f"no export called {to!r}: choose one of {', '.join(FORMATS)}")


def read_song(name: str, data: bytes) -> Song:
    """A song from a file's name and bytes: Songcraft JSON, or ChordPro."""
    if len(data) > MAX_FILE_BYTES:
        raise SongcraftError(f"the file is {len(data):,} bytes: too big for a song")
    if name.lower().endswith(".json") or _looks_like_json(data):
        return Song.from_json(data)
    if not name.lower().endswith(CHORDPRO_SUFFIXES) and b"[" not in data and b"{" not in data:
        raise SongcraftError("the file is neither a Songcraft song (.json) nor ChordPro (.cho)")
    from songcraft.music.chordpro import from_chordpro

    return from_chordpro(data)


def read_song_file(path: str | Path) -> Song:
    """Read a song from disk (see read_song); messages leave naming the file to the caller."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SongcraftError("no such file") from None
    except IsADirectoryError:
        raise SongcraftError("that is a folder: name the song files in it") from None
    except OSError as err:
        raise SongcraftError(f"the file can't be read ({err.strerror})") from None
    return read_song(path.name, data)


def _looks_like_json(data: bytes) -> bool:
    try:
        return isinstance(json.loads(data), dict)
    except (ValueError, UnicodeDecodeError):
        return False
