"""What each generated line must do: its syllable target, its rhyme partner, or a locked text.

The rhyme scheme runs over the writer's current stanza and the new lines together, so with
AABB after one written line, the first new line rhymes with the writer's line. Letters that
occur once in a scheme (A and C in ABCB) are free; the first line of a recurring letter must
end on a word that has rhymes, so its partner can be written.

>>> [p.partner_line for p in plan_lines(["I left the light on"], 3, "AABB", 7, ())]
[-1, None, 1]
>>> [p.partner_line for p in plan_lines(["a", "b"], 2, "ABAB", None, ())]
[-2, -1]
"""

from __future__ import annotations

from dataclasses import dataclass

from songcraft.lyrics.guards import line_words


@dataclass(frozen=True)
class LinePlan:
    target: int | None  # syllables (a line fits within +-1); None: no syllable constraint
    partner_line: int | None  # index of the line to rhyme with; negative: the writer's lines
    needs_rhymable: bool  # first line of a recurring letter: must end on a rhymable word
    locked: str | None = None  # text the writer fixed for this line


def current_stanza(lines: list[str]) -> list[str]:
    """The writer's lines after the last blank line."""
    stanza: list[str] = []
    for line in lines:
        stanza = [] if not line.strip() else [*stanza, line]
    return stanza


def plan_lines(
    context: list[str],
    n_lines: int,
    scheme: str | None,
    target: int | None,
    locked: tuple[str | None, ...],
) -> list[LinePlan]:
    """One LinePlan per new line. partner_line -k means the writer's k-th line from the end."""
    stanza = current_stanza(context)
    k = len(stanza)
    plans = []
    for i in range(n_lines):
        pos = k + i
        partner, rhymable = None, False
        if scheme:
            size = len(scheme)
            start = (pos // size) * size
            letter = scheme[pos % size]
            earlier = [p for p in range(start, pos) if scheme[p % size] == letter]
            later = [p for p in range(pos + 1, start + size) if scheme[p % size] == letter]
            if earlier:
                partner = earlier[-1] - k  # negative: one of the writer's lines
            elif later:
                rhymable = True
        lock = locked[i] if i < len(locked) and locked[i] and locked[i].strip() else None
        plans.append(
            LinePlan(target=target, partner_line=partner, needs_rhymable=rhymable, locked=lock)
        )
    return plans


def partner_word(plan: LinePlan, context: list[str], written: list[str]) -> str | None:
    """The word this line must rhyme with, from the writer's lines or the new ones."""
    if plan.partner_line is None:
        return None
    stanza = current_stanza(context)
    source = written[plan.partner_line] if plan.partner_line >= 0 else stanza[plan.partner_line]
    words = line_words(source)
    return words[-1] if words else None
