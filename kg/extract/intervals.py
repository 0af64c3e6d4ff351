"""Interval lookups for long articles: which stored spans overlap this one, without a scan.

Why: de-duplication and quote continuation ask "which claims overlap this span?" for every
claim; comparing all pairs made a 1,600-paragraph article take minutes. Spans are registered in
the fixed-size character blocks they touch, so a lookup reads only the few blocks its span
touches: linear in the number of claims for spans of bounded length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable

BLOCK = 512  # characters per bucket: a few sentences


class SpanIndex:
    """Keys (e.g. claim indices) stored under character ranges ``[start, end)``."""

    def __init__(self) -> None:
        self._blocks: dict[int, list[tuple[int, int, Hashable]]] = defaultdict(list)

    def add(self, start: int, end: int, key: Hashable) -> None:
        for block in range(start // BLOCK, max(start, end - 1) // BLOCK + 1):
            self._blocks[block].append((start, end, key))

    def overlapping(self, start: int, end: int) -> set[Hashable]:
        """Keys of the stored ranges that share at least one character with ``[start, end)``."""
        found = set()
        for block in range(start // BLOCK, max(start, end - 1) // BLOCK + 1):
            for s, e, key in self._blocks.get(block, ()):
                if s < end and start < e:
                    found.add(key)
        return found

    def holding(self, offset: int) -> set[Hashable]:
        """Keys of the stored ranges with ``start <= offset < end``."""
        return {
            key for s, e, key in self._blocks.get(offset // BLOCK, ()) if s <= offset < e
        }


def sentence_starts(sentences: Iterable) -> list[int]:
    """Start offsets of parsed sentences, for ``bisect`` lookups (sentences are in text order)."""
    return [s.start_char for s in sentences]
