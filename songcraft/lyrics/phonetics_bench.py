"""Speed and accuracy figures for the rhyme and syllable helpers.

Speed: building a RhymeIndex over the corpus vocabulary, rhyme lookups and syllable counts
as the decoder makes them. Accuracy of the spelling guess: each dictionary word of the
corpus is held out of CMUdict in turn and guessed from spelling; the guess is right when
its syllable count (or rhyming part) matches one of the dictionary's pronunciations.

    python -m songcraft.lyrics.phonetics_bench
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Mapping

import pronouncing

from songcraft.lyrics import phonetics, spelling
from songcraft.lyrics.corpus import load_corpus
from songcraft.lyrics.rhyme import rhyme_part


def _micros(fn, items: list[str], repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            fn(item)
    return round((time.perf_counter() - start) / (len(items) * repeat) * 1e6, 2)


def speed_figures(counts: Mapping[str, int], lines: list[str]) -> dict[str, float]:
    """Seconds to build an index (cold and with words cached) and microseconds per lookup."""
    start = time.perf_counter()
    pronouncing.init_cmu()
    figures = {"cmudict_load_s": round(time.perf_counter() - start, 3)}
    start, cpu = time.perf_counter(), time.process_time()
    index = phonetics.RhymeIndex(counts)
    figures["index_build_cold_s"] = round(time.perf_counter() - start, 3)
    figures["index_build_cold_cpu_s"] = round(time.process_time() - cpu, 3)  # on a busy machine
    start = time.perf_counter()
    index = phonetics.RhymeIndex(counts)
    figures["index_build_warm_s"] = round(time.perf_counter() - start, 3)
    figures["index_words"] = len(index)
    vocab = sorted(counts, key=lambda w: -counts[w])[:2000]
    for strictness in phonetics.STRICTNESS:
        rhymes = lambda w, s=strictness: index.rhymes(w, s, limit=400)  # noqa: E731
        figures[f"{strictness}_first_lookup_us"] = _micros(rhymes, vocab)
        figures[f"{strictness}_cached_lookup_us"] = _micros(rhymes, vocab, repeat=5)
    figures["syllable_counts_us"] = _micros(phonetics.syllable_counts, vocab, repeat=5)
    figures["line_syllables_us"] = _micros(phonetics.line_syllables, lines)
    return figures


def held_out_accuracy(vocab: list[str]) -> dict[str, float]:
    """How often the spelling guess gets syllables and rhyming part right, per word held out."""
    pronouncing.init_cmu()
    syllables = rhymes = 0
    for word in vocab:
        said = [tuple(p.split()) for p in pronouncing.lookup.pop(word)]
        try:
            guess = spelling.guess_pronunciation.__wrapped__(word)
        finally:
            pronouncing.lookup[word] = [" ".join(p) for p in said]
            spelling.guess_pronunciation.cache_clear()  # guesses made while a word was hidden
        counts = {phonetics.phone_syllables(p) for p in said}
        syllables += phonetics.phone_syllables(guess) in counts
        rhymes += rhyme_part(guess).sound in {rhyme_part(p).sound for p in said}
    n = max(1, len(vocab))
    return {"held_out_words": len(vocab), "syllables_right": round(syllables / n, 3),
            "rhyming_part_right": round(rhymes / n, 3)}  # fmt: skip


def main() -> None:
    songs = load_corpus()
    lines = [line for song in songs for line in song.lines if line]
    counts = Counter(w for line in lines for w in phonetics.words(line))
    figures = speed_figures(counts, lines[:2000])
    pronouncing.init_cmu()
    vocab = sorted(w for w in counts if w.isalpha() and w in pronouncing.lookup)
    figures.update(held_out_accuracy(vocab))
    figures["corpus_words"] = len(counts)
    figures["corpus_words_not_in_cmudict"] = sum(w not in pronouncing.lookup for w in counts)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
