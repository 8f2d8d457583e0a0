"""Melody corpus: ABC and score reading, cleaning to the sixteenth grid, tokens, splits."""

from fractions import Fraction

import pytest

from songcraft.errors import SongcraftError
from songcraft.melody.corpus import load_records, parse_record, record_tokens, split_of
from songcraft.melody.extract import (
    Record,
    best_mode,
    clean_tune,
    implied_chords,
    merge_ties,
    regular_pieces,
)
from songcraft.melody.sources import RawNote, RawTune, SkipTune, read_abc_tune
from songcraft.melody.tokens import Vocabulary, all_tokens, encode_notes

TUNE = """X:1
T:Test
M:4/4
L:1/8
K:G
D2 |"G" G2 B2 d2 ^c d | "C" e2 c2 "D7" A2 F2 | "G" G4- G2 B2 | "D" A4 d4 |
"G" B2 G2 "C" E2 c2 | "G" B2 d2 "D" A3 F | "G" G6 |]
"""


def _handler(text: str):
    from music21 import abcFormat

    handler = abcFormat.ABCHandler()
    handler.process(text)
    return handler


def test_abc_tune_reads_bars_pitches_ties_and_chords():
    tune = read_abc_tune(_handler(TUNE), "test#1")
    assert tune.meter == "4/4" and tune.signature_pc == 7 and tune.mode is None
    assert [n.midi for n in tune.bars[0]] == [62]
    first_bar = tune.bars[1]
    assert [n.midi for n in first_bar] == [67, 71, 74, 73, 74]  # ^c, then c# still in the bar
    assert first_bar[0].chord == (7, "")
    assert tune.bars[3][0].tie and tune.bars[3][0].length == Fraction(2)


def test_accidentals_last_to_the_bar_line_only():
    text = "X:1\nM:4/4\nL:1/4\nK:C\n^F F G A | F G A B |]\n"
    tune = read_abc_tune(_handler(text), "t#1")
    assert [n.midi for n in tune.bars[0]][:2] == [66, 66]
    assert tune.bars[1][0].midi == 65


def test_tuplets_and_free_meter_are_skipped_with_a_reason():
    with pytest.raises(SkipTune, match="tuplets"):
        read_abc_tune(_handler("X:1\nM:2/4\nL:1/8\nK:D\n(3ABc d2 | e4 |]\n"), "t#1")
    with pytest.raises(SkipTune, match="meter"):
        read_abc_tune(_handler("X:1\nM:none\nL:1/8\nK:D\nA2 d2 | e4 |]\n"), "t#1")


def test_clean_tune_keeps_the_pickup_merges_ties_and_uses_source_chords():
    (record,) = clean_tune(read_abc_tune(_handler(TUNE), "test#1"))
    assert record.mode == "major" and record.start == 12  # a one-beat pickup
    assert record.notes[0] == (4, -5, None)  # D below the G reference, no chord yet
    assert record.notes[1][2] == "h0"  # G chord on the first downbeat
    assert (12, 0, "h0") in record.notes  # the tied G is one dotted half note
    assert sum(length for length, _, _ in record.notes) == 4 + 6 * 16 + 12


def test_regular_pieces_split_where_bar_lines_miss_the_grid():
    q = Fraction(1)
    bars = [[RawNote(q, 60)], [RawNote(4 * q, 62)], [RawNote(3 * q, 64)], [RawNote(q, 65)]]
    pieces = regular_pieces(bars, 16)
    assert [(start, [i for i, _ in bars]) for start, bars in pieces] == [(12, [0, 1, 2]), (12, [3])]


def test_merge_ties_and_rests():
    one = Fraction(1)
    notes = [RawNote(one, 60, tie=True), RawNote(one, 60), RawNote(one, None), RawNote(one, None)]
    merged = merge_ties(notes)
    assert [(n.length, n.midi) for n in merged] == [(2, 60), (2, None)]


def test_mode_follows_the_sounding_scale_on_the_final():
    assert best_mode(0, {0: 4, 4: 2, 7: 2, 11: 1}) == "major"
    assert best_mode(9, {9: 4, 0: 2, 4: 2, 7: 1}) == "minor"
    assert best_mode(2, {2: 4, 5: 2, 9: 2, 11: 2}) == "dorian"


def test_implied_chords_pick_the_triad_that_covers_the_melody():
    notes = [(0, 4, 0, 1.0), (4, 4, 4, 1.0), (8, 4, 7, 1.0), (12, 4, 2, 1.0)]
    notes += [(16, 4, 7, 1.0), (20, 4, 11, 1.0), (24, 8, 2, 1.0)]
    chords = implied_chords(notes, 16, 32, "major", "4/4")
    assert chords == {0: "h0", 16: "h7"}


def test_tokens_encode_positions_lengths_pitches_and_chord_changes():
    record = Record("t#1", "3/4", "major", 8, [(4, 0, "h0"), (12, 4, None), (8, None, "h7")])
    tokens = record_tokens(record)
    assert tokens == ["M3/4", "h0", "@8", "d4", "p0", "@0", "d12", "p4", "h7", "@0", "d8", "rest"]
    vocab = Vocabulary()
    assert vocab.encode(tokens)[0] > 0 and len(vocab) == len(all_tokens())
    assert encode_notes("4/4", [(0, 40, 50, None)])[2:] == ["d32", "p30"]


def test_record_lines_round_trip():
    record = Record("essen/x#3~2", "6/8", "dorian", 10, [(2, -3, "h0m"), (6, None, None)])
    assert parse_record(record.to_line()) == record
    with pytest.raises(SongcraftError, match="malformed"):
        parse_record("broken line")


def test_splits_are_fixed_and_keep_pieces_of_a_tune_together():
    assert split_of("essen/x#3~1") == split_of("essen/x#3~2") == split_of("essen/x#3")
    counts = {s: 0 for s in ("train", "validation", "test")}
    for i in range(2000):
        counts[split_of(f"t#{i}")] += 1
    assert counts["train"] > 1700 and counts["test"] > 60 and counts["validation"] > 60


def test_score_tune_takes_the_bass_final_as_tonic():
    bar = [RawNote(Fraction(2), 64), RawNote(Fraction(2), 69)]
    tune = RawTune("x", "4/4", 0, None, [list(bar) for _ in range(4)])
    tune.tonic_pc = 9
    (record,) = clean_tune(tune)
    assert record.notes[0][1] % 12 == 7  # E is the fifth of the bass's A, not a tonic


def test_shipped_corpus_files_load():
    records = load_records()
    assert len(records) > 1000
    assert {r.mode for r in records} >= {"major", "minor"}
