"""`python -m songcraft bench melody`: constraint figures, held-out likelihood and latency.

The constraint figures come from setting the bench verses below (original lyrics, four
keys and three meters) with several seeds; the likelihood from the corpus's held-out tunes;
the latency from 4 candidates for the 8-bar verse in C.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter

from songcraft.melody.figures import count_figures, shares
from songcraft.melody.generate import MelodyRequest, generate_melodies
from songcraft.melody.model import SHIPPED, MelodyModel, load_melody_model
from songcraft.melody.plan import plan_section
from songcraft.music.song import ChordAt, Line, Section, Song

GOALS = {
    "strong_beat_chord_tones": ("at least", 0.90),
    "stressed_on_strong_beats": ("at least", 0.85),
    "notes_out_of_range": ("exactly", 0),
    "latency_ms_median": ("under", 200.0),
}
BENCH_VERSES = (  # (key, meter, [(lyric line, chords, one per bar or "X Y" for half bars)])
    ("C major", "4/4", [
        ("Morning light across the kitchen floor", "C", "Am"),
        ("Coffee cold and no one at the door", "F", "G"),
        ("I keep your letters in a paper box", "C", "Am"),
        ("And every night I turn the silver locks", "F G", "C"),
    ]),
    ("A minor", "4/4", [
        ("Rain on the highway, nowhere to run", "Am", "F"),
        ("Counting the miles till the morning sun", "C", "G"),
        ("Tell me the reason you had to go", "Am", "F"),
        ("Maybe tomorrow I'll finally know", "Dm E7", "Am"),
    ]),
    ("G major", "3/4", [
        ("Down by the water we danced", "G", "C", "G", "D"),
        ("Under a lantern of gold", "G", "Em", "A7", "D"),
        ("You were the song in my chance", "G", "C", "G", "Em"),
        ("Now I am older and cold", "C", "D7", "G", "G"),
    ]),
    ("D major", "6/8", [
        ("Sail away over the harbour wall", "D", "G"),
        ("Singing the songs of the morning", "D", "A"),
        ("Home is the light in the window hall", "Bm", "G"),
        ("Waiting for me in the dawning", "A7", "D"),
    ]),
    ("Eb major", "4/4", [
        ("Hold on, hold on to me", "Eb Bb/D", "Cm Ab"),
        ("We can be what we want to be", "Eb Bb", "Ab Bb"),
        ("Light it up, let the whole world see", "Cm Ab", "Eb Bb"),
        ("Hold on, we are free", "Ab Bb", "Eb"),
    ]),
)  # fmt: skip
SEEDS = (0, 1, 2, 3, 4)


def bench_song(key: str, meter: str, lines: list[tuple[str, ...]]) -> Song:
    """A one-verse song; each chord string is a bar, its chords sharing the bar evenly."""
    per_bar = int(meter.split("/")[0])
    song_lines = []
    for text, *bars in lines:
        chords = [ChordAt(c, per_bar / len(bar.split())) for bar in bars for c in bar.split()]
        song_lines.append(Line(text, chords))
    return Song("Bench", key=key, time_signature=meter, sections=[Section("verse", "", song_lines)])


def constraint_figures(model: MelodyModel, candidates: int = 4) -> dict:
    """Figures over every candidate of every bench verse and seed."""
    counts: Counter = Counter()
    for key, meter, lines in BENCH_VERSES:
        song = bench_song(key, meter, lines)
        plan = plan_section(song, 0)
        for seed in SEEDS:
            request = MelodyRequest(candidates=candidates)
            for found in generate_melodies(model, song, 0, request, seed):
                counts += count_figures(song, 0, plan, found.lines)
    return shares(counts)


def latency_ms(model: MelodyModel, runs: int) -> float:
    """Median wall time to set the 8-bar verse in C with 4 candidates."""
    song = bench_song(*BENCH_VERSES[0])
    generate_melodies(model, song, 0, MelodyRequest(), 0)  # warm caches
    times = []
    for seed in range(runs):
        began = time.perf_counter()
        generate_melodies(model, song, 0, MelodyRequest(candidates=4), seed)
        times.append(1000 * (time.perf_counter() - began))
    return round(statistics.median(times), 1)


def likelihood_figures(model: MelodyModel) -> dict:
    """Held-out nats per note, LSTM against the n-gram baseline (needs corpus/melody)."""
    from songcraft.errors import SongcraftError
    from songcraft.melody.corpus import load_records
    from songcraft.melody.evaluate import lstm_note_nll, ngram_note_nll
    from songcraft.melody.train import split_records

    try:
        parts = split_records(load_records())
    except SongcraftError as err:
        return {"skipped": str(err)}
    return {
        "lstm": lstm_note_nll(model, parts["test"]),
        "ngram": ngram_note_nll(parts["train"], parts["test"]),
    }


def run_bench(path: str | None = None, runs: int = 20) -> dict:
    model = load_melody_model(path or SHIPPED)
    figures = constraint_figures(model)
    figures["latency_ms_median"] = latency_ms(model, runs)
    figures["held_out_nll_per_note"] = likelihood_figures(model)
    figures["model"] = model.name
    return figures


def _verdict(name: str, value) -> str:
    if name not in GOALS:
        return ""
    how, goal = GOALS[name]
    met = {"at least": value >= goal, "exactly": value == goal, "under": value < goal}[how]
    return f"(goal {how} {goal}: {'met' if met else 'MISSED'})"


def print_figures(figures: dict) -> None:
    print(f"melody bench, model {figures['model']}")
    for name in ("strong_beat_chord_tones", "stressed_on_strong_beats", "lines_ending_long"):
        print(f"  {name.replace('_', ' '):28} {figures[name]:.1%} {_verdict(name, figures[name])}")
    print(f"  {'notes out of range':28} {figures['notes_out_of_range']} "
          f"{_verdict('notes_out_of_range', figures['notes_out_of_range'])}")  # fmt: skip
    print(f"  {'notes counted':28} {figures['notes']} ({figures['strong_beat_notes']} on strong "
          f"beats, {figures['stressed_syllables']} stressed syllables)")  # fmt: skip
    nll = figures["held_out_nll_per_note"]
    if "skipped" in nll:
        print(f"  held-out NLL per note        skipped: {nll['skipped']}")
    else:
        lstm, ngram = nll["lstm"]["nll_per_note"], nll["ngram"]["nll_per_note"]
        verdict = "met" if lstm < ngram else "MISSED"
        order, notes = nll["ngram"]["order"], nll["lstm"]["notes"]
        print(f"  held-out NLL per note        LSTM {lstm} vs {order}-gram {ngram} nats "
              f"over {notes} notes (goal: lower: {verdict})")  # fmt: skip
    latency = figures["latency_ms_median"]
    verdict = _verdict("latency_ms_median", latency)
    print(f"  {'median latency (4 cand.)':28} {latency} ms {verdict}")
