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
TABLE_SIZE = 4096  # samples in one wavetable cycle (a power of two: the phase wraps by masking)
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
    """Read the wavetable at `hz`: a 32-bit fixed-point phase (16 fractional bits) wraps
    by itself, so the table index is a multiply, a shift and a mask, no float rounding."""
    increment = np.uint32(round(hz * TABLE_SIZE / sample_rate * 65536))
    phase = np.arange(count, dtype=np.uint32) * increment
    return table[(phase >> np.uint32(16)) & np.uint32(TABLE_SIZE - 1)]


@lru_cache(maxsize=64)
def _ramp(count: int, rising: bool) -> np.ndarray:
    """A raised-cosine ramp: up for an attack, down for a release (no corner to click)."""
    curve = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, count, endpoint=False))
    return (curve if rising else curve[::-1]).astype(np.float32)


def _tone(pitch: int, sound: str, count: int, config: SynthConfig) -> np.ndarray:
    """`count` samples of a key held down, before the envelope's attack and release."""
    rate, hz = config.sample_rate, midi_hz(pitch)
    if sound == "pad":
        table = _table(pitch, "pad", False, rate)
        # two voices six cents apart beat slowly against each other: the pad's shimmer
        tone = _oscillator(table, hz * 1.0035, count, rate)
        tone += _oscillator(table, hz / 1.0035, count, rate)
        return tone * np.float32(0.5)
    t = np.arange(count, dtype=np.float32) / np.float32(rate)
    treble = 2.0 ** ((pitch - 60) / 24.0)  # higher strings die away sooner
    body = _oscillator(_table(pitch, "piano", False, rate), hz, count, rate)
    body *= np.exp(t * np.float32(-treble / 1.6)) * np.float32(0.7)
    # the hammer's brightness is gone (-40 dB) within five time constants: stop computing it
    short = min(count, int(5 * 0.18 / treble * rate))
    bright = _oscillator(_table(pitch, "piano", True, rate), hz, short, rate)
    body[:short] += bright * np.exp(t[:short] * np.float32(-treble / 0.18)) * np.float32(0.5)
    return body


def _edges(sound: str, config: SynthConfig) -> tuple[int, int]:
    """(attack, release) in samples for a sound."""
    rate = config.sample_rate
    if sound == "pad":
        return int(config.pad_attack_s * rate), int(config.pad_release_s * rate)
    return int(config.attack_s * rate), int(config.release_s * rate)


def _shape(note: np.ndarray, held: int, attack: int, release: int) -> np.ndarray:
    """Apply the attack ramp and the release fade (in place) to a note `held` samples long."""
    ramp = min(attack, held)
    note[:ramp] *= _ramp(ramp, True)
    note[held : held + release] *= _ramp(release, False)[: len(note) - held]
    return note


def render_note(pitch: int, held: int, sound: str, config: SynthConfig) -> np.ndarray:
    """Samples of one note held for `held` samples, release tail included."""
    attack, release = _edges(sound, config)
    return _shape(_tone(pitch, sound, held + release, config), held, attack, release)


def render(events: list[NoteEvent], config: SynthConfig | None = None) -> np.ndarray:
    """Mix note events into one float32 signal, peak-normalised to PEAK (silence stays silent).

    Each key's tone is computed once, as long as its longest note, and every note of that
    key is a slice of it with its own envelope: the cost is per key, not per note.
    """
    config = config or SynthConfig()
    rate = config.sample_rate
    notes = []
    longest: dict[tuple[int, str], int] = {}
    for event in events:
        if event.sound not in SOUNDS:
            raise SongcraftError(f"sound {event.sound!r} is not one of {', '.join(SOUNDS)}")
        held = max(1, int(round(event.seconds * rate)))
        count = held + _edges(event.sound, config)[1]
        notes.append((int(round(event.start * rate)), held, count, event))
        key = (event.pitch, event.sound)
        longest[key] = max(longest.get(key, 0), count)
    tones = {key: _tone(key[0], key[1], count, config) for key, count in longest.items()}
    out = np.zeros(max((start + count for start, _, count, _ in notes), default=0) + 1, np.float32)
    for start, held, count, event in notes:
        note = tones[event.pitch, event.sound][:count] * np.float32(event.velocity)
        out[start : start + count] += _shape(note, held, *_edges(event.sound, config))
    peak = max(float(out.max()), -float(out.min())) if len(out) else 0.0
    return out * np.float32(PEAK / peak) if peak > 0 else out


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
