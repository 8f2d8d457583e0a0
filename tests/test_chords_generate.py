"""The constrained decoder with a tiny untrained model and fixed seeds."""

import numpy as np
import pytest

from songcraft.chords.bench import cadence_ok
from songcraft.chords.constraints import loops
from songcraft.chords.corpus import build_vocabulary
from songcraft.chords.degrees import degree_from_symbol
from songcraft.chords.generate import ProgressionRequest, generate_progressions
from songcraft.chords.keys import KEY_NAMES, parse_key
from songcraft.chords.model import untrained_model
from songcraft.chords.progfile import read_progressions
from songcraft.chords.symbols import parse_chord
from songcraft.errors import SongcraftError

TINY_CORPUS = """
# style=pop section=verse
C major: C | G | Am | F
G major: G | D | Em C | G D
# style=blues section=verse
A major: A7 | D7 | A7 | E7
A minor: Am | F | C | G
"""


@pytest.fixture(scope="module")
def model():
    lines = read_progressions(TINY_CORPUS).progressions
    return untrained_model(build_vocabulary(lines), seed=3, units=16)


def generate(model, seed=0, **fields):
    return generate_progressions(model, ProgressionRequest(**fields), seed=seed)


def offsets(progression):
    key = parse_key(progression.key)
    return [degree_from_symbol(parse_chord(c.symbol), key).offset for c in progression.chords]


@pytest.mark.parametrize("cadence", ["authentic", "half", "plagal", "deceptive"])
@pytest.mark.parametrize("key", ["C major", "A minor", "Eb major", "F# minor"])
@pytest.mark.parametrize("per_bar", [0, 1, 2])
def test_cadence_is_always_met(model, cadence, key, per_bar):
    found = generate(
        model, seed=7, key=key, cadence=cadence, chords_per_bar=per_bar, candidates=6, bars=4
    )
    assert found
    assert all(cadence_ok(p, cadence) for p in found), [p.as_text() for p in found]


def test_shape_start_count_and_scores(model):
    found = generate(model, key="D major", bars=6, chords_per_bar=2, candidates=5)
    assert len(found) == 5
    assert len({p.as_text() for p in found}) == 5
    for p in found:
        assert len(p.bars()) == 6 and all(len(bar) == 2 for bar in p.bars())
        assert offsets(p)[0] == 0 and p.chords[0].symbol == "D"
        assert all(0 < c.probability <= 1 for c in p.chords)
        assert 0 < p.score <= 1
        assert [c.bar for c in p.chords] == sorted(c.bar for c in p.chords)
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)


def test_free_rhythm_fills_every_bar(model):
    for p in generate(model, chords_per_bar=0, bars=8, candidates=4, seed=2):
        for bar in range(8):
            assert sum(c.beats for c in p.chords if c.bar == bar) == pytest.approx(4.0)
        assert read_progressions(p.as_text()).progressions[0].bars  # the text reads back


def test_same_seed_same_result_other_seed_differs(model):
    request = {"key": "G major", "candidates": 3, "cadence": "half"}
    first = [p.as_text() for p in generate(model, seed=11, **request)]
    assert first == [p.as_text() for p in generate(model, seed=11, **request)]
    assert first != [p.as_text() for p in generate(model, seed=12, **request)]


def test_degrees_do_not_depend_on_the_key(model):
    """The model only sees degrees and the mode: same seed, same numerals in every key."""
    for mode in ("major", "minor"):
        keys = [k for k in KEY_NAMES if k.endswith(mode)]
        romans = {
            tuple(p.romans() for p in generate(model, seed=5, key=k, cadence="authentic"))
            for k in keys
        }
        assert len(romans) == 1
        for k in keys:
            for p in generate(model, seed=5, key=k):
                assert all("##" not in c.symbol and "bb" not in c.symbol for c in p.chords)


def test_locks_are_kept(model):
    locks = {2: "Bbmaj7", 5: "Dm7"}
    for p in generate(
        model,
        key="F major",
        bars=4,
        chords_per_bar=2,
        locks=locks,
        candidates=4,
        cadence="authentic",
    ):
        assert p.chords[2].symbol == "Bbmaj7" and p.chords[2].roman == "IVmaj7"
        assert p.chords[5].symbol == "Dm7"
        assert p.chords[1].symbol != "Bbmaj7"  # the chord before a lock in its bar differs


def test_continue_from_typed_chords(model):
    found = generate(model, key="A minor", bars=5, continue_from="Am | F G7", candidates=3)
    for p in found:
        assert p.bars()[:2] == [["Am"], ["F", "G7"]]
        assert [c.roman for c in p.chords[:3]] == ["i", "bVI", "V7/bIII"]
        assert len(p.bars()) == 5


def test_typed_and_locked_chords_keep_the_writers_spelling(model):
    found = generate(
        model,
        key="C minor",
        bars=4,
        continue_from="C-7 | F7(b9)",
        locks={3: "Abmaj7#11"},
        candidates=2,
        cadence="any",
    )
    for p in found:
        assert [c.symbol for c in p.chords[:2]] == ["C-7", "F7(b9)"]  # as typed
        assert [c.roman for c in p.chords[:2]] == ["i7", "IV7b9"]  # read as Cm7, F7b9
        assert p.chords[3].symbol == "Abmaj7#11"


def loving_model(model):
    """The tiny model rigged to want I and V and nothing else."""
    rigged = untrained_model(model.vocab, seed=3, units=16)
    bias = rigged.lm.dense_b
    for token in ("I", "V", "|2+2"):
        bias[model.vocab.index[token]] += 30.0
    return rigged


def test_repetition_guard_stops_two_chord_loops(model):
    rigged = loving_model(model)
    guarded = generate(rigged, bars=8, chords_per_bar=2, candidates=4, start_on_tonic=False)
    assert not any(loops([c.roman for c in p.chords]) for p in guarded)
    looped = generate(rigged, bars=8, chords_per_bar=2, candidates=1, allow_loop=True)
    assert loops([c.roman for c in looped[0].chords])


def test_candidates_stay_distinct_when_few_exist(model):
    locks = {i: s for i, s in enumerate(["C", "F", "G"])}
    found = generate(model, bars=4, locks=locks, candidates=16, seed=1)
    assert len({p.as_text() for p in found}) == len(found) >= 1


@pytest.mark.parametrize(
    "fields,words",
    [
        ({"bars": 0}, "2 to 32"),
        ({"bars": 1000}, "2 to 32"),
        ({"bars": 1}, "2 to 32"),
        ({"key": "J major"}, "not a key"),
        ({"key": ""}, "empty"),
        ({"key": "🎸"}, "not a key"),
        ({"candidates": 0}, "1 to 16"),
        ({"candidates": 17}, "1 to 16"),
        ({"temperature": float("nan")}, "between"),
        ({"temperature": 0}, "between"),
        ({"cadence": "perfect"}, "Unknown cadence"),
        ({"chords_per_bar": 9}, "chords per bar"),
        ({"locks": {0: "H7"}}, "German"),
        (
            {"locks": {-1: "C"}},
            "Lock position 0 is before the first chord: chords are numbered from 1",
        ),
        (
            {"locks": {"2": "C"}},
            r"Lock position '2' should be a chord number \(the first chord is 1\)",
        ),
        ({"locks": {1: "C"}, "chords_per_bar": 0}, "fixed number"),
        ({"bars": "eight"}, "2 to 32"),
    ],
)
def test_bad_requests_have_clear_messages(fields, words):
    with pytest.raises(SongcraftError, match=words):
        ProgressionRequest(**fields)


@pytest.mark.parametrize(
    "fields,words",
    [
        ({"locks": {7: "F"}, "cadence": "authentic", "bars": 8}, "cannot end an authentic"),
        ({"locks": {6: "Am"}, "cadence": "authentic", "bars": 8}, "before the last"),
        ({"locks": {0: "G"}}, "not the tonic"),
        ({"locks": {8: "C"}, "bars": 8}, "Locked chord 9 is past the end: .* chords 1 to 8"),
        ({"locks": {2: "G", 3: "G"}, "chords_per_bar": 2}, "Chords 3 and 4 lock the same chord"),
        ({"continue_from": "C | H7"}, "Bar 2"),
        ({"continue_from": "C | F | G | C", "bars": 4}, "fill 4 bars"),
        ({"continue_from": "C | F | Am", "bars": 4, "cadence": "authentic"}, "typed end on Am"),
        ({"continue_from": "C D E F G"}, "four chords per bar"),
        (
            {"locks": {1: "C"}, "continue_from": "C | F"},
            r"Chord 2 is one you typed \(chords 1 to 2\); lock chords after them",
        ),
        ({"style": "polka"}, "Unknown style"),
        ({"section": "middle eight"}, "Unknown section"),
    ],
)
def test_impossible_requests_explain_themselves(model, fields, words):
    with pytest.raises(SongcraftError, match=words):
        generate(model, **fields)


def test_numpy_step_matches_keras(model):
    """The decoder's NumPy LSTM gives Keras's numbers for the same weights."""
    from songcraft.seqlm import build_model

    keras_model = build_model(model.config)
    keras_model.set_weights(model.weights)
    tokens = np.array([[1, 3, 6, 20, 30, 21]], dtype=np.int32)
    cond = np.array([1], dtype=np.int32)
    logits = np.asarray(keras_model([tokens, cond], training=False))[0, -1]
    logp, _ = model.lm.feed(tokens, cond)
    expected = logits - np.log(np.exp(logits - logits.max()).sum()) - logits.max()
    assert np.allclose(logp[0], expected, atol=1e-4)
