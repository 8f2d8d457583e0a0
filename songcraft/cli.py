"""Command line: `python -m songcraft <area> <verb>` and `python -m songcraft train|bench <area>`.

Each area (lyrics, chords, melody, song) registers its own commands in its `cli` module.
Heavy imports (TensorFlow, music21) happen inside the handlers, so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import dataclass

from songcraft.errors import SongcraftError

AREAS = (
    "songcraft.lyrics.cli",
    "songcraft.chords.cli",
    "songcraft.melody.cli",
    "songcraft.music.cli",
    "songcraft.appbench",
)


@dataclass
class Commands:
    """The sub-command groups an area adds to: `root` (areas), `train`, `bench`."""

    root: argparse._SubParsersAction
    train: argparse._SubParsersAction
    bench: argparse._SubParsersAction


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m songcraft", description=__doc__)
    root = parser.add_subparsers(dest="command", required=True)
    train = root.add_parser("train", help="train a model on the corpus").add_subparsers(
        dest="what", required=True
    )
    bench = root.add_parser("bench", help="print speed and quality figures").add_subparsers(
        dest="what", required=True
    )
    commands = Commands(root=root, train=train, bench=bench)
    for name in AREAS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name == name:
                continue
            raise
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SongcraftError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def add_training_options(parser: argparse.ArgumentParser, default_out: str) -> None:
    """The options every `train` command takes."""
    from songcraft.training import STRATEGIES

    parser.add_argument("--out", default=None, help=f"bundle folder (default: {default_out})")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--units", type=int, default=None)
    parser.add_argument("--steps-per-epoch", type=int, default=None)
    parser.add_argument(
        "--strategy",
        choices=STRATEGIES,
        default="default",
        help="tf.distribute strategy (multiworker reads TF_CONFIG)",
    )
    parser.add_argument("--seed", type=int, default=0)


def training_overrides(args: argparse.Namespace) -> dict:
    """TrainSettings fields set by the options of `add_training_options`."""
    settings = {"strategy": args.strategy, "seed": args.seed}
    if args.epochs:
        settings["epochs"] = args.epochs
    if args.steps_per_epoch:
        settings["max_steps_per_epoch"] = args.steps_per_epoch
    return settings


def training_progress():
    """A terminal progress bar for training, with a line per epoch (loss and val_loss)."""
    from tqdm import tqdm

    bar = tqdm(unit="step", dynamic_ncols=True)

    def report(event: dict) -> None:
        if bar.total != event["steps"]:
            bar.reset(total=event["steps"])
        bar.n = event["step"]
        bar.set_description(f"epoch {event['epoch']}/{event['epochs']}")
        post = {"loss": f"{event['loss']:.3f}"}
        if event.get("epoch_end"):
            post["val_loss"] = f"{event.get('val_loss', float('nan')):.3f}"
            bar.write(
                f"epoch {event['epoch']}: loss {event['loss']:.4f} "
                f"val_loss {event.get('val_loss', float('nan')):.4f}"
            )
        bar.set_postfix(post, refresh=True)

    return report
