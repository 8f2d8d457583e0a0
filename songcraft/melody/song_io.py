"""`python -m songcraft melody generate`: read a song, set its sections, print and write.

Each candidate is printed as one row of `NOTE syllable` pairs per line, so a writer can
compare them in a terminal; the chosen one (`--pick`, 1 = best) is written into the song.
"""

from __future__ import annotations

import re
from pathlib import Path

from songcraft.errors import SongcraftError
from songcraft.melody.generate import MelodyRequest, apply_melody, generate_melodies
from songcraft.melody.locks import parse_locked_bars
from songcraft.melody.model import SHIPPED, load_melody_model
from songcraft.melody.plan import note_name
from songcraft.melody.syllables import line_syllables
from songcraft.music.song import Note, Song

_NOTE = re.compile(r"^([A-Ga-g])([#b]?)(-?\d)$")
_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def parse_pitch(text: str) -> int:
    """MIDI number from "C4", "Bb3" or "60".

    >>> parse_pitch("C4"), parse_pitch("bb3"), parse_pitch("67")
    (60, 58, 67)
    """
    text = text.strip()
    if text.isdigit():
        return int(text)
    match = _NOTE.match(text)
    if not match:
        raise SongcraftError(f"'{text}' is not a note: write it like C4, F#3, Bb4 or 60.")
    shift = {"#": 1, "b": -1, "": 0}[match[2]]
    return 12 * (int(match[3]) + 1) + _PC[match[1].upper()] + shift


def parse_voice(text: str) -> str | tuple[int, int]:
    """A voice type ("alto") or a range ("C4-E5", "60-76")."""
    if "-" in text.strip()[1:]:
        low, high = re.split(r"\s*-\s*(?=[A-Ga-g\d])", text.strip(), maxsplit=1)
        return parse_pitch(low), parse_pitch(high)
    return text


def _has_lyrics(song: Song, index: int) -> bool:
    return any(line_syllables(line.text) for line in song.sections[index].lines)


def pick_sections(song: Song, name: str | None) -> list[int]:
    """Sections to set: by label, by number (1 = first) or every section of a kind."""
    if name is None:
        found = [i for i in range(len(song.sections)) if _has_lyrics(song, i)]
        if not found:
            raise SongcraftError("the song has no lyrics to set: write some lines first")
        return found
    wanted = name.strip().lower()
    labels = [i for i, s in enumerate(song.sections) if s.title.lower() == wanted]
    if labels:
        return labels[:1]
    if wanted.isdigit() and 1 <= int(wanted) <= len(song.sections):
        return [int(wanted) - 1]
    kinds = [i for i, s in enumerate(song.sections) if s.kind == wanted]
    if kinds:
        return kinds
    titles = ", ".join(s.title for s in song.sections) or "none"
    raise SongcraftError(f"no section '{name}' in the song (its sections: {titles})")


def show(lines: list[list[Note]]) -> list[str]:
    """One text row per line: `C4 Hold  E4 me  ...`, rests as `-`."""
    rows = []
    for notes in lines:
        words = [
            "-" if n.pitch is None else f"{note_name(n.pitch)} {n.syllable or '~'}" for n in notes
        ]
        rows.append("    " + "  ".join(words))
    return rows


def generate_for_file(args) -> list[str]:
    """Set the chosen sections of the song file; write it; return what to print."""
    from songcraft.music.exports import read_song_file

    try:
        song = read_song_file(args.song)
    except SongcraftError as err:
        raise SongcraftError(f"{args.song}: {err}") from None
    if not 1 <= args.pick <= args.candidates:
        raise SongcraftError(f"--pick must be from 1 to --candidates ({args.candidates})")
    request = MelodyRequest(
        args.candidates, parse_voice(args.voice), args.melisma, parse_locked_bars(args.lock)
    )
    model = load_melody_model(args.model or SHIPPED)
    out = []
    for index in pick_sections(song, args.section):
        found = generate_melodies(model, song, index, request, args.seed + index)
        title = song.sections[index].title
        for number, candidate in enumerate(found, 1):
            out.append(f"{title}, candidate {number} (score {candidate.score:.3f} per note):")
            out += show(candidate.lines)
        chosen = found[min(args.pick, len(found)) - 1]
        song = apply_melody(song, index, chosen)
    target = Path(args.out)
    try:
        target.write_text(song.to_json(), encoding="utf-8")
    except OSError as err:
        raise SongcraftError(f"can't write {target}: {err.strerror}") from None
    out.append(f"wrote {target}")
    return out
