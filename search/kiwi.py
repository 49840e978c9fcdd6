"""The process-wide Kiwi morphological analyser, built lazily.

Kiwi takes about 2-3 s and 500 MB to load, so there is exactly one per process. It is never stored
on an analyzer object: Whoosh pickles analyzers into the index's table of contents, and a pickled
Kiwi would be both huge and unloadable. gunicorn's ``--preload`` builds it once in the master so
forked workers share its pages.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_kiwi: Any = None


def kiwi_available() -> bool:
    """True when kiwipiepy can be imported (the bigram analyzer is the fallback otherwise)."""
    try:
        import kiwipiepy  # noqa: F401
    except ImportError:
        return False
    return True


def get_kiwi() -> Any:
    """Return the shared :class:`kiwipiepy.Kiwi`, creating it on first use."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                # num_workers=-1 is the single-threaded mode in kiwipiepy 0.24 (0 now means "all
                # cores"); gunicorn workers are our parallelism, so Kiwi must not spawn threads.
                _kiwi = Kiwi(num_workers=-1)
    return _kiwi


def match_options() -> int:
    """Pattern matching restricted to URLs and e-mail addresses.

    Kiwi's default also glues dates such as ``2026. 1. 21.`` and other patterns into one token,
    which then never matches a query for ``2026``.
    """
    from kiwipiepy import Match

    return int(Match.URL | Match.EMAIL)
