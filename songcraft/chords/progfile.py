"""The progression text format shared by the corpus and `chords eval --file`.

    # style=jazz section=verse
    Eb major: Eb | Cm | Ab Bb | Eb

`#` starts a comment; a comment of `key=value` pairs sets metadata (style, section, and
for derived corpora source and meter) for the lines after it. Each other line is one
progression: a key, a colon, bars separated by `|`, chords in a bar sharing it evenly.
A line that cannot be read is reported with its number and skipped, never fatal.

>>> result = read_progressions("# style=pop\\nC major: C | G\\nJ major: C\\nC major: C | H7 Q")
>>> [str(p.key) for p in result.progressions], result.bad_chords, result.problems[0][0]
(['C major'], 2, 3)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from songcraft.chords.keys import Key, parse_key
from songcraft.chords.symbols import ChordSymbol, parse_chord
from songcraft.errors import SongcraftError

MAX_FILE_BYTES = 20_000_000
MAX_BARS = 256  # longer lines are almost certainly several songs run together
_METADATA = re.compile(r"#\s*((?:[\w-]+=\S+\s*)+)$")


@dataclass(frozen=True)
class ProgressionLine:
    """One progression read from a file, with the metadata in force on its line."""

    key: Key
    bars: tuple[tuple[ChordSymbol | None, ...], ...]
    style: str | None = None
    section: str | None = None
    source: str | None = None  # piece or file it came from; keeps a piece in one split
    beats_per_bar: int = 4
    line: int = 0
    origin: str = ""

    def as_text(self) -> str:
        bars = " | ".join(
            " ".join("N.C." if c is None else str(c) for c in bar) for bar in self.bars
        )
        return f"{self.key}: {bars}"


@dataclass
class ReadResult:
    progressions: list[ProgressionLine] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)
    bad_chords: int = 0  # chord symbols that could not be parsed


def _parse_bars(body: str) -> tuple[list[tuple], list[str]]:
    """Bars of parsed chords, and a message per chord that could not be read."""
    bars: list[tuple] = []
    errors: list[str] = []
    for number, bar_text in enumerate(body.strip().strip("|").split("|"), start=1):
        names = bar_text.split()
        if names == ["%"] and bars:
            bars.append(bars[-1])
            continue
        if not names:
            errors.append(f"bar {number} is empty")
            continue
        chords = []
        for name in names:
            try:
                chords.append(parse_chord(name))
            except SongcraftError as err:
                errors.append(f"bar {number}: {err}")
        bars.append(tuple(chords))
    return bars, errors


def _read_metadata(line: str) -> dict[str, str] | None:
    match = _METADATA.fullmatch(line)
    if not match:
        return None
    return dict(pair.split("=", 1) for pair in match.group(1).split())


def _line_problem(body: str, key_text: str) -> tuple[Key | None, str | None]:
    try:
        key = parse_key(key_text)
    except SongcraftError as err:
        return None, str(err)
    if not body.strip().strip("|").strip():
        return None, f"no chords after '{key_text.strip()}:'"
    return key, None


def read_progressions(text: str, origin: str = "<text>", metadata: bool = True) -> ReadResult:
    """Read every progression line; `metadata=False` ignores style and section comments."""
    result = ReadResult()
    meta: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            found = _read_metadata(line)
            meta = found if found is not None and metadata else meta
            continue
        key_text, colon, body = line.partition(":")
        if not colon:
            result.problems.append((number, "no key: start the line with e.g. 'C major:'"))
            continue
        key, problem = _line_problem(body, key_text)
        if problem is None:
            bars, errors = _parse_bars(body)
            result.bad_chords += sum(1 for e in errors if "empty" not in e)
            problem = "; ".join(errors) if errors else None
            if problem is None and len(bars) > MAX_BARS:
                problem = f"{len(bars)} bars is more than {MAX_BARS} on one line"
        if problem is not None:
            result.problems.append((number, problem))
            continue
        result.progressions.append(_make_line(key, bars, meta, number, origin))
    return result


def _make_line(key: Key, bars: list, meta: dict, number: int, origin: str) -> ProgressionLine:
    try:
        beats = int(meta.get("meter", "4/4").split("/")[0])
    except ValueError:
        beats = 4
    return ProgressionLine(
        key=key,
        bars=tuple(bars),
        style=meta.get("style"),
        section=meta.get("section"),
        source=meta.get("source"),
        beats_per_bar=max(1, min(beats, 12)),
        line=number,
        origin=origin,
    )


def read_progression_file(path: str | Path, metadata: bool = True) -> ReadResult:
    """Read a progression file; a missing, huge or non-text file is a clear SongcraftError."""
    path = Path(path)
    if not path.is_file():
        raise SongcraftError(f"No progression file at {path}.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SongcraftError(
            f"{path} is larger than {MAX_FILE_BYTES // 1_000_000} MB; split it into smaller files."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise SongcraftError(
            f"{path} is not UTF-8 text ({err.reason} at byte {err.start})."
        ) from None
    return read_progressions(text, origin=path.name, metadata=metadata)
