"""The progression file format, tokens, the deterministic split and vocabulary."""

from fractions import Fraction

import pytest

from songcraft.chords.corpus import build_vocabulary, examples, load_corpus, split_of
from songcraft.chords.keys import Key
from songcraft.chords.progfile import read_progression_file, read_progressions
from songcraft.chords.symbols import parse_progression
from songcraft.chords.tokens import encode_tokens, merge_bar
from songcraft.errors import SongcraftError

SAMPLE = """\
# Songcraft original chord-progression corpus: test
# A comment that is not metadata: ignored.

# style=pop section=verse
C major: C | G | Am | F
Eb major: Eb | Cm | Ab Bb | Eb
# style=blues section=chorus
A major: A7 | D7 | A7 A7 A7 E7 | %
A minor: Am | N.C. | F/A G/B | E7
"""

BAD = """\
C major: C | G
J major: C | G
C major C G
C major: C | H7 | Xmaj7
C major: C#b | Q
C major:
C major: C | | G
Bb minor: Bbm | Gb | Db | F7
"""


def test_reads_progressions_with_metadata():
    result = read_progressions(SAMPLE, "sample.txt")
    assert not result.problems and result.bad_chords == 0
    lines = result.progressions
    assert [str(p.key) for p in lines] == ["C major", "Eb major", "A major", "A minor"]
    assert [(p.style, p.section) for p in lines] == [
        ("pop", "verse"),
        ("pop", "verse"),
        ("blues", "chorus"),
        ("blues", "chorus"),
    ]
    assert lines[2].bars[3] == lines[2].bars[2]  # % repeats the bar
    assert lines[3].bars[1] == (None,)
    assert lines[1].line == 6 and lines[1].origin == "sample.txt"
    assert lines[1].as_text() == "Eb major: Eb | Cm | Ab Bb | Eb"


def test_metadata_can_be_ignored():
    lines = read_progressions(SAMPLE, metadata=False).progressions
    assert all(p.style is None and p.section is None for p in lines)


def test_bad_lines_are_reported_by_number_never_fatal():
    result = read_progressions(BAD)
    assert [str(p.key) for p in result.progressions] == ["C major", "Bb minor"]
    numbers = [n for n, _ in result.problems]
    assert numbers == [2, 3, 4, 5, 6, 7]
    messages = dict(result.problems)
    assert "not a key" in messages[2]
    assert "no key" in messages[3]
    assert "German" in messages[4] and "root note" in messages[4]
    assert "no chords" in messages[6]
    assert "bar 2 is empty" in messages[7]
    assert result.bad_chords == 4  # H7, Xmaj7, C#b, Q


def test_file_errors_are_clear(tmp_path):
    with pytest.raises(SongcraftError, match="No progression file"):
        read_progression_file(tmp_path / "missing.txt")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00C major: C")
    with pytest.raises(SongcraftError, match="not UTF-8"):
        read_progression_file(binary)
    good = tmp_path / "good.txt"
    good.write_text("C major: C | F | G | C\n", encoding="utf-8")
    assert len(read_progression_file(good).progressions) == 1


def test_merging_and_bar_tokens():
    assert [(c, b) for c, b in merge_bar(["C", "C", "C", "G"])] == [("C", 3), ("G", 1)]
    assert merge_bar(["C", "F", "G"])[0][1] == Fraction(4, 3)
    bars = parse_progression("C | Am F | G G G C")
    tokens = [t[0] for t in encode_tokens(Key("C", "major"), bars, "verse")]
    assert tokens == [
        "<s>",
        "<major>",
        "<verse>",
        "|4",
        "I",
        "|2+2",
        "vi",
        "IV",
        "|3+1",
        "V",
        "I",
        "</s>",
    ]
    minor = [
        t[0] for t in encode_tokens(Key("A", "minor"), parse_progression("Am | G | F E7"), None)
    ]
    assert minor == [
        "<s>",
        "<minor>",
        "<any>",
        "|4",
        "i",
        "|4",
        "bVII",
        "|2+2",
        "bVI",
        "V7",
        "</s>",
    ]


def test_transposed_progressions_share_tokens_and_split():
    a, b = read_progressions("C major: C | F | G | C\nEb major: Eb | Ab | Bb | Eb").progressions
    assert [t[0] for t in encode_tokens(a.key, list(a.bars), None)] == [
        t[0] for t in encode_tokens(b.key, list(b.bars), None)
    ]
    assert split_of(a) == split_of(b)


def test_split_keeps_a_piece_together_and_is_stable():
    text = "".join(
        f"# style=chorale source=bwv{n} meter=4/4\nC major: C | G{n % 3} \n" for n in range(3)
    )
    text = text.replace("G0", "G").replace("G1", "F").replace("G2", "Am")
    lines = read_progressions(text + text.replace("C major: C", "G major: G")).progressions
    for first, second in zip(lines[:3], lines[3:], strict=True):
        assert split_of(first) == split_of(second)
    assert [split_of(p) for p in lines] == [split_of(p) for p in lines]


def test_vocabulary_and_examples_from_a_tiny_corpus():
    lines = read_progressions(SAMPLE).progressions
    vocab = build_vocabulary(lines)
    assert vocab.styles == ["any", "blues", "pop"]
    assert {"|4", "|2+2", "|3+1", "I", "i", "V7", "<verse>", "<any>"} <= set(vocab.tokens)
    encoded = examples(vocab, lines, any_copies=True)
    assert len(encoded) == 6  # four progressions, two also shown as style "any"
    assert encoded[1] == (encoded[1][0], 0)
    assert all(
        ids[0] == vocab.index["<s>"] and ids[-1] == vocab.index["</s>"] for ids, _ in encoded
    )


def test_the_corpus_loads_and_splits():
    corpus = load_corpus()
    sizes = {name: len(lines) for name, lines in corpus.splits.items()}
    assert sizes["train"] > sizes["val"] > 0 and sizes["test"] > 0
    original = [
        p
        for lines in corpus.splits.values()
        for p in lines
        if p.origin in {f"{s}.txt" for s in ("pop", "rock", "blues", "jazz", "folk")}
    ]
    assert len(original) >= 250
    assert not corpus.problems, corpus.problems[:5]
