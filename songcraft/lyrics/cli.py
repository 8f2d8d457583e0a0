"""Lyrics commands: train, eval, generate, rhymes and bench for the lyric models."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from songcraft.cli import add_training_options, training_overrides, training_progress
from songcraft.errors import SongcraftError


def register(commands) -> None:
    train = commands.train.add_parser("lyrics", help="train a lyric LSTM on the corpus")
    train.add_argument("--level", choices=("char", "word"), required=True)
    train.add_argument("--corpus", default=None, help="corpus folder (default: corpus/lyrics)")
    add_training_options(train, "models/lyrics-LEVEL")
    train.add_argument(
        "--logical-cpus",
        type=int,
        default=0,
        help="split the CPU into N logical devices (for --strategy mirrored)",
    )
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
    register_writing(lyrics, commands.bench)


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
    settings = training_overrides(args)
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
        progress=training_progress(),
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
        if not test:
            raise SongcraftError(f"{args.file} has no lyric lines to score.")
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


def register_writing(lyrics, bench) -> None:
    gen = lyrics.add_parser("generate", help="continuation lines for a starting line")
    gen.add_argument("lines", nargs="+", help="the lines written so far (the last one leads)")
    gen.add_argument("--model", default="word", help="char, word, or a bundle folder")
    gen.add_argument("--candidates", type=int, default=4)
    gen.add_argument("--lines", type=int, default=2, dest="lines_per_candidate")
    gen.add_argument("--scheme", default="AABB", help="free, AABB, ABAB, ABCB, AAAA or letters")
    gen.add_argument("--strictness", choices=("perfect", "slant"), default="perfect")
    gen.add_argument("--syllables", default="auto", help="auto, off, or a number")
    gen.add_argument("--style", default=None)
    gen.add_argument("--temperature", type=float, default=0.8)
    gen.add_argument("--top-k", type=int, default=40)
    gen.add_argument("--top-p", type=float, default=0.95)
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--json", action="store_true")
    gen.set_defaults(func=_generate)
    rhymes = lyrics.add_parser("rhymes", help="rhymes for a word, most common first")
    rhymes.add_argument("word")
    rhymes.add_argument("--strictness", choices=("perfect", "slant"), default="perfect")
    rhymes.set_defaults(func=_rhymes)
    syl = lyrics.add_parser("syllables", help="syllable count of a line")
    syl.add_argument("line")
    syl.set_defaults(func=_syllables)
    scheme = lyrics.add_parser("scheme", help="the rhyme scheme of a block of lyrics")
    scheme.add_argument("file")
    scheme.set_defaults(func=_scheme)
    b = bench.add_parser("lyrics", help="lyric engine latency and quality")
    b.add_argument("--prompts", type=int, default=200)
    b.add_argument("--runs", type=int, default=20)
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=lambda a: __import__("songcraft.lyrics.bench").lyrics.bench.main(a))
    rhymes_bench = bench.add_parser(
        "rhymes",
        help="rhyme and syllable helper speed, and the "
        "accuracy of the spelling fallback on held-out words",
    )
    rhymes_bench.set_defaults(func=_bench_rhymes)


def _bench_rhymes(args: argparse.Namespace) -> int:
    from songcraft.lyrics import phonetics_bench

    phonetics_bench.main()
    return 0


def _load(name: str):
    from songcraft.lyrics.model import SHIPPED, load_lyric_model

    return load_lyric_model(SHIPPED.get(name, name))


def _generate(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from songcraft.lyrics.engine import LyricRequest, generate_lyrics

    syllables = args.syllables if args.syllables in ("auto", "off") else args.syllables
    request = LyricRequest(
        lines=tuple(args.lines),
        candidates=args.candidates,
        lines_per_candidate=args.lines_per_candidate,
        rhyme_scheme=None if args.scheme.lower() == "free" else args.scheme,
        strictness=args.strictness,
        syllable_target=None if syllables == "off" else syllables,
        style=args.style,
        temperature=args.temperature,
        top_k=args.top_k,
        top_p=args.top_p,
    )
    candidates = generate_lyrics(_load(args.model), request, seed=args.seed)
    if args.json:
        print(json.dumps([asdict(c) for c in candidates], indent=2))
        return 0
    for i, cand in enumerate(candidates, 1):
        print(f"--- candidate {i}  (score {cand.score:.3f})")
        for line in cand.lines:
            rhyme = f"  [{line.rhyme_word} ~ {line.rhymes_with}]" if line.rhymes_with else ""
            print(f"{line.text}   ({line.syllables} syllables){rhyme}")
    return 0


def _rhymes(args: argparse.Namespace) -> int:
    from songcraft.lyrics.phonetics import find_rhymes

    counts = _load("word").lexicon
    print(", ".join(find_rhymes(args.word, args.strictness, counts)) or "no rhymes found")
    return 0


def _syllables(args: argparse.Namespace) -> int:
    from songcraft.lyrics.phonetics import line_syllables, syllable_count

    lo, hi = line_syllables(args.line)
    print(f"{syllable_count(args.line)} syllables" + (f" ({lo}-{hi})" if lo != hi else ""))
    return 0


def _scheme(args: argparse.Namespace) -> int:
    from songcraft.lyrics.corpus import read_text_file
    from songcraft.lyrics.phonetics import detect_rhyme_scheme

    print(detect_rhyme_scheme(read_text_file(args.file).splitlines()))
    return 0
