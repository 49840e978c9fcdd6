"""The fields of an article while extraction is under way.

Each stage (page signals, platform rules, generic fallbacks) fills only what is still empty,
which is how "first, most reliable signal wins" is enforced in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Draft:
    """Mutable article fields; ``None``/empty means "not found yet"."""

    url: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    category: str | None = None
    category_known: bool = False  # True once a source has decided, even when the answer is "none"
    tags: list[str] = field(default_factory=list)
    body: str | None = None
    site: str | None = None

    def offer(self, name: str, value: object) -> None:
        """Set field ``name`` to ``value`` unless it already has a value or ``value`` is empty."""
        if value and not getattr(self, name):
            setattr(self, name, value)
