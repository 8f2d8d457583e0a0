"""The lyrics corpus: reading songs, the deterministic split, and writers' plain-text files.

Corpus files hold songs as `# song: Title`, `# style: pop`, then `[verse]`, `[chorus]`...
headers and one lyric line per line. Plain-text files (for evaluation and for training on
a writer's own lyrics) hold one lyric line per line with a blank line between songs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from songcraft.errors import SongcraftError

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus" / "lyrics"
MAX_FILE_BYTES = 5_000_000  # a writer's file larger than this is refused, not half-read
SPLITS = ("train", "validation", "test")
SECTION_RE = re.compile(r"^\[([a-z -]+)\]$")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
)


@dataclass
class LyricSong:
    title: str
    style: str
    lines: list[str] = field(default_factory=list)  # "" marks a section break
    source: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip("\n")

    @property
    def split(self) -> str:
        return split_of(self.title, self.style)


def clean_line(line: str) -> str:
    """Normalise a lyric line: NFKC, straight quotes, single spaces.

    >>> clean_line("  Don\u2019t   stop  ")
    "Don't stop"
    """
    line = unicodedata.normalize("NFKC", line).translate(_QUOTES)
    return " ".join(line.split())


def split_of(title: str, style: str) -> str:
    """Deterministic 80/10/10 split by song, from a hash of its style and title."""
    bucket = int(hashlib.sha256(f"{style}/{title}".encode()).hexdigest(), 16) % 10
    return "test" if bucket == 0 else "validation" if bucket == 1 else "train"


def parse_corpus_text(text: str, source: str = "") -> list[LyricSong]:
    songs: list[LyricSong] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("# song:"):
            songs.append(LyricSong(title=line[7:].strip(), style="", source=source))
        elif line.startswith("# style:") and songs:
            songs[-1].style = line[8:].strip().lower()
        elif SECTION_RE.match(line) and songs:
            if songs[-1].lines and songs[-1].lines[-1] != "":
                songs[-1].lines.append("")
        elif line and not line.startswith("#") and songs:
            songs[-1].lines.append(clean_line(line))
    for song in songs:
        while song.lines and song.lines[-1] == "":
            song.lines.pop()
    return [s for s in songs if s.lines and s.style]


def load_corpus(corpus_dir: str | Path = CORPUS_DIR) -> list[LyricSong]:
    """Every song in the corpus folder (recursively, *.txt), in a stable order."""
    corpus_dir = Path(corpus_dir)
    songs = []
    for path in sorted(corpus_dir.rglob("*.txt")):
        songs.extend(
            parse_corpus_text(path.read_text(encoding="utf-8"), str(path.relative_to(corpus_dir)))
        )
    if not songs:
        raise SongcraftError(f"No songs found in {corpus_dir}.")
    return songs


def split_songs(songs: list[LyricSong]) -> dict[str, list[LyricSong]]:
    parts: dict[str, list[LyricSong]] = {name: [] for name in SPLITS}
    for song in songs:
        parts[song.split].append(song)
    return parts


def read_text_file(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a writer's text file, refusing what is not lyrics with a clear message."""
    path = Path(path)
    if not path.is_file():
        raise SongcraftError(f"{path} does not exist or is not a file.")
    size = path.stat().st_size
    if size > max_bytes:
        raise SongcraftError(
            f"{path} is {size / 1e6:.1f} MB; lyrics files up to "
            f"{max_bytes / 1e6:.0f} MB are accepted. Split it into smaller files."
        )
    return decode_text(path.read_bytes(), str(path))


def decode_text(data: bytes, name: str = "the file") -> str:
    if b"\0" in data[:4096]:
        raise SongcraftError(f"{name} looks like a binary file, not lyrics text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SongcraftError(
            f"{name} is not UTF-8 text (byte {err.start} cannot be read). "
            "Save it as UTF-8 and try again."
        ) from err
    if not text.strip():
        raise SongcraftError(f"{name} is empty.")
    return text


def parse_plain_text(text: str, style: str = "", name: str = "text") -> list[LyricSong]:
    """Songs from plain text: one line per lyric line, blank lines between songs.

    ChordPro chords (`[Am]`) and directives (`{title: ...}`) are dropped, so .cho files work.
    """
    songs, current = [], []
    for raw in text.splitlines() + [""]:
        line = clean_line(re.sub(r"\[[^\]]*\]", "", raw))
        if line.startswith("{") and line.endswith("}"):
            continue
        if line:
            current.append(line)
        elif current:
            songs.append(
                LyricSong(
                    title=f"{name} #{len(songs) + 1}", style=style, lines=current, source=name
                )
            )
            current = []
    return songs
