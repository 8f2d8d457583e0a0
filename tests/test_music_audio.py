"""Audition audio: WAV shape, rate, peak, envelopes, patterns and meter."""

import io
import wave

import numpy as np
import pytest

from songcraft.errors import SongcraftError
from songcraft.music.audition import progression_to_wav, song_events, to_wav
from songcraft.music.song import ChordAt, Line, Note, Section, Song
from songcraft.music.synth import PEAK, NoteEvent, SynthConfig, render, render_note

BARS = [["C"], ["Am7"], ["F", "G7"], ["C"]]


def read_wav(data: bytes) -> tuple[int, np.ndarray]:
    with wave.open(io.BytesIO(data)) as handle:
        assert handle.getnchannels() == 1 and handle.getsampwidth() == 2
        frames = handle.readframes(handle.getnframes())
        return handle.getframerate(), np.frombuffer(frames, "<i2").astype(np.float64) / 32767


@pytest.mark.parametrize("sound", ["piano", "pad"])
@pytest.mark.parametrize("pattern", ["block", "arpeggio", "strum"])
def test_progression_wav_shape_rate_and_peak(sound, pattern):
    rate, samples = read_wav(progression_to_wav(BARS, 120, "4/4", sound, pattern))
    assert rate == SynthConfig().sample_rate
    seconds = 4 * 4 * 0.5  # four bars of 4/4 at 120 bpm
    assert seconds < len(samples) / rate < seconds + 0.5  # plus the release tail
    assert np.abs(samples).max() == pytest.approx(PEAK, abs=0.01)
    assert abs(samples[0]) < 0.01 and abs(samples[-1]) < 0.01  # starts and ends in silence


def test_tempo_and_meter_set_the_length():
    _, fast = read_wav(progression_to_wav(BARS, 120, "4/4"))
    _, slow = read_wav(progression_to_wav(BARS, 60, "3/4"))
    rate = SynthConfig().sample_rate
    assert len(slow) / rate == pytest.approx(4 * 3 * 1.0, abs=0.5)
    assert len(fast) / rate == pytest.approx(4 * 4 * 0.5, abs=0.5)


def test_notes_start_and_end_without_clicks():
    config = SynthConfig()
    for sound in ("piano", "pad"):
        note = render_note(69, config.sample_rate // 2, sound, config)
        assert abs(note[0]) < 1e-3 and abs(note[-1]) < 1e-3
        jumps = np.abs(np.diff(note))
        assert jumps[:20].max() < 0.2  # the attack ramps up instead of jumping


def test_silence_stays_silent_and_bad_sounds_are_refused():
    assert not render([]).any()
    with pytest.raises(SongcraftError, match="sound"):
        render([NoteEvent(0, 1, 60, sound="kazoo")])
    with pytest.raises(SongcraftError, match="pattern"):
        progression_to_wav(BARS, pattern="polka")


def test_patterns_follow_the_meter():
    song = Song(
        time_signature="6/8", sections=[Section("verse", lines=[Line("", [ChordAt("C", 6)])])]
    )
    beat = song.seconds_per_beat
    strums = sorted({round(e.start / beat) for e in song_events(song, pattern="strum")})
    assert strums == [0, 2, 3, 5]  # the 6/8 lilt: down . up down . up
    block = song_events(song, pattern="block")
    assert {e.start for e in block} == {0.0} and len(block) == 5  # bass + four voices
    arpeggio = song_events(song, pattern="arpeggio")
    assert len({e.start for e in arpeggio}) == 6  # one note per eighth


def test_melody_sits_on_top_of_softer_chords():
    line = Line("la la", [ChordAt("C", 4)], [Note(72, 2, "la"), Note(None, 1), Note(74, 1, "la")])
    song = Song(sections=[Section("verse", lines=[line])])
    events = song_events(song)
    melody = [e for e in events if e.pitch in (72, 74) and e.velocity == 0.9]
    assert [e.pitch for e in melody] == [72, 74]
    assert max(e.velocity for e in events if e not in melody) < 0.9
    rate, samples = read_wav(to_wav(song))
    assert len(samples) > rate * 4 * song.seconds_per_beat


def test_bad_songs_give_clear_messages():
    with pytest.raises(SongcraftError, match="no sections"):
        to_wav(Song())
    with pytest.raises(SongcraftError, match="no lines"):
        to_wav(Song(sections=[Section("verse")]))
    with pytest.raises(SongcraftError, match="limit"):
        progression_to_wav([["C"]] * 2000)
    with pytest.raises(SongcraftError, match="Xq"):
        progression_to_wav([["C"], ["Xq7"]])
