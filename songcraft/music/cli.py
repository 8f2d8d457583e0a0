"""Song commands: `song export` (batch-convert songs and ChordPro files) and `bench audio`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from songcraft.errors import SongcraftError


def register(commands) -> None:
    song = commands.root.add_parser("song", help="song files: export lead sheets and audio")
    verbs = song.add_subparsers(dest="verb", required=True)
    export = verbs.add_parser(
        "export",
        help="convert songs (.json) or ChordPro files (.cho) to another format",
        description="Convert one or more songs. With several inputs, --out names a folder.",
    )
    export.add_argument("songs", nargs="+", help="SONG.json or SONG.cho files")
    export.add_argument(
        "--to",
        required=True,
        choices=("pdf", "svg", "musicxml", "midi", "chordpro", "wav", "json"),
    )
    export.add_argument("--out", default=None, help="output file (one song) or folder (several)")
    export.add_argument("--sound", choices=("piano", "pad"), default="piano", help="for wav")
    export.add_argument(
        "--pattern", choices=("block", "arpeggio", "strum"), default="block", help="for wav"
    )
    export.set_defaults(func=_export)

    bench = commands.bench.add_parser("audio", help="time audio rendering: 8 bars, a 3-minute song")
    bench.add_argument("--repeats", type=int, default=5, help="timed runs per case (median shown)")
    bench.set_defaults(func=_bench)


def _targets(sources: list[Path], to: str, out: str | None) -> list[Path]:
    """Where each export goes: --out for a single song, else beside it or in the --out folder."""
    from songcraft.music.exports import FORMATS

    suffix = FORMATS[to][0]
    if out and len(sources) == 1 and not Path(out).is_dir():
        return [Path(out)]
    folder = Path(out) if out else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    return [(folder or src.parent) / (src.stem + suffix) for src in sources]


def _write(target: Path, pages: list[bytes]) -> list[Path]:
    """Write the export; SVG pages after the first go to NAME-2.svg, NAME-3.svg ..."""
    written = []
    for number, data in enumerate(pages, 1):
        path = target if number == 1 else target.with_name(f"{target.stem}-{number}{target.suffix}")
        path.write_bytes(data)
        written.append(path)
    return written


def _export(args: argparse.Namespace) -> int:
    from songcraft.music.exports import export, read_song_file

    sources = [Path(name) for name in args.songs]
    failures = 0
    for source, target in zip(sources, _targets(sources, args.to, args.out), strict=True):
        try:
            if target.resolve() == source.resolve():
                raise SongcraftError("exporting would overwrite the song itself: use --out")
            pages = export(read_song_file(source), args.to, args.sound, args.pattern)
        except SongcraftError as err:
            print(f"error: {source}: {err}", file=sys.stderr)
            failures += 1
            continue
        for path in _write(target, pages):
            print(f"{source} -> {path}")
    if failures and len(sources) > 1:
        print(f"{failures} of {len(sources)} songs could not be exported", file=sys.stderr)
    return 2 if failures else 0


def _bench(args: argparse.Namespace) -> int:
    from songcraft.music.bench import bench_audio

    for line in bench_audio(max(1, args.repeats)):
        print(line)
    return 0
