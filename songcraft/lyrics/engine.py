"""The lyric engine: a writer's lines and settings in, several rhyming continuations out.

`generate_lyrics` validates the request, plans each line (rhyme partner, syllable target,
locked text), runs the batched constrained decoder of the model's level, and returns
distinct candidates with their rhyme words, syllable counts and scores.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

from songcraft.errors import SongcraftError
from songcraft.lyrics import phonetics
from songcraft.lyrics.corpus import clean_line
from songcraft.lyrics.decode import Row, distinct, rng_for, score
from songcraft.lyrics.lexicon import tables_for
from songcraft.lyrics.model import LyricModel
from songcraft.lyrics.plan import plan_lines
from songcraft.lyrics.sampling import Sampling
from songcraft.threads import one_blas_thread

MAX_LINE_CHARS = 300  # longer "lines" are pastes; ask for lines instead
MAX_CONTEXT_LINES = 200
ATTEMPTS = 4  # rounds of redrawing candidates that repeat another one


@dataclass(frozen=True)
class LyricRequest:
    lines: tuple[str, ...]  # the writer's lines so far; the last stanza sets up the rhymes
    candidates: int = 4  # 1-16 continuations, side by side
    lines_per_candidate: int = 2  # 1-8 new lines each
    rhyme_scheme: str | None = "AABB"  # free (None), AABB, ABAB, ABCB, AAAA or any letters
    strictness: str = "perfect"  # perfect | slant
    syllable_target: int | str | None = "auto"  # "auto": the last line's count; int; None: off
    style: str | None = None  # one of the model's styles, or None for any
    temperature: float = 0.8
    top_k: int = 40
    top_p: float = 0.95
    locked: tuple[str | None, ...] = ()  # per new line: text the writer fixed, or None
    avoid: tuple[tuple[str, ...], ...] = ()  # candidates already shown (stay distinct)


@dataclass
class CandidateLine:
    text: str
    rhyme_word: str | None  # the line's last word
    rhymes_with: str | None  # the word it had to rhyme with, if any
    syllables: int


@dataclass
class Candidate:
    lines: list[CandidateLine] = field(default_factory=list)
    score: float = 0.0  # mean log-probability per token under the model


def writer_lines(context: list[str] | tuple[str, ...], typed: str) -> tuple[str, ...]:
    """The section's lines so far, then the line the writer typed, if any.

    >>> writer_lines(["I left the light on"], "for you"), writer_lines(["Hold on"], "  ")
    (('I left the light on', 'for you'), ('Hold on',))
    """
    if not typed.strip() and typed and not context:
        raise SongcraftError("The starting line is only spaces: type a line of lyrics.")
    return (*context, typed) if typed.strip() else tuple(context)


def chosen_scheme(choice: str, custom: str) -> str | None:
    """The rhyme scheme a writer chose: a preset, None for "free", or their own letters.

    >>> chosen_scheme("ABAB", ""), chosen_scheme("free", ""), chosen_scheme("custom", " abba ")
    ('ABAB', None, 'abba')
    """
    if choice == "custom":
        if not custom.strip():
            raise SongcraftError("Type the custom rhyme scheme as letters, e.g. AXAX or ABBA.")
        return custom.strip()
    return None if choice == "free" else choice


def _check_line(line: str, where: str) -> str:
    line = clean_line(line)
    if len(line) > MAX_LINE_CHARS:
        raise SongcraftError(
            f"{where} is {len(line):,} characters long; lines of up to "
            f"{MAX_LINE_CHARS} are read. Paste one lyric line per line."
        )
    return line


def _letters_in(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def validate(request: LyricRequest) -> tuple[list[str], str | None, int | None]:
    """Clean the writer's lines; return them, the scheme and the syllable target."""
    if len(request.lines) > MAX_CONTEXT_LINES:
        raise SongcraftError(
            f"{len(request.lines)} lines were given; up to "
            f"{MAX_CONTEXT_LINES} are read. Keep the song's current part."
        )
    lines = [_check_line(line, f"Line {i + 1}") for i, line in enumerate(request.lines)]
    written = [line for line in lines if line]
    if not written:
        raise SongcraftError("Type a starting line first: it is empty.")
    last = written[-1]
    if not _letters_in(last):
        raise SongcraftError(
            "The starting line has no words (only punctuation, numbers or "
            "emoji). Type a line of lyrics."
        )
    if not phonetics.words(last) or not any(
        phonetics.pronunciations(w) for w in phonetics.words(last)
    ):
        raise SongcraftError(
            "Songcraft writes English lyrics and cannot read this line's "
            "script yet. Type an English line."
        )
    if not 1 <= request.candidates <= 16:
        raise SongcraftError(f"Ask for 1 to 16 candidates, not {request.candidates}.")
    if not 1 <= request.lines_per_candidate <= 8:
        raise SongcraftError(
            f"Ask for 1 to 8 lines per candidate, not {request.lines_per_candidate}."
        )
    if request.strictness not in ("perfect", "slant"):
        raise SongcraftError(
            f"Rhyme strictness is 'perfect' or 'slant', not '{request.strictness}'."
        )
    scheme = phonetics.parse_rhyme_scheme(request.rhyme_scheme)
    return lines, scheme, _target(request.syllable_target, last)


def _target(value: int | str | None, last: str) -> int | None:
    if value is None or value == "off":
        return None
    if value == "auto":
        return max(3, min(phonetics.syllable_count(last), 20))
    try:
        target = int(value)
    except (TypeError, ValueError):
        raise SongcraftError(
            f"Syllable target must be a number, 'auto' or 'off', not '{value}'."
        ) from None
    if not 3 <= target <= 20:
        raise SongcraftError(
            f"A syllable target of {target} is out of range: use 3 to 20 "
            "syllables per line (or 'off')."
        )
    return target


def _candidate(row: Row) -> Candidate:
    lines = [
        CandidateLine(
            text=_capitalise(text),
            rhyme_word=rhyme,
            rhymes_with=partner,
            syllables=phonetics.syllable_count(text),
        )
        for text, rhyme, partner in zip(row.lines, row.rhyme_words, row.partners, strict=True)
    ]
    return Candidate(lines=lines, score=round(score(row), 4))


def _capitalise(text: str) -> str:
    words = [("I" + w[1:]) if w == "i" or w.startswith("i'") else w for w in text.split(" ")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def generate_lyrics(model: LyricModel, request: LyricRequest, seed: int = 0) -> list[Candidate]:
    """Distinct candidates that keep the scheme, fit the syllables and never loop."""
    lines, scheme, target = validate(request)
    sampling = Sampling(request.temperature, request.top_k, request.top_p)
    plans = plan_lines(lines, request.lines_per_candidate, scheme, target, request.locked)
    decoder = _decoder(
        model, lines, plans, model.style_id(request.style), sampling, request.strictness
    )
    with one_blas_thread():  # small per-step products: threads only wait for each other
        rows = decoder.run(request.candidates, rng_for(seed, 0))
        avoid = {tuple(x.lower() for x in lines) for lines in request.avoid}
        for attempt in range(1, ATTEMPTS + 1):
            repeats = distinct(rows) + [
                i for i, r in enumerate(rows) if tuple(x.lower() for x in r.lines) in avoid
            ]
            if not repeats:
                break
            fresh = decoder.run(len(repeats), rng_for(seed, attempt))
            for i, row in zip(sorted(set(repeats)), fresh, strict=False):
                rows[i] = row
    return [_candidate(row) for row in rows]


def _decoder(model, lines, plans, style_id, sampling, strictness):
    tables = tables_for(model)
    if model.level == "word":
        from songcraft.lyrics.decode_word import WordDecoder

        return WordDecoder(model, tables, lines, plans, style_id, sampling, strictness)
    from songcraft.lyrics.decode_char import CharDecoder

    return CharDecoder(model, tables, lines, plans, style_id, sampling, strictness)


def regenerate_one(
    model: LyricModel, request: LyricRequest, others: list[Candidate], seed: int
) -> Candidate:
    """A single new candidate, distinct from the ones on screen."""
    avoid = tuple(tuple(line.text for line in c.lines) for c in others)
    return generate_lyrics(model, replace(request, candidates=1, avoid=avoid), seed)[0]
