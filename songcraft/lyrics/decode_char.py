"""The character model's decoder: words spelled letter by letter under the same constraints.

Middle words are spelled through a letter trie of corpus words that leave room for the
rhyme, and checked when complete (no loop, no copying); a rejected word is taken back by
restoring the state saved at the word boundary. The last word of a line is spelled through
a letter trie of the words that may end it (rhymes that land the syllables in range), so
the rhyme is guaranteed.
"""

from __future__ import annotations

import numpy as np

from songcraft.lyrics.decode import RETRIES, BatchDecoder, Row, word_ok
from songcraft.lyrics.sampling import sample
from songcraft.lyrics.tokens import UNK

END_CHOICES = 300  # ending words offered to the trie


def build_trie(words: list[str]) -> dict:
    """Nested dicts of letters; the key "" marks the end of a word.

    >>> sorted(build_trie(["go", "gone"])["g"]["o"])
    ['', 'n']
    """
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


class CharDecoder(BatchDecoder):
    def __init__(self, *args):
        super().__init__(*args)
        tok = self.tok
        self.newline, self.space = tok.index["\n"], tok.index[" "]
        self.chars = set(tok.tokens)
        self.ends_word = np.zeros(len(tok), bool)
        self.ends_word[[tok.index[c] for c in (" ", ",") if c in tok.index]] = True

    def start_line(self, row: Row) -> None:
        row.parts, row.cur, row.node, row.mid, row.fails = [], "", None, None, 0

    def choose(self, r: int, row: Row, queue, logp: np.ndarray, rng) -> int:
        if not row.cur and row.node is None and row.mid is None:
            self.at_boundary(r, row, logp)
        if row.node is not None:
            return self.spell_ending(r, row, queue, logp[r], rng)
        return self.spell_middle(r, row, queue, logp, rng)

    def at_boundary(self, r: int, row: Row, logp: np.ndarray) -> None:
        """Save the state to come back to, and decide: another middle word, or the ending."""
        row.saved = (
            [(h[r].copy(), c[r].copy()) for h, c in self.state],
            logp[r].copy(),
            row.logp,
            row.tokens,
        )
        spec = row.spec
        lo, hi = row.syll
        must_end = lo + 1 + spec.shortest > spec.target + spec.tolerance or row.fails >= RETRIES
        if must_end or lo >= spec.target - 1:
            guard = self.model.copy_guard
            fitting = [w for w in spec.fitting(lo, hi, END_CHOICES) if word_ok(row, w, guard)]
            if fitting:
                row.node = self.ending_trie(fitting)
            elif must_end:
                row.node = self.ending_trie(list(spec.endings[:END_CHOICES]))

    def ending_trie(self, words: list[str]) -> dict:
        """Trie of the ending words the model can spell (a writer's odd word may not be)."""
        spellable = [w for w in words if set(w) <= self.chars]
        return build_trie(spellable or words[:1])

    def restore(self, r: int, row: Row, logp: np.ndarray) -> None:
        states, saved_logp, row.logp, row.tokens = row.saved
        for (h, c), (sh, sc) in zip(self.state, states, strict=True):
            h[r], c[r] = sh, sc
        logp[r] = saved_logp

    def spell_middle(self, r: int, row: Row, queue, logp: np.ndarray, rng) -> int:
        """Spell a corpus word that leaves room for the rhyme, letter by letter."""
        if row.mid is None:
            spec = row.spec
            budget = spec.target + spec.tolerance - row.syll[0] - spec.shortest
            row.mid = self.tables.middle_trie(max(budget, 1))
        allowed = np.zeros(len(self.tok), bool)
        for ch in row.mid:
            allowed[self.tok.index[ch] if ch else self.space] = True
        if "" in row.mid and row.cur and "," in self.tok.index:
            allowed[self.tok.index[","]] = True
        t = sample(logp[r], allowed, self.sampling, rng)
        row.logp += float(logp[r, t])
        row.tokens += 1
        if not self.ends_word[t]:
            row.cur += self.tok.tokens[t]
            row.mid = row.mid[self.tok.tokens[t]]
            return t
        word, row.cur, row.mid = row.cur, "", None
        if word_ok(row, word, self.model.copy_guard):
            row.parts.append(word + ("," if self.tok.tokens[t] == "," else ""))
            row.add_word(word, self.tables.syllables(word))
            if self.tok.tokens[t] == ",":
                queue.append((self.space, False))
            return t
        row.fails += 1
        self.restore(r, row, logp)
        return self.next_input(r, row, queue, logp, rng)

    def spell_ending(self, r: int, row: Row, queue, logp: np.ndarray, rng) -> int:
        node = row.node
        allowed = np.zeros(len(self.tok), bool)
        for ch in node:
            allowed[self.tok.index.get(ch, UNK) if ch else self.newline] = True
        t = sample(logp, allowed, self.sampling, rng)
        row.logp += float(logp[t])
        row.tokens += 1
        if t != self.newline:
            ch = self.tok.tokens[t] if t != UNK else next(c for c in node if c not in self.chars)
            row.cur += ch
            row.node = node[ch]
            return t
        word = row.cur
        row.parts.append(word)
        row.add_word(word, self.tables.syllables(word))
        row.close_line(" ".join(row.parts), word)
        row.cur, row.node = "", None
        return t
