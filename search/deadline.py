"""A per-request time budget that the search checks between its steps.

Every step is bounded on its own (expansions, clauses, highlighted characters, suggestion words),
but their sum on a slow or loaded machine is not, so a request also carries a wall-clock budget:
once it is spent, the steps still to come (highlighting the remaining hits, counting facets,
"did you mean") are skipped and the result says it is ``partial`` instead of making the client,
and the gunicorn worker, wait.
"""

from __future__ import annotations

import time

from search.settings import SettingError, env_text

DEFAULT_BUDGET_S = 0.5


def default_budget() -> float:
    """``NEWSARCHIVE_SEARCH_BUDGET`` seconds (0 for none), else :data:`DEFAULT_BUDGET_S`."""
    raw = env_text("NEWSARCHIVE_SEARCH_BUDGET")
    if not raw:
        return DEFAULT_BUDGET_S
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise SettingError(f"NEWSARCHIVE_SEARCH_BUDGET must be seconds between 0 (no budget) and 3600, got {raw!r}")
    return value


class Deadline:
    """The moment a request's budget runs out, counted from :meth:`start`; ``seconds <= 0`` means
    no budget. Not started, it never expires: one-time costs of a process (opening the index,
    building its columns, loading Kiwi) are not the request's and must not make it partial."""

    __slots__ = ("_end", "seconds", "tripped")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = float("inf")
        self.tripped = False

    def start(self) -> None:
        if self.seconds > 0:
            self._end = time.monotonic() + self.seconds

    def expired(self) -> bool:
        """True once the budget is spent; remembered, so the result can say it is partial."""
        if not self.tripped and time.monotonic() >= self._end:
            self.tripped = True
        return self.tripped

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())
