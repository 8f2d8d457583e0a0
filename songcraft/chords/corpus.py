"""The chord corpus: read every progression file, split deterministically, build tokens.

The split hashes what a progression *is*, not where it sits: derived pieces by their
source (all phrases of one chorale land in one split) and original progressions by their
key-relative tokens (a progression written twice, or in two keys, never straddles train
and test). 80% train, 10% validation, 10% test.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from songcraft.chords.progfile import ProgressionLine, read_progression_file
from songcraft.chords.tokens import (
    ANY,
    BOS,
    COMMON_PATTERNS,
    EOS,
    MODE_TOKENS,
    NO_CHORD,
    PAD,
    Vocabulary,
    core_chord_tokens,
    encode_tokens,
    is_pattern,
    pattern_token,
    section_token,
)
from songcraft.errors import SongcraftError

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus" / "chords"
SUBDIRS = ("original", "music21")
SPLITS = ("train", "val", "test")
MIN_COUNT = 2  # chord tokens seen fewer times fall back to a simpler chord
ANY_COPY_SHARE = 3  # one training progression in three is also seen as style 'any'


@dataclass
class ChordCorpus:
    """Progressions by split, and any lines that could not be read (file, line, message)."""

    splits: dict[str, list[ProgressionLine]]
    problems: list[tuple[str, int, str]]
    texts: list[str]  # file contents, for the corpus hash


def split_of(progression: ProgressionLine) -> str:
    """'train', 'val' or 'test' for a progression, the same on every machine."""
    if progression.source:
        identity = progression.origin + "/" + progression.source
    else:
        tokens = encode_tokens(
            progression.key, [list(b) for b in progression.bars], None, progression.beats_per_bar
        )
        identity = " ".join(t[0] for t in tokens)
    bucket = int(hashlib.sha256(identity.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 80 else "val" if bucket < 90 else "test"


def load_corpus(root: str | Path = CORPUS_DIR) -> ChordCorpus:
    """Read corpus/chords/{original,music21}/*.txt in sorted order."""
    root = Path(root)
    files = sorted(f for sub in SUBDIRS for f in (root / sub).glob("*.txt"))
    if not files:
        raise SongcraftError(f"No chord corpus files under {root}/original or {root}/music21.")
    splits: dict[str, list[ProgressionLine]] = {name: [] for name in SPLITS}
    problems, texts = [], []
    for path in files:
        result = read_progression_file(path)
        texts.append(path.read_text(encoding="utf-8"))
        problems += [(path.name, line, message) for line, message in result.problems]
        for progression in result.progressions:
            splits[split_of(progression)].append(progression)
    return ChordCorpus(splits=splits, problems=problems, texts=texts)


def alternatives(progression: ProgressionLine, section: bool = True) -> list[list[str]]:
    bars = [list(b) for b in progression.bars]
    return encode_tokens(
        progression.key, bars, progression.section if section else None, progression.beats_per_bar
    )


def build_vocabulary(train: list[ProgressionLine]) -> Vocabulary:
    """Tokens from the training split: frequent chords, every bar shape seen, and a core set."""
    counts: Counter = Counter()
    patterns, sections, styles = set(), {section_token(None)}, set()
    for progression in train:
        for options in alternatives(progression):
            token = options[0]
            if is_pattern(token):
                patterns.add(token)
            elif token.startswith("<"):
                sections.add(token)
            else:
                counts[token] += 1
        styles.add((progression.style or ANY).lower())
    patterns |= {pattern_token(p) for p in COMMON_PATTERNS}
    chords = {t for t, n in counts.items() if n >= MIN_COUNT} | set(core_chord_tokens())
    special = [PAD, BOS, EOS, *MODE_TOKENS, NO_CHORD]
    tokens = (
        special + sorted(sections - set(special)) + sorted(patterns) + sorted(chords - set(special))
    )
    return Vocabulary(tokens=tokens, styles=[ANY, *sorted(styles - {ANY})])


def examples(
    vocab: Vocabulary, progressions: list[ProgressionLine], any_copies: bool = False
) -> list[tuple[list[int], int]]:
    """(token ids, style id) per progression; with `any_copies`, a share also as style 'any'
    with no section, so the model can generate when the writer names neither."""
    out = []
    for number, progression in enumerate(progressions):
        try:
            ids = vocab.encode(alternatives(progression))
        except SongcraftError:
            continue  # a bar shape the training split never had: nothing to learn from
        style = (progression.style or ANY).lower()
        out.append((ids, vocab.styles.index(style) if style in vocab.styles else 0))
        if any_copies and number % ANY_COPY_SHARE == 0:
            out.append((vocab.encode(alternatives(progression, section=False)), 0))
    return out


def describe(corpus: ChordCorpus) -> dict:
    """Counts for metrics.json and the command line."""
    return {
        "progressions": {name: len(lines) for name, lines in corpus.splits.items()},
        "unreadable_lines": len(corpus.problems),
        "styles": dict(
            sorted(
                Counter((p.style or ANY) for lines in corpus.splits.values() for p in lines).items()
            )
        ),
    }
