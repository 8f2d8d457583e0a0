"""Training a lyric model on a writer's own lyrics in the background, for the Train page.

The job runs in its own thread so pages stay responsive, and only one job trains at a time
in a process (later ones wait their turn) so writers training at once share the CPU instead
of fighting over it. Progress goes into a lock-protected snapshot the page polls; cancel()
stops training after the current step and leaves no half-written model.
"""

from __future__ import annotations

import logging
import math
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from songcraft.errors import SongcraftError
from songcraft.lyrics.corpus import LyricSong, decode_text, parse_plain_text
from songcraft.store import data_dir

MAX_UPLOAD_BYTES = 20_000_000  # all files together; a catalogue bigger than this is for the CLI
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
RESERVED = ("lyrics-char", "lyrics-word")  # the shipped models' names
_ONE_AT_A_TIME = threading.Lock()  # one training job per process at a time
log = logging.getLogger("songcraft.train")


@dataclass(frozen=True)
class LyricsSummary:
    songs: int
    lines: int
    words: int
    characters: int


def read_lyrics(files: list[tuple[str, bytes]], pasted: str = "") -> list[LyricSong]:
    """Songs from uploaded .txt/.cho files and pasted text; SongcraftError names a bad file."""
    total = sum(len(data) for _, data in files) + len(pasted.encode())
    if total > MAX_UPLOAD_BYTES:
        raise SongcraftError(
            f"the lyrics add up to {total / 1e6:.1f} MB; the Train page takes up to "
            f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB (train on more with `python -m songcraft train`)"
        )
    songs: list[LyricSong] = []
    for name, data in files:
        found = parse_plain_text(decode_text(data, name), name=name)
        if not found:
            raise SongcraftError(f"{name} holds no lyric lines")
        songs += found
    if pasted.strip():
        songs += parse_plain_text(pasted, name="pasted lyrics")
    if not songs:
        raise SongcraftError("upload a lyrics file or paste some lyrics first")
    return songs


def summarize(songs: list[LyricSong]) -> LyricsSummary:
    lines = [line for song in songs for line in song.lines if line]
    return LyricsSummary(
        songs=len(songs),
        lines=len(lines),
        words=sum(len(line.split()) for line in lines),
        characters=sum(len(line) + 1 for line in lines),
    )


def split_for_training(songs: list[LyricSong]) -> tuple[list[LyricSong], list[LyricSong]]:
    """(train, validation): every fifth song when there are five or more, else the last fifth
    of each song's lines, so validation loss can be shown even for one song."""
    if len(songs) >= 5:
        return [s for i, s in enumerate(songs) if i % 5 != 4], songs[4::5]
    train, val = [], []
    for song in songs:
        cut = len(song.lines) - max(1, len(song.lines) // 5) if len(song.lines) >= 3 else None
        if cut is None:
            train.append(song)
            continue
        train.append(LyricSong(song.title, song.style, song.lines[:cut], song.source))
        val.append(LyricSong(song.title + " (held out)", song.style, song.lines[cut:], song.source))
    return train, val


def check_model_name(name: str, models_dir: Path | None = None) -> str:
    """A new model's folder name: lowercase letters, digits, - and _, not taken yet.

    >>> check_model_name("My Ballads 2", Path("/nonexistent"))
    'my-ballads-2'
    """
    slug = re.sub(r"[\s]+", "-", name.strip().lower())
    if not NAME_RE.match(slug):
        raise SongcraftError(
            "name the model with up to 40 letters, digits, - or _ (e.g. my-ballads)"
        )
    if slug in RESERVED:
        raise SongcraftError(f"{slug} is a shipped model's name: choose another")
    if ((models_dir or trained_models_dir()) / slug).exists():
        raise SongcraftError(f"a model named {slug} already exists: choose another name")
    return slug


def trained_models_dir() -> Path:
    return data_dir() / "models"


@dataclass
class TrainProgress:
    """What the page shows; copied out under the job's lock."""

    state: str = "queued"  # queued | training | done | cancelled | failed
    epoch: int = 0
    epochs: int = 0
    step: int = 0
    steps: int = 0
    loss: float = math.nan
    val_losses: list[float] = field(default_factory=list)  # one per finished epoch
    message: str = ""
    model_path: str = ""

    @property
    def finished(self) -> bool:
        return self.state in ("done", "cancelled", "failed")

    @property
    def fraction(self) -> float:
        if not self.epochs or not self.steps:
            return 0.0
        return min(1.0, ((self.epoch - 1) * self.steps + self.step) / (self.epochs * self.steps))


class TrainJob:
    """Train (or fine-tune) a lyric model on a writer's songs in a background thread."""

    def __init__(
        self,
        name: str,
        songs: list[LyricSong],
        *,
        level: str = "char",
        base_path: Path | None = None,
        settings_overrides: dict | None = None,
        model_overrides: dict | None = None,
    ) -> None:
        self.name = check_model_name(name)
        self.out = trained_models_dir() / self.name
        self.train_songs, self.val_songs = split_for_training(songs)
        self.level, self.base_path = level, base_path
        self.settings_overrides = dict(settings_overrides or {})
        self.model_overrides = None if base_path else model_overrides
        self._progress = TrainProgress()
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"train-{self.name}", daemon=True)
        self.started = time.time()

    def start(self) -> TrainJob:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._stop.set()

    def wait(self, timeout: float | None = None) -> TrainProgress:
        self._thread.join(timeout)
        return self.snapshot()

    def snapshot(self) -> TrainProgress:
        with self._lock:
            return TrainProgress(
                **{**self._progress.__dict__, "val_losses": list(self._progress.val_losses)}
            )

    def _update(self, **changes) -> None:
        with self._lock:
            for key, value in changes.items():
                setattr(self._progress, key, value)

    def _report(self, event: dict) -> None:
        with self._lock:
            progress = self._progress
            progress.epoch, progress.epochs = event["epoch"], event["epochs"]
            progress.step, progress.steps = event["step"], event["steps"]
            progress.loss = event.get("loss", math.nan)
            if event.get("epoch_end"):
                progress.val_losses.append(event.get("val_loss", math.nan))

    def _run(self) -> None:
        with _ONE_AT_A_TIME:
            if self._stop.is_set():
                self._update(state="cancelled", message="Cancelled before training started.")
                return
            self._update(state="training")
            try:
                self._train()
            except SongcraftError as err:
                state = "cancelled" if self._stop.is_set() else "failed"
                self._update(state=state, message=str(err))
            except Exception as err:  # the page shows a message; the thread must not die silent
                log.exception("training %s failed", self.name)
                self._update(state="failed", message=f"Training stopped unexpectedly ({err}).")

    def _train(self) -> None:
        from songcraft.lyrics.model import load_lyric_model
        from songcraft.lyrics.train import train_lyrics

        base = load_lyric_model(self.base_path) if self.base_path else None
        work_dir = data_dir() / "train-work" / self.name
        shutil.rmtree(work_dir, ignore_errors=True)  # never resume someone else's earlier run
        train_lyrics(
            base.level if base else self.level,
            self.train_songs,
            self.val_songs,
            self.out,
            name=self.name,
            work_dir=work_dir,
            base=base,
            model_overrides=self.model_overrides,
            settings_overrides=self.settings_overrides,
            progress=self._report,
            should_stop=self._stop.is_set,
        )
        self._update(state="done", model_path=str(self.out), message=f"{self.name} is ready.")
