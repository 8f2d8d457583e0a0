"""Chord commands: `chords generate`, `chords eval`, `train chords`, `bench chords`.

Handlers import the engine lazily so `python -m songcraft --help` stays fast.
"""

from __future__ import annotations

import json

from songcraft.cli import add_training_options, training_overrides, training_progress
from songcraft.errors import SongcraftError


def register(commands) -> None:
    chords = commands.root.add_parser("chords", help="chord progressions").add_subparsers(
        dest="verb", required=True
    )
    _add_generate(chords.add_parser("generate", help="candidate progressions in a key and style"))
    ev = chords.add_parser("eval", help="next-chord accuracy: LSTM vs trigram baseline")
    ev.add_argument("--file", default=None, help="progression file (default: test split)")
    ev.add_argument("--model", default=None)
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(func=_eval)
    train = commands.train.add_parser("chords", help="train the chord LSTM on corpus/chords")
    add_training_options(train, "models/chords-lstm")
    train.set_defaults(func=_train)
    bench = commands.bench.add_parser("chords", help="chord engine speed and quality")
    bench.add_argument("--model", default=None)
    bench.add_argument("--runs", type=int, default=80)
    bench.add_argument("--json", action="store_true")
    bench.set_defaults(func=_bench)


def _add_generate(gen) -> None:
    gen.add_argument("--key", default="C major", help='e.g. "Eb major", "F# minor"')
    gen.add_argument("--style", default="any")
    gen.add_argument("--section", default=None, help="verse, chorus, bridge, ...")
    gen.add_argument("--bars", type=int, default=8, help="2 to 32, typed chords included")
    gen.add_argument("--chords-per-bar", type=int, default=1, help="1 to 4, or 0 for free")
    gen.add_argument("--no-tonic-start", action="store_true", help="do not force the tonic")
    gen.add_argument("--cadence", default="any", help="any, authentic, half, plagal or deceptive")
    gen.add_argument(
        "--continue", dest="continue_from", default=None, help='chords you have, e.g. "Am | F C"'
    )
    gen.add_argument(
        "--lock",
        action="append",
        default=[],
        metavar="N=CHORD",
        help="keep chord number N (counted from 1) as CHORD; repeatable",
    )
    gen.add_argument("--candidates", type=int, default=4, help="1 to 16")
    gen.add_argument("--temperature", "--surprise", type=float, default=1.0)
    gen.add_argument("--allow-loop", action="store_true")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--model", default=None, help="bundle folder (default: models/chords-lstm)")
    gen.add_argument("--json", action="store_true")
    gen.set_defaults(func=_generate)


def _model(path: str | None):
    from songcraft.chords.model import SHIPPED_PATH, load_chord_model

    return load_chord_model(path or SHIPPED_PATH)


def _locks(items: list[str]) -> dict[int, str]:
    locks = {}
    for item in items:
        number, sep, symbol = item.partition("=")
        if not sep or not number.strip().isdigit() or int(number) < 1:
            raise SongcraftError(
                f"--lock '{item[:30]}' should look like 3=G7 (chord number from 1, then the chord)."
            )
        locks[int(number) - 1] = symbol.strip()
    return locks


def _generate(args) -> int:
    from songcraft.chords.generate import ProgressionRequest, generate_progressions

    request = ProgressionRequest(
        key=args.key,
        style=args.style,
        bars=args.bars,
        chords_per_bar=args.chords_per_bar,
        start_on_tonic=not args.no_tonic_start,
        cadence=args.cadence,
        continue_from=args.continue_from,
        locks=_locks(args.lock),
        candidates=args.candidates,
        temperature=args.temperature,
        allow_loop=args.allow_loop,
        section=args.section,
    )
    found = generate_progressions(_model(args.model), request, seed=args.seed)
    if args.json:
        print(json.dumps([p.to_dict() for p in found], indent=2))
        return 0
    for number, progression in enumerate(found, start=1):
        print(f"{number}. {progression.as_text()}   (score {progression.score:.3f})")
        print(f"   {progression.romans()}")
    return 0


def _eval(args) -> int:
    from songcraft.chords.evaluate import evaluate

    report = evaluate(_model(args.model), args.file)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for line, message in report["problems"]:
        print(f"line {line}: {message}")
    print(
        f"{report['source']}: {report['progressions']} progressions, "
        f"{report['unparsed_chords']} chords could not be parsed, "
        f"{report['unreadable_lines']} lines skipped"
    )
    print(_table(report))
    return 0


def _table(report: dict) -> str:
    rows = [f"{'model':8} {'view':8} {'top-1':>7} {'top-5':>7} {'perplexity':>11} {'n':>6}"]
    for name in ("lstm", "trigram"):
        for view, fig in report[name].items():
            rows.append(
                f"{name:8} {view:8} {fig['top1']:7.3f} {fig['top5']:7.3f} "
                f"{fig['perplexity']:11.3f} {fig['count']:6d}"
            )
    return "\n".join(rows)


def _train(args) -> int:
    from songcraft.chords.model import SHIPPED_PATH
    from songcraft.chords.train import train_chords

    settings = training_overrides(args)
    model = train_chords(
        args.out or SHIPPED_PATH,
        progress=training_progress(),
        model_overrides={"units": args.units} if args.units else None,
        settings_overrides=settings,
    )
    print(f"saved {args.out or SHIPPED_PATH}")
    print(_table(model.metrics["test"]))
    return 0


def _bench(args) -> int:
    from songcraft.chords.bench import bench

    figures = bench(_model(args.model), runs=max(4, args.runs))
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    for name, value in figures["generation"].items():
        print(f"{name:28} {value:.3f}" if isinstance(value, float) else f"{name:28} {value}")
    print(_table(figures["eval"]))
    return 0
