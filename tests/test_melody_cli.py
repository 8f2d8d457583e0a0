"""Melody commands: generate from JSON and ChordPro, bad input, bench output, and the
shipped bundle (marked `shipped`)."""

from collections import Counter

import pytest

from songcraft.cli import main
from songcraft.melody.bench import BENCH_VERSES, bench_song, constraint_figures, print_figures
from songcraft.melody.figures import shares
from songcraft.melody.model import SHIPPED, load_melody_model, untrained_model
from songcraft.melody.song_io import parse_voice
from songcraft.music.song import Song

CHORDPRO = """{title: River Song}
{key: G}
{time: 4/4}

{start_of_verse: Verse 1}
[G]I walked along the [Em]river
[C]The city lights were [D]fading
{end_of_verse}

{start_of_chorus}
[C]Hold on, hold [G]on to me
{end_of_chorus}
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "melody-tiny"
    untrained_model(units=8).save(path)
    return str(path)


def test_generate_from_chordpro_writes_a_song_with_melody(tmp_path, bundle, capsys):
    source = tmp_path / "song.cho"
    source.write_text(CHORDPRO)
    out = tmp_path / "out.json"
    code = main(["melody", "generate", str(source), "--model", bundle, "--candidates", "2",
                 "--out", str(out)])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert "Verse 1, candidate 2" in printed and "Chorus, candidate 1" in printed
    song = Song.from_json(out.read_text())
    assert all(line.melody for section in song.sections for line in section.lines)


def test_generate_one_section_of_a_json_song_with_a_voice(tmp_path, bundle, capsys):
    song = bench_song(*BENCH_VERSES[1])
    source = tmp_path / "song.json"
    source.write_text(song.to_json())
    out = tmp_path / "out.json"
    args = ["melody", "generate", str(source), "--model", bundle, "--section", "verse",
            "--voice", "A2-E4", "--seed", "4", "--pick", "2", "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    pitches = [n.pitch for line in Song.from_json(out.read_text()).sections[0].lines
               for n in line.melody if n.pitch is not None]  # fmt: skip
    assert 45 <= min(pitches) and max(pitches) <= 64


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--section", "bridge"], "no section 'bridge'"),
        (["--pick", "9"], "--pick must be from 1"),
        (["--voice", "C4-D4"], "too narrow"),
        (["--voice", "H4-C5"], "is not a note"),
    ],
)
def test_bad_arguments_print_one_clear_error(tmp_path, bundle, capsys, extra, message):
    source = tmp_path / "song.cho"
    source.write_text(CHORDPRO)
    code = main(["melody", "generate", str(source), "--model", bundle, "--out",
                 str(tmp_path / "o.json"), *extra])  # fmt: skip
    assert code == 2
    assert message in capsys.readouterr().err


def test_a_missing_or_broken_song_file_is_named(tmp_path, bundle, capsys):
    assert main(["melody", "generate", str(tmp_path / "nope.json"), "--out", "x.json"]) == 2
    assert "nope.json" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1, "sections": [{"kind": "verse", "lines": 3}]}')
    assert main(["melody", "generate", str(broken), "--model", bundle, "--out", "x.json"]) == 2
    assert "broken.json" in capsys.readouterr().err


def test_voices_parse_from_names_and_ranges():
    assert parse_voice("alto") == "alto"
    assert parse_voice("C4-E5") == (60, 76) and parse_voice("48 - 67") == (48, 67)


def test_bench_figures_with_a_tiny_model_meet_the_constraint_goals(capsys):
    figures = constraint_figures(untrained_model(units=8), candidates=2)
    assert figures["strong_beat_chord_tones"] == 1.0
    assert figures["notes_out_of_range"] == 0
    assert figures["stressed_on_strong_beats"] >= 0.85
    figures.update(
        latency_ms_median=12.5,
        model="tiny",
        held_out_nll_per_note={"lstm": {"nll_per_note": 2.0, "notes": 10},
                               "ngram": {"nll_per_note": 2.5, "order": 7}},
    )  # fmt: skip
    print_figures(figures)
    printed = capsys.readouterr().out
    assert "LSTM 2.0 vs 7-gram 2.5" in printed and "met" in printed
    assert shares(Counter())["strong_beat_chord_tones"] == 1.0


@pytest.mark.shipped
def test_shipped_model_sets_the_bench_verses_within_the_goals():
    model = load_melody_model(SHIPPED)
    figures = constraint_figures(model, candidates=2)
    assert figures["strong_beat_chord_tones"] >= 0.9
    assert figures["stressed_on_strong_beats"] >= 0.85
    assert figures["notes_out_of_range"] == 0
    evaluation = model.metrics["evaluation"]
    assert evaluation["lstm"]["nll_per_note"] < evaluation["ngram"]["nll_per_note"]


def test_locked_bars_from_the_command_line_keep_the_first_melody(tmp_path, bundle):
    source, first, second = tmp_path / "song.cho", tmp_path / "a.json", tmp_path / "b.json"
    source.write_text(CHORDPRO)
    base = ["melody", "generate", "--model", bundle, "--section", "Verse 1", "--candidates", "1"]
    assert main([*base[:2], str(source), *base[2:], "--out", str(first)]) == 0
    assert main([*base[:2], str(first), *base[2:], "--lock", "1", "--seed", "9",
                 "--out", str(second)]) == 0  # fmt: skip
    before = Song.from_json(first.read_text()).sections[0].lines[0].melody
    after = Song.from_json(second.read_text()).sections[0].lines[0].melody
    assert before[:2] == after[:2]
    assert main([*base[:2], str(first), *base[2:], "--lock", "x", "--out", str(second)]) == 2
