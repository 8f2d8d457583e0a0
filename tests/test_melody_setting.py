"""Setting lyrics: one note per syllable, stresses on strong beats, long line ends, meters,
melisma, and the documented behaviour for empty, overfull and chordless lines."""

import pytest

from songcraft.errors import SongcraftError
from songcraft.melody.generate import MelodyRequest, generate_melodies
from songcraft.melody.model import untrained_model
from songcraft.melody.plan import plan_section
from songcraft.melody.rhythm import rhythm_table
from songcraft.melody.syllables import line_syllables
from songcraft.music.song import ChordAt, Line, Section, Song

MODEL = untrained_model()


def song(lines, key="C major", meter="4/4") -> Song:
    """lines: (lyric, [(chord, beats), ...]) pairs."""
    built = [Line(text, [ChordAt(c, b) for c, b in chords]) for text, chords in lines]
    return Song("Test", key=key, time_signature=meter, sections=[Section("verse", "", built)])


def setting(s: Song, seed=0, **request):
    found = generate_melodies(MODEL, s, 0, MelodyRequest(**request), seed)
    return found, plan_section(s, 0, request.get("voice", "auto"), request.get("melisma", False))


def onsets(plan, line_index, notes):
    at = plan.lines[line_index].start
    for note in notes:
        yield at, note
        at += round(note.beats * plan.unit)


VERSE = song(
    [
        ("Hold me close tonight", [("C", 4), ("Am", 4)]),
        ("Under the silver moon", [("F", 4), ("G", 4)]),
    ]
)


def test_one_note_per_syllable_and_lines_keep_their_length():
    found, _ = setting(VERSE, candidates=3)
    for candidate in found:
        for line, notes in zip(VERSE.sections[0].lines, candidate.lines, strict=True):
            sung = [n.syllable for n in notes if n.pitch is not None]
            assert sung == [s.text for s in line_syllables(line.text)]
            assert sum(n.beats for n in notes) == sum(c.beats for c in line.chords)
            assert all(n.beats * 4 == int(n.beats * 4) for n in notes)


def test_word_ends_mark_the_last_syllable_of_each_word():
    found, _ = setting(VERSE)
    notes = [n for n in found[0].lines[0] if n.syllable]
    assert [(n.syllable, n.word_end) for n in notes] == [
        ("Hold", True),
        ("me", True),
        ("close", True),
        ("to", False),
        ("night", True),
    ]


def test_stressed_syllables_land_on_strong_beats_when_the_line_allows():
    found, plan = setting(VERSE, candidates=4)
    for candidate in found:
        for index, notes in enumerate(candidate.lines):
            stresses = iter(s.stressed for s in line_syllables(VERSE.sections[0].lines[index].text))
            for at, note in onsets(plan, index, notes):
                if note.syllable and next(stresses):
                    assert plan.is_strong(at), (note.syllable, at)


def test_line_ends_land_on_long_notes():
    found, plan = setting(VERSE, candidates=4)
    for candidate in found:
        for notes in candidate.lines:
            last = [n for n in notes if n.pitch is not None][-1]
            assert last.beats >= 1


def test_a_rest_before_the_first_syllable_is_at_most_half_a_bar():
    found, _ = setting(VERSE, candidates=4, seed=5)
    for candidate in found:
        for notes in candidate.lines:
            if notes[0].pitch is None:
                assert notes[0].beats <= 2


@pytest.mark.parametrize(("meter", "bar_beats"), [("3/4", 3), ("6/8", 6), ("2/4", 2)])
def test_other_meters_fill_their_bars(meter, bar_beats):
    s = song([("Sing me a song of the sea", [("G", bar_beats)] * 4)], key="G major", meter=meter)
    found, plan = setting(s, candidates=2)
    for candidate in found:
        assert sum(n.beats for n in candidate.lines[0]) == 4 * bar_beats
        for at, note in onsets(plan, 0, candidate.lines[0]):
            if plan.is_strong(at) and note.pitch is not None:
                assert note.pitch % 12 in (7, 11, 2)


def test_melisma_gives_the_last_syllable_two_notes():
    found, _ = setting(VERSE, melisma=True)
    notes = [n for n in found[0].lines[0] if n.pitch is not None]
    assert notes[-2].syllable == "night" and notes[-1].syllable is None


def test_a_line_with_no_syllables_is_a_rest_under_its_chords():
    s = song([("Hold me close", [("C", 4)]), ("🎸 🎸", [("G", 4)]), ("", [("F", 2), ("C", 2)])])
    found, _ = setting(s)
    assert [(n.pitch, n.beats) for n in found[0].lines[1]] == [(None, 4.0)]
    assert [(n.pitch, n.beats) for n in found[0].lines[2]] == [(None, 4.0)]


def test_a_line_without_chords_gets_about_a_syllable_a_beat():
    s = song([("Hold me close tonight my love", [])])
    found, plan = setting(s)
    assert plan.lines[0].end == 32  # six syllables: two bars of 4/4
    assert sum(n.beats for n in found[0].lines[0]) == 8


def test_sixty_syllables_in_one_bar_is_refused_with_the_numbers():
    lyric = " ".join(["la"] * 60)
    with pytest.raises(SongcraftError, match="60 syllables but lasts 4 beats: at most 16 fit"):
        setting(song([(lyric, [("C", 4)])]))


def test_sixteen_syllables_in_one_bar_are_all_sixteenths():
    found, _ = setting(song([(" ".join(["la"] * 16), [("C", 4)])]))
    assert [n.beats for n in found[0].lines[0]] == [0.25] * 16


def test_a_section_with_no_lyrics_is_refused():
    with pytest.raises(SongcraftError, match="no lyrics to set"):
        setting(song([("", [("C", 4)]), ("!!!", [("G", 4)])]))


def test_chords_off_the_sixteenth_grid_are_refused():
    with pytest.raises(SongcraftError, match="sixteenth-note grid"):
        setting(song([("Hold me", [("C", 1 / 3), ("G", 11 / 3)])]))


def test_rhythm_table_counts_unavoidable_stress_misses():
    s = song([("Big dogs run fast", [("C", 2)])])  # four stresses, one strong beat in 2 beats
    plan = plan_section(s, 0)
    table = rhythm_table(plan, plan.lines[0].segments[0])
    assert 0 < table.best() < 10**6
    easy = plan_section(VERSE, 0)
    assert rhythm_table(easy, easy.lines[0].segments[0]).best() == 0


def test_quick_syllables_cost_more_at_a_fast_tempo():
    slow, fast = song([("la la la la", [("C", 4)])]), song([("la la la la", [("C", 4)])])
    slow.tempo, fast.tempo = 60, 200
    costs = []
    for s in (slow, fast):
        plan = plan_section(s, 0)
        table = rhythm_table(plan, plan.lines[0].segments[0])
        costs.append((int(table.step_cost[0][0, 1]), int(table.step_cost[0][0, 2])))
    assert costs[0] == (0, 0)  # a sixteenth at 60 bpm lasts a quarter of a second
    assert costs[1][0] > 0 and costs[1][1] == 0  # at 200 bpm only the eighth is comfortable
