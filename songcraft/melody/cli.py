"""Melody commands: build the corpus, train, set a song's lyrics to a tune, benchmark."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from songcraft.cli import add_training_options, training_overrides, training_progress


def register(commands) -> None:
    train = commands.train.add_parser("melody", help="train the melody LSTM on corpus/melody")
    train.add_argument("--corpus", default=None, help="corpus folder (default: corpus/melody)")
    add_training_options(train, "models/melody-lstm")
    train.set_defaults(func=_train)

    bench = commands.bench.add_parser("melody", help="constraint, likelihood and speed figures")
    bench.add_argument("--model", default=None, help="bundle folder (default: the shipped one)")
    bench.add_argument("--runs", type=int, default=20, help="timed runs for the latency median")
    bench.add_argument("--json", action="store_true")
    bench.set_defaults(func=_bench)

    melody = commands.root.add_parser("melody", help="melody tools").add_subparsers(
        dest="verb", required=True
    )
    corpus = melody.add_parser("corpus", help="derive corpus/melody from music21's corpus")
    corpus.add_argument("--out", default=None, help="folder (default: corpus/melody)")
    corpus.set_defaults(func=_corpus)

    gen = melody.add_parser("generate", help="set a song's lyrics to melody candidates")
    gen.add_argument("song", help="SONG.json or a ChordPro file (.cho, .chordpro, .crd, .pro)")
    gen.add_argument("--section", default=None, help="label, kind or number (default: all)")
    gen.add_argument("--candidates", type=int, default=4)
    gen.add_argument("--pick", type=int, default=1, help="which candidate to write (1 = best)")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--voice", default="auto", help="auto, soprano ... bass, or LOW-HIGH")
    gen.add_argument("--melisma", action="store_true", help="two notes on each line's end")
    gen.add_argument("--lock", default="", help="bars of the section to keep as they are: 1,3-4")
    gen.add_argument("--model", default=None, help="bundle folder (default: the shipped one)")
    gen.add_argument("--out", required=True, help="where to write the song JSON")
    gen.set_defaults(func=_generate)


def _train(args: argparse.Namespace) -> int:
    from songcraft.melody.corpus import CORPUS_DIR, load_records
    from songcraft.melody.model import SHIPPED
    from songcraft.melody.train import split_records, train_melody

    records = load_records(args.corpus or CORPUS_DIR)
    out = Path(args.out or SHIPPED)
    parts = split_records(records)
    print(
        f"training the melody LSTM on {len(parts['train'])} tunes "
        f"({len(parts['validation'])} for validation, {len(parts['test'])} held out) -> {out}",
        flush=True,
    )
    settings = training_overrides(args)
    model = train_melody(
        records,
        out,
        model_overrides={"units": args.units} if args.units else None,
        settings_overrides=settings,
        progress=training_progress(),
    )
    print(json.dumps(model.metrics["evaluation"], indent=2))
    return 0


def _corpus(args: argparse.Namespace) -> int:
    from songcraft.melody.corpus import CORPUS_DIR, build_corpus

    reports = build_corpus(args.out or CORPUS_DIR)
    for report in reports:
        skipped = ", ".join(f"{why}: {n}" for why, n in report.skipped.most_common())
        print(f"  {report.name} skipped: {skipped or 'none'}")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from songcraft.melody.song_io import generate_for_file

    for line in generate_for_file(args):
        print(line)
    return 0


def _bench(args: argparse.Namespace) -> int:
    from songcraft.melody.bench import print_figures, run_bench

    figures = run_bench(args.model, runs=args.runs)
    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        print()
    else:
        print_figures(figures)
    return 0
