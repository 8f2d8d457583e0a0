"""Rhyme and syllable helpers: words, pronunciations, rhymes, syllable ranges, schemes."""

import pytest

from songcraft.errors import SongcraftError
from songcraft.lyrics import phonetics as ph
from songcraft.lyrics.spelling import guess_pronunciation, spelling_syllables


def test_words_keep_apostrophes_and_drop_punctuation_and_emoji():
    assert ph.words("Don’t you KNOW? I'm runnin'… 🔥🔥") == [
        "don't", "you", "know", "i'm", "runnin'"
    ]  # fmt: skip
    assert ph.words("") == [] and ph.words(None) == [] and ph.words("!!! 🎸 ...") == []
    assert ph.last_word("We'll meet at midnight!") == "midnight"
    assert ph.last_word("🎶🎶") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [("love", "above"), ("night", "light"), ("fire", "desire"), ("heart", "apart")],
)
def test_perfect_rhymes(a, b):
    assert ph.rhymes_with(a, b) and ph.rhymes_with(b, a)
    assert ph.rhymes_with(a, b, "slant")
    assert not ph.is_identical_rhyme(a, b)


@pytest.mark.parametrize(
    ("a", "b"), [("leave", "believe"), ("love", "love"), ("Night", "night"), ("two", "too")]
)
def test_identical_rhymes_are_never_rhymes(a, b):
    assert ph.is_identical_rhyme(a, b) and ph.is_identical_rhyme(b, a)
    assert not ph.rhymes_with(a, b) and not ph.rhymes_with(a, b, "slant")


@pytest.mark.parametrize(
    ("a", "b"), [("time", "line"), ("home", "stone"), ("time", "lines"), ("hand", "man")]
)
def test_slant_but_not_perfect(a, b):
    assert not ph.rhymes_with(a, b)
    assert ph.rhymes_with(a, b, "slant") and ph.rhymes_with(b, a, "slant")


def test_function_words_rhyme_only_on_their_stressed_readings():
    assert not ph.rhymes_with("the", "see", "slant")  # DH IY0 is no rhyme
    assert ph.rhymes_with("a", "day")  # "a" as EY1


def test_neither_rhyme():
    for strictness in ("perfect", "slant"):
        assert not ph.rhymes_with("cat", "dog", strictness)
        assert not ph.rhymes_with("time", "team", strictness)  # the vowel must match
    # The extra final consonant of a slant rhyme needs a new onset: "times" is not a rhyme.
    assert not ph.rhymes_with("time", "times", "slant")


def test_unknown_strictness_is_a_clear_error():
    with pytest.raises(SongcraftError, match="perfect"):
        ph.rhymes_with("love", "above", "loose")


def test_words_outside_cmudict_are_guessed_from_spelling():
    assert "jaxon" not in ph.dictionary_index()._by_sound  # sanity: the index is by sound
    assert ph.rhymes_with("Jaxon", "Saxon") and ph.rhymes_with("blorping", "warping")
    assert ph.rhymes_with("skronight", "light")
    assert ph.syllable_counts("blorping") == {2}
    assert ph.syllable_counts("Jaxon") == {2}
    assert ph.syllable_counts("glimmerish") == {3}
    assert ph.pronunciations("blorping") == [guess_pronunciation("blorping")]
    # Deterministic: the same guess every time, built only from CMUdict.
    assert guess_pronunciation.__wrapped__("zorblet") == guess_pronunciation.__wrapped__("zorblet")


def test_guesses_use_known_stems_and_compounds():
    assert guess_pronunciation("honked") == ("HH", "AA1", "NG", "K", "T")
    assert guess_pronunciation("hummed") == ("HH", "AH1", "M", "D")
    assert guess_pronunciation("jaxons") == guess_pronunciation("jaxon") + ("Z",)
    assert ph.rhymes_with("heatwave", "cave") and ph.syllable_counts("heatwave") == {2}
    assert ph.rhymes_with("streetlights", "nights")
    assert ph.syllable_counts("skrrt") == {1} and ph.syllable_counts("pfft") == {1}


def test_spelling_rules_for_silent_e_and_endings():
    assert [spelling_syllables(w) for w in ("flomp", "flomped", "flompted", "flompes")] == [
        1, 1, 2, 1
    ]  # fmt: skip
    assert spelling_syllables("snazzle") == 2  # -le keeps its syllable
    assert spelling_syllables("brr") == 1


def test_sung_spellings():
    assert ph.rhymes_with("nothin'", "somethin'", "slant") is False  # same onset TH
    assert ph.syllable_counts("runnin'") == {2}
    assert ph.rhymes_with("loooove", "above")
    assert ph.syllable_counts("yeahhhh") == {1}
    assert ph.pronunciations("café") == ph.pronunciations("cafe")


@pytest.mark.parametrize(("word", "counts"), [("fire", {1, 2}), ("every", {2, 3}),
                                               ("family", {2, 3}), ("love", {1})])  # fmt: skip
def test_syllable_counts_cover_every_pronunciation(word, counts):
    assert ph.syllable_counts(word) == counts


def test_line_syllables_range_over_every_reading():
    assert ph.line_syllables("Every family fire") == (5, 8)
    assert ph.syllable_count("Every family fire") == 8  # first readings: 3 + 3 + 2
    assert ph.fits_syllables("Every family fire", 4)  # 5 is within one of 4
    assert not ph.fits_syllables("Every family fire", 3)
    assert ph.fits_syllables("Every family fire", 9) and not ph.fits_syllables("fire", 4)


def test_numbers_and_hyphens_count_sensibly():
    assert ph.line_syllables("24") == (3, 3)  # twen-ty-four
    assert ph.line_syllables("24/7") == (5, 5)
    assert ph.line_syllables("in 1999") == (6, 10)  # nineteen ninety-nine, or in full
    assert ph.line_syllables("the 90s") == (3, 3)  # the nine-ties
    assert ph.line_syllables("twenty-four") == ph.line_syllables("twenty four")
    assert ph.rhymes_with("24", "door")
    assert ph.line_syllables("1,000,000 dollars") == (5, 5)  # one million dollars
    assert ph.line_syllables("3.5 stars") == (4, 4)  # three point five stars
    assert ph.line_syllables("the 21st") == (4, 4)  # the twenty-first
    assert ph.line_syllables("R&B at 100%") == (9, 9)  # R and B at one hundred percent


@pytest.mark.parametrize(
    "text", ["🔥🔥🔥", "...!?", "привет мир", "東京の夜", "", "  ", "\u200b", "\x00"]
)
def test_non_words_count_nothing_and_rhyme_nothing(text):
    assert ph.line_syllables(text) == (0, 0)
    assert ph.syllable_count(text) == 0
    assert ph.pronunciations(text) == []
    assert ph.syllable_counts(text) == set()
    assert not ph.rhymes_with(text, "love", "slant")
    assert ph.RhymeIndex({"love": 1, "above": 1}).rhymes(text) == []


def test_tokens_with_symbols_are_no_words():
    for token in ("<nl>", "<unk>", "$", "🔥love", "a+b"):
        assert ph.pronunciations(token) == [] and ph.syllable_counts(token) == set()


def test_emoji_and_other_scripts_inside_a_line_are_skipped():
    assert ph.line_syllables("I love you 💖 мой друг") == (3, 3)
    assert ph.last_word("burning 🔥") == "burning"


def test_very_long_input_does_not_crash():
    line = "la " * 20000 + "x" * 100_000
    assert ph.line_syllables(line) == (20000, 20000)
    assert ph.pronunciations("a" * 100_000) == []
    assert ph.syllable_counts("o" * 5000) == set()
    assert ph.syllable_counts("nooooooooooo") == {1}
    assert not ph.rhymes_with("z" * 10_000, "buzz", "slant")


def test_rhyme_index_orders_by_count_and_skips_identical():
    counts = {"light": 5, "night": 9, "tonight": 7, "bright": 2, "fine": 30, "<nl>": 99, ",": 50}
    index = ph.RhymeIndex(counts)
    assert len(index) == 5  # "<nl>" and "," have no pronunciation
    assert index.rhymes("sight") == ["night", "tonight", "light", "bright"]
    assert index.rhymes("night") == ["light", "bright"]  # not itself, not tonight
    assert index.rhymes("sight", limit=2) == ["night", "tonight"]
    assert index.rhymes("kite", "slant")[:2] == ["night", "tonight"]
    assert index.rhymes("time", "slant") == ["fine"]
    assert index.rhymes("time") == []
    assert index.rhymable("night") and not index.rhymable("fine")
    assert index.rhymable("dine") and not index.rhymable("orange", "slant")


def test_rhyme_index_results_are_copies():
    index = ph.RhymeIndex({"light": 5, "night": 9})
    index.rhymes("sight").clear()
    assert index.rhymes("sight") == ["night", "light"]


def test_find_rhymes_puts_corpus_words_first():
    counts = {"above": 3, "glove": 9, "shove": 1, "hello": 100}
    found = ph.find_rhymes("love", counts=counts, limit=10)
    assert found[:3] == ["glove", "above", "shove"]
    assert "of" in found and len(found) == len(set(found)) <= 10
    assert "love" not in ph.find_rhymes("love")
    slant = ph.find_rhymes("time", "slant", limit=None)
    assert "line" in slant and "rhyme" in slant
    assert ph.find_rhymes("🔥") == []


@pytest.mark.parametrize(
    ("text", "scheme"),
    [("abab", "ABAB"), ("AABB", "AABB"), ("a b c b", "ABCB"), ("aaaa", "AAAA"),
     ("AbCbDd", "ABCBDD"), ("free", None), ("FREE", None), ("", None), (None, None),
     ("  ", None), ("Free verse", None), ("couplets", "AABB"), ("Ballad", "ABCB")],
)  # fmt: skip
def test_parse_rhyme_scheme(text, scheme):
    assert ph.parse_rhyme_scheme(text) == scheme


@pytest.mark.parametrize(
    ("text", "message"),
    [("AXB1", "'1'"), ("AB-AB", "'-'"), ("A?B!", "'\\?!'"), ("AB🔥", "🔥"),
     ("АБАБ", "letters A to Z"), ("A" * 17, "17 letters"), ("AB" * 5000, "at most 16"),
     (42, "text like ABAB")],
)  # fmt: skip
def test_bad_rhyme_schemes_have_clear_messages(text, message):
    with pytest.raises(SongcraftError, match=message):
        ph.parse_rhyme_scheme(text)


def test_detect_rhyme_scheme_on_small_verses():
    couplets = ["I walked along the shore", "and found an open door",
                "the sky was turning gray", "I knew I couldn't stay"]  # fmt: skip
    assert ph.detect_rhyme_scheme(couplets) == "AABB"
    alternate = ["The night is young", "my heart is free", "a song unsung", "for you and me"]
    assert ph.detect_rhyme_scheme(alternate) == "ABAB"
    ballad = ["Roses in the garden", "rain upon the hill", "nothing left to pardon",
              "time is standing still"]  # fmt: skip
    assert ph.detect_rhyme_scheme(ballad, "perfect") == "ABAB"
    abcb = ["I drove all night", "the radio on", "past every town", "until you were gone"]
    assert ph.detect_rhyme_scheme(abcb) == "ABCB"


def test_detect_rhyme_scheme_handles_blanks_labels_slant_and_noise():
    lines = ["[Verse 1]", "I keep on running from the time", "", "I'm waiting on the line",
             "🔥🔥", "так", "and it's mine"]  # fmt: skip
    assert ph.detect_rhyme_scheme(lines) == "AABCA"
    assert ph.detect_rhyme_scheme(lines, "perfect") == "ABCDB"
    assert ph.detect_rhyme_scheme("Hold on\nhold on") == "AA"  # a refrain repeats its sound
    assert ph.detect_rhyme_scheme([]) == ""
    with pytest.raises(SongcraftError, match="strictness"):
        ph.detect_rhyme_scheme(["a"], "strict")


def test_detect_rhyme_scheme_refuses_more_than_26_sounds():
    pool = ph.words("cat dog pig cow hen fox owl bee ant elk yak ram emu gnu koi eel asp "
                    "jay lamb mole newt orca puma quail wolf horse sheep goose swan crab "
                    "shark whale snail frog toad mouse")  # fmt: skip
    ends: list[str] = []
    for word in pool:
        if not any(
            ph.rhymes_with(word, e, "slant") or ph.is_identical_rhyme(word, e) for e in ends
        ):
            ends.append(word)
    assert len(ends) > 26
    assert len(set(ph.detect_rhyme_scheme(ends[:26]))) == 26
    with pytest.raises(SongcraftError, match="one verse at a time"):
        ph.detect_rhyme_scheme([f"a line that ends on {w}" for w in ends])


def test_every_helper_survives_random_text():
    import random

    rng = random.Random(3)
    alphabet = "aeiouybcdfghklmnprstwz'-.,!?0123456789 \n\t😀🔥é漢ж\u0301\u200b<>&%"
    index = ph.RhymeIndex({"love": 3, "above": 2, "night": 1})
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        low, high = ph.line_syllables(text)
        assert 0 <= low <= high and ph.syllable_count(text) >= 0
        ph.pronunciations(text), ph.syllable_counts(text), ph.last_word(text)
        ph.rhymes_with(text, "love", "slant"), index.rhymes(text, "slant")
        ph.detect_rhyme_scheme(text)


def test_bad_tolerance_is_a_clear_error():
    with pytest.raises(SongcraftError, match="tolerance"):
        ph.fits_syllables("la la", 2, -1)


def test_bench_figures_on_a_tiny_vocabulary():
    from songcraft.lyrics import phonetics_bench

    figures = phonetics_bench.speed_figures({"love": 2, "above": 1, "night": 1}, ["la la"])
    assert figures["index_words"] == 3 and figures["perfect_cached_lookup_us"] >= 0
    accuracy = phonetics_bench.held_out_accuracy(["sunlight", "dancing"])
    assert accuracy["held_out_words"] == 2 and 0 <= accuracy["syllables_right"] <= 1
    assert ph.pronunciations("sunlight") == [("S", "AH1", "N", "L", "AY2", "T")]  # restored


def test_detect_rhyme_scheme_on_a_long_block():
    lines = ["I sing about the night", "I sing about the light"] * 200
    assert ph.detect_rhyme_scheme(lines) == "A" * 400
    with pytest.raises(SongcraftError, match="one verse at a time"):
        ph.detect_rhyme_scheme(lines + ["one more"])


def test_rhyme_index_agrees_with_rhymes_with():
    vocab = ph.words(
        "night light tonight fire higher desire time line mine rhyme lines love above glove "
        "of home stone alone heart apart part start the a day away say sea see free tree "
        "jaxon saxon action blorping warping tonite 24 door floor more hand man band"
    )
    counts = {w: len(vocab) - i for i, w in enumerate(vocab)}
    index = ph.RhymeIndex(counts)
    for strictness in ph.STRICTNESS:
        for word in vocab + ["sight", "gonna", "🔥"]:
            expected = [w for w in vocab if ph.rhymes_with(word, w, strictness)]
            assert index.rhymes(word, strictness) == expected, (word, strictness)
            assert index.rhymable(word, strictness) == bool(expected)
