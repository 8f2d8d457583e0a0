"""Lyrics commands: train, eval, generate, rhymes and bench for the lyric models."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from songcraft.training import STRATEGIES


def register(commands) -> None:
    train = commands.train.add_parser("lyrics", help="train a lyric LSTM on the corpus")
    train.add_argument("--level", choices=("char", "word"), required=True)
    train.add_argument("--corpus", default=None, help="corpus folder (default: corpus/lyrics)")
    train.add_argument("--out", default=None, help="bundle folder (default: models/lyrics-LEVEL)")
    train.add_argument("--epochs", type=int, default=None)
    train.add_argument("--units", type=int, default=None)
    train.add_argument("--steps-per-epoch", type=int, default=None)
    train.add_argument("--strategy", choices=STRATEGIES, default="default")
    train.add_argument(
        "--logical-cpus",
        type=int,
        default=0,
        help="split the CPU into N logical devices (for --strategy mirrored)",
    )
    train.add_argument("--seed", type=int, default=0)
    train.set_defaults(func=_train)

    lyrics = commands.root.add_parser("lyrics", help="lyric tools").add_subparsers(
        dest="verb", required=True
    )
    ev = lyrics.add_parser("eval", help="score a lyrics file: LSTM vs n-gram baseline")
    ev.add_argument(
        "--file",
        default=None,
        help="plain text, blank line between songs (default: the corpus test split)",
    )
    ev.add_argument("--level", choices=("char", "word", "both"), default="both")
    ev.add_argument("--model", default=None, help="bundle folder (default: the shipped one)")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(func=_eval)


def _progress_bar():
    from tqdm import tqdm

    bar = tqdm(unit="step", dynamic_ncols=True)

    def report(event: dict) -> None:
        if bar.total != event["steps"]:
            bar.reset(total=event["steps"])
        bar.n = event["step"]
        bar.set_description(f"epoch {event['epoch']}/{event['epochs']}")
        post = {"loss": f"{event['loss']:.3f}"}
        if "val_loss" in event:
            post["val_loss"] = f"{event['val_loss']:.3f}"
            bar.write(
                f"epoch {event['epoch']}: loss {event['loss']:.4f} val_loss {event['val_loss']:.4f}"
            )
        bar.set_postfix(post, refresh=True)

    return report


def _train(args: argparse.Namespace) -> int:
    if args.logical_cpus:
        import tensorflow as tf

        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * args.logical_cpus
        )
    from songcraft.lyrics.corpus import CORPUS_DIR, load_corpus, split_songs
    from songcraft.lyrics.evaluate import evaluate
    from songcraft.lyrics.model import SHIPPED
    from songcraft.lyrics.train import train_lyrics

    parts = split_songs(load_corpus(args.corpus or CORPUS_DIR))
    out = Path(args.out or SHIPPED[args.level])
    settings = {"strategy": args.strategy, "seed": args.seed}
    if args.epochs:
        settings["epochs"] = args.epochs
    if args.steps_per_epoch:
        settings["max_steps_per_epoch"] = args.steps_per_epoch
    print(
        f"training {args.level} model on {len(parts['train'])} songs "
        f"({len(parts['validation'])} for validation) -> {out}"
    )
    model = train_lyrics(
        args.level,
        parts["train"],
        parts["validation"],
        out,
        name=f"lyrics-{args.level}",
        model_overrides={"units": args.units} if args.units else None,
        settings_overrides=settings,
        progress=_progress_bar(),
    )
    figures = evaluate(model, parts["train"], parts["test"], parts["validation"])
    model.metrics["evaluation"] = figures
    model.save(out)
    print(json.dumps(figures, indent=2))
    return 0


def _eval(args: argparse.Namespace) -> int:
    from songcraft.lyrics.corpus import load_corpus, parse_plain_text, read_text_file, split_songs
    from songcraft.lyrics.evaluate import evaluate
    from songcraft.lyrics.model import SHIPPED, load_lyric_model

    parts = split_songs(load_corpus())
    test = parts["test"]
    if args.file:
        test = parse_plain_text(read_text_file(args.file), name=os.path.basename(args.file))
    levels = ("char", "word") if args.level == "both" else (args.level,)
    results = []
    for level in levels:
        model = load_lyric_model(args.model or SHIPPED[level])
        results.append(evaluate(model, parts["train"], test, parts["validation"]))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        key = "bits_per_char" if r["level"] == "char" else "perplexity"
        print(
            f"{r['level']} model: {r['songs']} songs, {r['lines']} lines, "
            f"{r['characters']} characters scored"
        )
        print(f"  LSTM          {key} {r['lstm'][key]}")
        print(f"  {r['ngram']['order']}-gram KN    {key} {r['ngram'][key]}")
    return 0
