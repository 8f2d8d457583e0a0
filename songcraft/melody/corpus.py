"""The melody corpus: built from music21's installed corpus, read back for training.

`build_corpus` walks the sources below, cleans each tune (songcraft.melody.extract) and
writes one text file per source to corpus/melody/. It is deterministic: files are read in
sorted order, duplicates (same notes) are dropped, and a source over its cap keeps an even
spread of its tunes. Nothing is downloaded; music21 ships these files.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from songcraft.errors import SongcraftError
from songcraft.melody.extract import Record, clean_tune
from songcraft.melody.sources import SkipTune, read_abc_file, read_score
from songcraft.melody.tokens import MODES, encode_notes

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus" / "melody"
HEADER = "# ident\tmeter\tmode\tstart\tnotes (length:pitch in sixteenths and semitones)"


@dataclass(frozen=True)
class Source:
    name: str  # file name in corpus/melody/
    folder: str  # folder of music21's corpus
    kind: str  # "abc" or "xml"
    cap: int | None  # most records kept (after cleaning); None keeps all
    skip_prefixes: tuple[str, ...] = ()  # music21's own test files
    max_files: int | None = None  # MusicXML parsing is slow: read at most this many files
    harmony_parts: bool = False  # the lower parts sound the chords (chorales)
    key_is_tonic: bool = False  # K: names the tonic, accidentals are written out (Essen)


SOURCES = (
    Source("essen", "essenFolksong", "abc", 3000, ("test", "variant"), key_is_tonic=True),
    Source("oneills", "oneills1850", "abc", 700),
    Source("ryans", "ryansMammoth", "abc", 500),
    Source("nottingham", "nottingham-dataset", "abc", None),
    Source("chorales", "bach", "xml", None, max_files=100, harmony_parts=True),
    Source("leadsheets", "leadSheet", "xml", None),
)


@dataclass
class SourceReport:
    name: str
    files: int = 0
    tunes: int = 0
    records: int = 0
    notes: int = 0
    skipped: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def _corpus_root() -> Path:
    from music21 import corpus

    paths = corpus.getCorePaths()
    if not paths:
        raise SongcraftError("music21's corpus is not installed, so there is nothing to read.")
    return next(p for p in map(Path, paths) if p.parent.parent.name == "corpus").parent.parent


def _tunes(source: Source, root: Path, report: SourceReport):
    suffixes = (".abc",) if source.kind == "abc" else (".mxl", ".xml", ".musicxml")
    files = sorted(
        p
        for p in (root / source.folder).iterdir()
        if p.suffix in suffixes and not p.name.startswith(source.skip_prefixes)
    )
    if source.max_files:
        files = files[: source.max_files]
    report.files = len(files)
    for path in files:
        if source.kind == "abc":
            yield from read_abc_file(path, source.name, source.key_is_tonic)
            continue
        try:
            yield read_score(path, f"{source.name}/{path.stem}", source.harmony_parts)
        except SkipTune as skip:
            yield skip
        except Exception as err:  # a score music21 can't read; count it, keep going
            yield SkipTune(f"unreadable score ({type(err).__name__})")


def read_source(source: Source, root: Path, seen: set[str]) -> tuple[list[Record], SourceReport]:
    """Clean every tune of a source, drop duplicates, keep an even spread up to the cap."""
    report, records, began = SourceReport(source.name), [], time.monotonic()
    for tune in _tunes(source, root, report):
        report.tunes += 1
        if isinstance(tune, SkipTune):
            report.skipped[str(tune)] += 1
            continue
        try:
            cleaned = clean_tune(tune)
        except SkipTune as skip:
            report.skipped[str(skip)] += 1
            continue
        for record in cleaned:
            body = hashlib.sha1(record.to_line().split("\t", 1)[1].encode()).hexdigest()
            if body in seen:
                report.skipped["duplicate"] += 1
                continue
            seen.add(body)
            records.append(record)
    if source.cap is not None and len(records) > source.cap:
        report.skipped["over the cap (even spread kept)"] += len(records) - source.cap
        step = len(records) / source.cap
        records = [records[int(i * step)] for i in range(source.cap)]
    report.records = len(records)
    report.notes = sum(len(r.notes) for r in records)
    report.seconds = time.monotonic() - began
    return records, report


def build_corpus(out_dir: str | Path = CORPUS_DIR, progress=print) -> list[SourceReport]:
    """Write corpus/melody/<source>.txt for every source and return what was counted."""
    out_dir, root, seen, reports = Path(out_dir), _corpus_root(), set(), []
    out_dir.mkdir(parents=True, exist_ok=True)
    for source in SOURCES:
        records, report = read_source(source, root, seen)
        lines = [HEADER, *(r.to_line() for r in records)]
        (out_dir / f"{source.name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        progress(
            f"{source.name}: {report.records} records, {report.notes} notes from "
            f"{report.tunes} tunes in {report.files} files ({report.seconds:.0f} s)"
        )
        reports.append(report)
    return reports


def parse_record(line: str) -> Record:
    """A record from its corpus line; SongcraftError names what is wrong."""
    try:
        ident, meter, mode, start, body = line.rstrip("\n").split("\t")
        notes, chord = [], None
        for word in body.split():
            if word == "|":
                continue
            if word.startswith("h"):
                chord = word
                continue
            length, pitch = word.split(":")
            notes.append((int(length), None if pitch == "r" else int(pitch), chord))
            chord = None
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode}")
        return Record(ident, meter, mode, int(start), notes)
    except ValueError as err:
        raise SongcraftError(f"corpus line is malformed ({err}): {line[:60]!r}") from None


def load_records(corpus_dir: str | Path = CORPUS_DIR) -> list[Record]:
    """Every record of every source file, in file order."""
    files = sorted(Path(corpus_dir).glob("*.txt"))
    if not files:
        raise SongcraftError(
            f"No melody corpus in {corpus_dir}: build it with `python -m songcraft melody corpus`."
        )
    records = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                records.append(parse_record(line))
    return records


def split_of(ident: str) -> str:
    """'train', 'validation' or 'test', fixed by the tune's name (about 90/5/5).

    Pieces of one tune share its split, so no tune is both trained on and tested.
    """
    tune = ident.split("~")[0]
    bucket = int(hashlib.sha1(tune.encode()).hexdigest(), 16) % 20
    return "test" if bucket == 0 else "validation" if bucket == 1 else "train"


def record_tokens(record: Record) -> list[str]:
    return encode_notes(record.meter, record.timed())
