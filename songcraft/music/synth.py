"""A small NumPy synthesiser: notes in seconds in, 16-bit mono WAV bytes out.

Two sounds: a piano-like tone (a bright attack that fades into a rounder body, decaying
faster in the treble) and a soft pad (two slightly detuned voices, slow swell). Each tone is
read from a one-cycle wavetable holding only partials below the Nyquist frequency, so high
notes don't alias, and every note is shaped by an attack ramp and a raised-cosine release so
nothing clicks. A note of a given pitch and length is rendered once per call and reused,
which is what keeps a three-minute song under a second.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from songcraft.errors import SongcraftError

SOUNDS = ("piano", "pad")
TABLE_SIZE = 4096  # samples in one wavetable cycle; nearest lookup is clean at this size
PEAK = 0.89  # normalise to about -1 dBFS: loud, never clipped


@dataclass(frozen=True)
class SynthConfig:
    """How notes become samples."""

    sample_rate: int = 22050  # plenty for an audition, half the bytes of CD rate
    attack_s: float = (
        0.004  # piano attack ramp: short enough to sound struck, long enough not to click
    )
    release_s: float = 0.08  # piano fade after the key is let go
    pad_attack_s: float = 0.12  # the pad swells in
    pad_release_s: float = 0.3  # and lingers

    def __post_init__(self) -> None:
        if not 8000 <= self.sample_rate <= 96000:
            raise SongcraftError(f"sample rate {self.sample_rate} Hz is outside 8000-96000")
        if min(self.attack_s, self.release_s, self.pad_attack_s, self.pad_release_s) <= 0:
            raise SongcraftError("attack and release times must be positive")


@dataclass(frozen=True)
class NoteEvent:
    """One note to sound: when, how long, which key, how hard, on which sound."""

    start: float  # seconds from the start
    seconds: float  # held this long, then released
    pitch: int  # MIDI number
    velocity: float = 0.8  # 0..1
    sound: str = "piano"


def midi_hz(pitch: float) -> float:
    """Frequency of a MIDI note number (A4 = 69 = 440 Hz).

    >>> midi_hz(69), round(midi_hz(60), 2)
    (440.0, 261.63)
    """
    return 440.0 * 2.0 ** ((pitch - 69) / 12.0)


@lru_cache(maxsize=512)
def _table(pitch: int, sound: str, bright: bool, sample_rate: int) -> np.ndarray:
    """One cycle of the tone, holding only the partials that fit under the Nyquist frequency."""
    nyquist_partials = int(0.45 * sample_rate / midi_hz(pitch))
    if sound == "pad":
        amps = [1.0 / k**2 for k in range(1, 7)]  # a soft, rounded saw
    elif bright:
        amps = [1.0 / k**1.2 for k in range(1, 11)]  # hammer brightness, gone in a moment
    else:
        amps = [1.0, 0.45, 0.12, 0.05]  # the body that rings on
    phase = np.arange(TABLE_SIZE) * (2 * np.pi / TABLE_SIZE)
    table = np.zeros(TABLE_SIZE)
    for k, amp in enumerate(amps[: max(1, nyquist_partials)], start=1):
        table += amp * np.sin(k * phase)
    return (table / np.abs(table).max()).astype(np.float32)


def _oscillator(table: np.ndarray, hz: float, count: int, sample_rate: int) -> np.ndarray:
    step = hz * TABLE_SIZE / sample_rate
    index = (np.arange(count) * step).astype(np.int64) % TABLE_SIZE
    return table[index]


def _gate(held: int, release: int, attack: int) -> np.ndarray:
    """Attack ramp, hold, raised-cosine release: the envelope that keeps edges click-free."""
    gate = np.ones(held + release, dtype=np.float32)
    ramp = min(attack, max(held, 1))
    gate[:ramp] = np.linspace(0.0, 1.0, ramp, endpoint=False, dtype=np.float32)
    gate[held:] *= (0.5 + 0.5 * np.cos(np.linspace(0, np.pi, release))).astype(np.float32)
    return gate


def render_note(pitch: int, held: int, sound: str, config: SynthConfig) -> np.ndarray:
    """Samples of one note held for `held` samples, release tail included."""
    rate = config.sample_rate
    if sound == "pad":
        count = held + int(config.pad_release_s * rate)
        gate = _gate(held, count - held, int(config.pad_attack_s * rate))
        table = _table(pitch, "pad", False, rate)
        hz = midi_hz(pitch)
        # two voices six cents apart beat slowly against each other: the pad's shimmer
        tone = _oscillator(table, hz * 1.0035, count, rate) + _oscillator(
            table, hz / 1.0035, count, rate
        )
        return tone * gate * 0.5
    count = held + int(config.release_s * rate)
    gate = _gate(held, count - held, int(config.attack_s * rate))
    t = np.arange(count, dtype=np.float32) / rate
    treble = 2.0 ** ((pitch - 60) / 24.0)  # higher strings die away sooner
    body = np.exp(-t / (1.6 / treble)) * _oscillator(
        _table(pitch, "piano", False, rate), midi_hz(pitch), count, rate
    )
    bright = np.exp(-t / (0.18 / treble)) * _oscillator(
        _table(pitch, "piano", True, rate), midi_hz(pitch), count, rate
    )
    return (0.7 * body + 0.5 * bright) * gate


def render(events: list[NoteEvent], config: SynthConfig | None = None) -> np.ndarray:
    """Mix note events into one float32 signal, peak-normalised to PEAK (silence stays silent)."""
    config = config or SynthConfig()
    rate = config.sample_rate
    tail = max(config.release_s, config.pad_release_s)
    end = max((e.start + e.seconds for e in events), default=0.0) + tail
    out = np.zeros(int(end * rate) + 1, dtype=np.float32)
    cache: dict[tuple[int, int, str], np.ndarray] = {}
    for event in events:
        if event.sound not in SOUNDS:
            raise SongcraftError(f"sound {event.sound!r} is not one of {', '.join(SOUNDS)}")
        held = max(1, int(round(event.seconds * rate)))
        key = (event.pitch, held, event.sound)
        if key not in cache:
            cache[key] = render_note(event.pitch, held, event.sound, config)
        note = cache[key]
        start = int(round(event.start * rate))
        stop = min(start + len(note), len(out))
        out[start:stop] += event.velocity * note[: stop - start]
    peak = float(np.abs(out).max()) if len(out) else 0.0
    return out * (PEAK / peak) if peak > 0 else out


def wav_bytes(signal: np.ndarray, sample_rate: int) -> bytes:
    """16-bit mono PCM WAV of a signal in [-1, 1]."""
    pcm = (np.clip(signal, -1.0, 1.0) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(sample_rate)
        handle.writeframes(pcm.tobytes())
    return buffer.getvalue()
