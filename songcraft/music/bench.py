"""Audio rendering speed: 8 bars at 120 bpm (goal under 50 ms), a 3-minute song (under 2 s)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial

from songcraft.music.audition import PATTERNS, progression_to_wav, to_wav
from songcraft.music.song import Line, Note, Section, Song, progression_to_section

EIGHT_BARS = [["C"], ["Am7"], ["Fmaj7"], ["G7"], ["Em7", "A7"], ["Dm9"], ["G13", "G7b9"], ["C6/9"]]
GOALS_MS = {"8 bars": 50.0, "3-minute song": 2000.0}


def three_minute_song() -> Song:
    """90 bars of 4/4 at 120 bpm (180 s): eleven 8-bar sections and a 2-bar tag, with a tune."""
    tune = [60, 62, 64, 65, 67, 65, 64, 62]
    sections = []
    for number in range(11):
        lyric = [Line("la la la la la la la la"), Line("la la la la la la la la")]
        section = progression_to_section(EIGHT_BARS, Section("verse", "", lyric), 4)
        for line in section.lines:
            line.melody = [Note(tune[i % 8] + number % 3, 2.0, "la") for i in range(8)]
        sections.append(section)
    sections.append(progression_to_section([["G7"], ["C"]], Section("outro"), 4))
    return Song("Bench", tempo=120, sections=sections)


def _median_ms(render: Callable[[], bytes], repeats: int) -> tuple[float, float]:
    """Median (wall, CPU) milliseconds; CPU time shows the cost when others share the cores."""
    render()  # first run pays for imports and wavetables
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        render()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def bench_audio(repeats: int = 5) -> list[str]:
    """Lines of a report: median render time per sound and pattern, against the goals."""
    song = three_minute_song()
    goal_short, goal_song = GOALS_MS["8 bars"], GOALS_MS["3-minute song"]
    lines = [
        f"3-minute song: {song.bars():.0f} bars, {song.bars() * 4 * 60 / song.tempo:.0f} s;"
        " times are wall-clock ms (CPU ms), medians",
        f"sound pattern   8 bars @120 (goal < {goal_short:.0f} ms)"
        f"   3-minute song (goal < {goal_song:.0f} ms)",
    ]
    for sound in ("piano", "pad"):
        for pattern in PATTERNS:
            short = progression_to_wav, EIGHT_BARS, 120, "4/4", sound, pattern
            wall, cpu = _median_ms(partial(*short), repeats)
            whole = _median_ms(partial(to_wav, song, sound, pattern), max(1, repeats // 2))
            pad = " " * 20
            lines.append(
                f"{sound:5} {pattern:8}  {wall:7.1f} ({cpu:5.1f}){pad}{whole[0]:7.1f} "
                f"({whole[1]:6.1f})"
            )
    return lines
