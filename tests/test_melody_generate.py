"""Melody generation with a tiny untrained model and fixed seeds: the constraints hold
whatever the model says, candidates are distinct and repeatable, locked bars are kept."""

import dataclasses

import pytest

from songcraft.errors import SongcraftError
from songcraft.melody.figures import count_figures, shares
from songcraft.melody.generate import MelodyRequest, apply_melody, generate_melodies
from songcraft.melody.model import untrained_model
from songcraft.melody.plan import plan_section
from songcraft.music.song import ChordAt, Line, Section, Song

MODEL = untrained_model()


def verse(key="C major", chords=("C", "Am", "F", "G7", "Dm7", "G/B", "C", "N.C.")) -> Song:
    lyrics = [
        "Morning light across the kitchen floor",
        "Coffee cold and no one at the door",
        "I keep your letters in a paper box",
        "And every night I turn the silver locks",
    ]
    lines = [
        Line(text, [ChordAt(chords[2 * i], 4), ChordAt(chords[2 * i + 1], 4)])
        for i, text in enumerate(lyrics)
    ]
    return Song("Test", key=key, sections=[Section("verse", "Verse 1", lines)])


def all_notes(song, candidate):
    """(onset, note, next note or None) for every sung note, per line."""
    plan = plan_section(song, 0)
    for index, notes in enumerate(candidate.lines):
        at = plan.lines[index].start
        timed = []
        for note in notes:
            timed.append((at, note))
            at += round(note.beats * plan.unit)
        for k, (onset, note) in enumerate(timed):
            if note.pitch is not None:
                following = timed[k + 1][1] if k + 1 < len(timed) else None
                yield plan, onset, note, following


@pytest.mark.parametrize("key", ["C major", "A minor", "Eb major", "F# minor"])
def test_strong_beats_are_chord_tones_and_everything_is_in_range(key):
    song = verse(key)
    plan = plan_section(song, 0)
    for seed in (0, 1):
        for candidate in generate_melodies(MODEL, song, 0, MelodyRequest(), seed):
            figures = shares(count_figures(song, 0, plan, candidate.lines))
            assert figures["strong_beat_chord_tones"] == 1.0
            assert figures["notes_out_of_range"] == 0
            assert figures["lines_ending_long"] == 1.0


def test_tones_outside_the_chord_resolve_by_step_and_lines_end_on_chord_tones():
    song = verse()
    for candidate in generate_melodies(MODEL, song, 0, MelodyRequest(candidates=6), 3):
        for plan, onset, note, following in all_notes(song, candidate):
            chord = plan.chord_at(onset)
            passing = chord.tones is not None and note.pitch % 12 not in chord.tones
            if passing:
                assert following is not None and following.pitch is not None
                assert abs(following.pitch - note.pitch) in (1, 2)
            if following is None or following.pitch is None:
                assert not passing


def test_weak_beat_notes_stay_in_the_scale_or_the_chord():
    song = verse()
    for candidate in generate_melodies(MODEL, song, 0, MelodyRequest(), 2):
        for plan, onset, note, _ in all_notes(song, candidate):
            chord = plan.chord_at(onset)
            tones = chord.tones or frozenset()
            assert note.pitch % 12 in tones | plan.scale()


@pytest.mark.parametrize("voice", ["bass", "soprano", (62, 69)])
def test_every_voice_is_kept_in_range(voice):
    song = verse()
    low, high = plan_section(song, 0, voice).low, plan_section(song, 0, voice).high
    for candidate in generate_melodies(MODEL, song, 0, MelodyRequest(voice=voice), 0):
        pitches = [n.pitch for notes in candidate.lines for n in notes if n.pitch is not None]
        assert low <= min(pitches) and max(pitches) <= high


def test_candidates_are_distinct_sorted_and_repeatable():
    song = verse()
    first = generate_melodies(MODEL, song, 0, MelodyRequest(candidates=5), 7)
    again = generate_melodies(MODEL, song, 0, MelodyRequest(candidates=5), 7)
    assert first == again
    assert len(first) == 5
    shapes = {tuple((n.pitch, n.beats) for notes in c.lines for n in notes) for c in first}
    assert len(shapes) == 5
    assert [c.score for c in first] == sorted((c.score for c in first), reverse=True)
    assert generate_melodies(MODEL, song, 0, MelodyRequest(candidates=5), 8) != first


def test_locked_bars_are_kept_and_the_rest_is_set_again():
    song = verse()
    (start,) = generate_melodies(MODEL, song, 0, MelodyRequest(candidates=1), 0)
    song = apply_melody(song, 0, start)
    request = MelodyRequest(candidates=4, locked_bars=frozenset({0, 3}))
    plan = plan_section(song, 0)
    found = generate_melodies(MODEL, song, 0, request, 11)

    def by_bar(lines):
        bars = {}
        for index, notes in enumerate(lines):
            at = plan.lines[index].start
            for note in notes:
                bars.setdefault(at // plan.bar, []).append((at, note.pitch, note.syllable))
                at += round(note.beats * plan.unit)
        return bars

    before = by_bar(start.lines)
    for candidate in found:
        after = by_bar(candidate.lines)
        assert after[0] == before[0] and after[3] == before[3]
    assert any(by_bar(c.lines)[1] != before[1] for c in found)


def test_locks_that_no_longer_match_are_refused():
    song = verse()
    (start,) = generate_melodies(MODEL, song, 0, MelodyRequest(candidates=1), 0)
    song = apply_melody(song, 0, start)
    song.sections[0].lines[0].text = "Evening light across the kitchen floor"
    with pytest.raises(SongcraftError, match="lyric changed"):
        generate_melodies(MODEL, song, 0, MelodyRequest(locked_bars=frozenset({0})), 1)
    with pytest.raises(SongcraftError, match="only 8 bars"):
        generate_melodies(MODEL, song, 0, MelodyRequest(locked_bars=frozenset({8})), 1)
    with pytest.raises(SongcraftError, match="no melody yet"):
        generate_melodies(MODEL, verse(), 0, MelodyRequest(locked_bars=frozenset({0})), 1)


def test_apply_melody_returns_a_valid_copy():
    song = verse()
    (candidate,) = generate_melodies(MODEL, song, 0, MelodyRequest(candidates=1), 0)
    new = apply_melody(song, 0, candidate)
    assert not song.has_melody() and new.has_melody()
    new.validate()
    assert Song.from_json(new.to_json()) == new
    for line in new.sections[0].lines:
        assert sum(n.beats for n in line.melody) == sum(c.beats for c in line.chords)
    wrong = dataclasses.replace(candidate, lines=candidate.lines[:2])
    with pytest.raises(SongcraftError, match="has 2 lines"):
        apply_melody(song, 0, wrong)


@pytest.mark.parametrize(
    ("request_args", "message"),
    [
        ({"voice": (60, 60)}, "C4 is too narrow"),
        ({"voice": (60, 64)}, "at least a fifth"),
        ({"voice": "countertenor"}, "Unknown voice"),
        ({"voice": (70, 60)}, "lowest first"),
        ({"candidates": 0}, "1 to 12"),
        ({"temperature": 0}, "Temperature"),
        ({"locked_bars": frozenset({-1})}, "counted 0, 1, 2"),
    ],
)
def test_bad_requests_get_clear_messages(request_args, message):
    with pytest.raises(SongcraftError, match=message):
        MelodyRequest(**request_args)


def test_bad_songs_get_clear_messages():
    song = verse()
    with pytest.raises(SongcraftError, match="no section 3"):
        generate_melodies(MODEL, song, 3, MelodyRequest(), 0)
    song.sections[0].lines[1].chords[0].symbol = "Xmaj7"
    with pytest.raises(SongcraftError, match="Verse 1, line 2: 'Xmaj7' is not a chord"):
        generate_melodies(MODEL, song, 0, MelodyRequest(), 0)


def test_notes_held_into_a_chord_change_belong_to_the_new_chord():
    lines = [Line("Down by the water we danced", [ChordAt(c, 3) for c in ("G", "C", "G", "D")])]
    song = Song("Waltz", key="G major", time_signature="3/4",
                sections=[Section("verse", "", lines)])  # fmt: skip
    plan = plan_section(song, 0)
    for candidate in generate_melodies(MODEL, song, 0, MelodyRequest(candidates=6), 5):
        for _, onset, note, _ in all_notes(song, candidate):
            end = onset + round(note.beats * plan.unit)
            for chord in plan.chords:
                if onset < chord.start < end and plan.is_strong(chord.start):
                    assert note.pitch % 12 in chord.tones


def test_odd_arguments_get_messages_not_tracebacks():
    with pytest.raises(SongcraftError, match="neither a voice type"):
        MelodyRequest(voice=60)
    with pytest.raises(SongcraftError, match="set of bar numbers"):
        MelodyRequest(locked_bars=5)
    assert MelodyRequest(locked_bars=None).locked_bars == frozenset()
    with pytest.raises(SongcraftError, match="seed"):
        generate_melodies(MODEL, verse(), 0, MelodyRequest(), -1)


def test_the_package_exposes_the_small_public_api():
    import songcraft.melody as melody

    assert melody.generate_melodies is generate_melodies and melody.MelodyRequest is MelodyRequest
    assert callable(melody.load_melody_model) and callable(melody.apply_melody)
