"""Syllables for singing: spelling pieces, stress, unknown words, numbers and odd input."""

import pytest

from songcraft.errors import SongcraftError
from songcraft.melody.syllables import line_syllables, split_spelling, syllabify


@pytest.mark.parametrize(
    ("word", "pieces"),
    [
        ("love", ["love"]),
        ("beautiful", ["beau", "ti", "ful"]),
        ("mother", ["mo", "ther"]),
        ("table", ["ta", "ble"]),
        ("little", ["lit", "tle"]),
        ("sister", ["sis", "ter"]),
        ("happy", ["hap", "py"]),
        ("tonight", ["to", "night"]),
        ("walked", ["walked"]),
        ("don't", ["don't"]),
    ],
)
def test_known_words_split_into_their_sung_syllables(word, pieces):
    assert syllabify(word) == pieces


def test_pieces_always_rebuild_the_word_with_its_punctuation():
    for word in ("Hallelujah!", '"Yesterday,', "(understand)", "Runnin'", "café"):
        pieces = syllabify(word)
        assert "".join(pieces) == word
        assert len(pieces) >= 2


def test_unknown_words_get_a_spelling_guess():
    pieces = syllabify("blorpington")
    assert "".join(pieces) == "blorpington"
    assert len(pieces) == 3


def test_split_spelling_gives_exactly_the_count_asked_for():
    for count in range(1, 6):
        pieces = split_spelling("strengths", count)
        assert len(pieces) == count
        assert "".join(pieces) == "strengths"
    assert split_spelling("idea", 3) == ["i", "de", "a"]
    assert split_spelling("word", 0) == []


def test_stress_comes_from_the_pronunciation_and_function_words_are_light():
    sung = line_syllables("Hold on to the memory of the night")
    assert [(s.text, s.stressed) for s in sung] == [
        ("Hold", True),
        ("on", False),
        ("to", False),
        ("the", False),
        ("me", True),
        ("mo", False),
        ("ry", False),
        ("of", False),
        ("the", False),
        ("night", True),
    ]


def test_word_ends_and_word_indices_follow_the_written_words():
    sung = line_syllables("Beautiful  morning light")
    assert [s.word for s in sung] == [0, 0, 0, 1, 1, 2]
    assert [s.word_end for s in sung] == [False, False, True, False, True, True]


def test_numbers_are_sung_as_words():
    sung = line_syllables("24 more")
    assert [s.text for s in sung] == ["twen", "ty", "four", "more"]
    assert sung[2].word_end and sung[2].word == 0


def test_hyphenated_words_keep_their_capital_and_count_every_part():
    sung = line_syllables("Rock-and-roll!")
    assert [s.text for s in sung] == ["Rock", "and", "roll!"]
    assert sung[-1].word_end and not sung[0].word_end


def test_emoji_and_punctuation_are_not_sung():
    assert line_syllables("🔥 🎸 !!! ...") == []
    assert [s.text for s in line_syllables("I 💜 you")] == ["I", "you"]
    assert line_syllables("") == []


def test_other_scripts_get_a_clear_message():
    with pytest.raises(SongcraftError, match="Latin alphabet"):
        line_syllables("Привет мир")
