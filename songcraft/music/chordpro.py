"""ChordPro 6 in and out: the plain-text chord sheet writers already keep and share.

Export writes `{title}`, `{artist}`, `{key}`, `{tempo}`, `{time}`, one environment per
section (`{start_of_verse: Verse 1}` ... `{end_of_verse}`; chorus and bridge have their own,
pre-chorus, intro and outro use ChordPro 6 custom names) and chords inline on the word where
they change: `[Am]word`. What ChordPro can't say (how long a chord lasts when it isn't one
bar, the melody) goes in `x_songcraft_*` directives, which ChordPro tools ignore, so our own
files read back to the same song. Import (chordpro_read.py) also takes writers' own files.
"""

from __future__ import annotations

from songcraft.errors import SongcraftError
from songcraft.music.chordpro_read import (
    SheetReader,
    beats_text,
    melody_text,
    place_chords,
    read_chords,
)
from songcraft.music.song import Line, Song

MAX_FILE_CHARS = 500_000  # a long song is 10 kB; far past that it's not a chord sheet


def to_chordpro(song: Song) -> str:
    """The song as ChordPro 6 text."""
    song.validate()
    tonic, mode = song.key.split()
    out = [f"{{title: {song.title}}}"]
    if song.writer:
        out.append(f"{{artist: {song.writer}}}")
    out.append(f"{{key: {tonic}{'m' if mode == 'minor' else ''}}}")
    out += [f"{{tempo: {song.tempo}}}", f"{{time: {song.time_signature}}}"]
    for section in song.sections:
        environment = section.kind.replace("-", "_")  # ChordPro names: letters, digits, _
        label = f": {section.label}" if section.label else ""
        out += ["", f"{{start_of_{environment}{label}}}"]
        for line in section.lines:
            out += _line_out(line, song.beats_per_bar)
        out.append(f"{{end_of_{environment}}}")
        if section.repeats > 1:
            out.append(f"{{comment: Repeat x{section.repeats}}}")
    return "\n".join(out) + "\n"


def _line_out(line: Line, beats_per_bar: int) -> list[str]:
    """The lyric line with inline chords, after the directives it needs (only when it does)."""
    text = place_chords(line)
    out = []
    one_bar_each = all(c.beats == beats_per_bar for c in line.chords)
    words_read_back = [word for _, word in read_chords(text)[1]]
    if not one_bar_each or words_read_back != [c.word for c in line.chords]:
        timing = " ".join(
            f"{beats_text(c.beats)}@{'-' if c.word is None else c.word}" for c in line.chords
        )
        out.append(f"{{x_songcraft_chords: {timing}}}")
    if line.melody:
        out.append(f"{{x_songcraft_melody: {melody_text(line.melody)}}}")
    if not text.strip():
        text = "{x_songcraft_line}"  # a line with no words or chords: a melody or a bar's rest
    return out + [text]


def from_chordpro(text: str | bytes) -> Song:
    """Read a ChordPro file into a Song; a broken file raises SongcraftError naming the line."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SongcraftError("the ChordPro file is not UTF-8 text") from None
    if len(text) > MAX_FILE_CHARS:
        raise SongcraftError(
            f"the ChordPro file is {len(text)} characters; the limit is {MAX_FILE_CHARS}"
        )
    if "\x00" in text:
        raise SongcraftError("the ChordPro file holds binary data, not text")
    song = SheetReader().read(text.lstrip("\ufeff"))
    if not any(section.lines for section in song.sections):
        raise SongcraftError("the ChordPro file has no lyrics or chords in it")
    song.validate()
    return song
