"""Character ranges: which of a document's ranges (proposals, speeches) cover a position."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate


class Coverage:
    """Whether some range ``(start, end)`` of a list covers a position (``start <= pos < end``), by bisection
    over the ranges sorted by start with the furthest end reached so far (ranges may overlap)."""

    def __init__(self, ranges):
        ordered = sorted(ranges)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))

    def covers(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.reach[i]
