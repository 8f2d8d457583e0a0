"""Character and word tokenizers for lyrics.

Both lowercase the text (the corpus is small, so case would split the statistics) and
reserve ids 0-3 for padding, unknown, song start and song end. The word tokenizer maps a
word it has never seen to `<unk>`: a writer's own words are read without error, and the
decoder never emits `<unk>`. Line breaks are tokens, so models learn where lines end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

PAD, UNK, BOS, EOS = 0, 1, 2, 3
SPECIALS = ["<pad>", "<unk>", "<bos>", "<eos>"]
NEWLINE_WORD = "<nl>"
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[,.!?;:]|\n")


class Tokenizer:
    """Shared id bookkeeping; subclasses say how text becomes tokens and back."""

    level = ""

    def __init__(self, tokens: list[str]):
        if tokens[:4] != SPECIALS:
            raise ValueError("a vocabulary must start with the four special tokens")
        self.tokens = tokens
        self.index = {t: i for i, t in enumerate(tokens)}

    def __len__(self) -> int:
        return len(self.tokens)

    def split(self, text: str) -> list[str]:
        raise NotImplementedError

    def join(self, tokens: list[str]) -> str:
        raise NotImplementedError

    def encode(self, text: str) -> list[int]:
        return [self.index.get(t, UNK) for t in self.split(text)]

    def decode(self, ids: Iterable[int]) -> str:
        return self.join([self.tokens[i] for i in ids if i > EOS])

    def encode_song(self, text: str) -> list[int]:
        return [BOS, *self.encode(text), EOS]

    def to_json(self) -> dict:
        return {"level": self.level, "tokens": self.tokens}

    @staticmethod
    def from_json(data: dict) -> Tokenizer:
        cls = {"char": CharTokenizer, "word": WordTokenizer}[data["level"]]
        return cls(data["tokens"])


class CharTokenizer(Tokenizer):
    """One token per character.

    >>> tok = CharTokenizer.build(["la la\\nlo"], min_count=1)
    >>> tok.decode(tok.encode("La lo"))
    'la lo'
    """

    level = "char"

    @classmethod
    def build(cls, texts: Iterable[str], min_count: int = 3) -> CharTokenizer:
        counts = Counter(ch for text in texts for ch in text.lower())
        chars = sorted(ch for ch, n in counts.items() if n >= min_count or ch.isalpha())
        return cls(SPECIALS + chars)

    def split(self, text: str) -> list[str]:
        return list(text.lower())

    def join(self, tokens: list[str]) -> str:
        return "".join(tokens)


class WordTokenizer(Tokenizer):
    """Words (with their apostrophes), punctuation marks and line breaks.

    >>> tok = WordTokenizer.build(["i can't stop, i can't stop"], min_count=1)
    >>> tok.split("I can't STOP!")
    ['i', "can't", 'stop', '!']
    >>> tok.decode(tok.encode("I can't stop, now"))
    "i can't stop,"
    """

    level = "word"

    @classmethod
    def build(cls, texts: Iterable[str], min_count: int = 2) -> WordTokenizer:
        counts = Counter(t for text in texts for t in cls.split(cls, text))
        words = sorted(t for t, n in counts.items() if n >= min_count and t != NEWLINE_WORD)
        return cls(SPECIALS + [NEWLINE_WORD] + words)

    def split(self, text: str) -> list[str]:
        return [NEWLINE_WORD if t == "\n" else t for t in WORD_RE.findall(text.lower())]

    def join(self, tokens: list[str]) -> str:
        out = ""
        for token in tokens:
            if token == NEWLINE_WORD:
                out = out.rstrip(" ") + "\n"
            elif token in ",.!?;:" or not out or out.endswith("\n"):
                out += token
            else:
                out += " " + token
        return out
