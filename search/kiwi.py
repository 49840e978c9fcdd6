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
# -1 is kiwipiepy 0.24's single-threaded mode (0 now means "all cores"): gunicorn workers are the
# web app's parallelism, so there Kiwi must not spawn threads. Writers raise it (set_threads).
_threads = -1


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

                _kiwi = Kiwi(num_workers=_threads)
    return _kiwi


def set_threads(threads: int) -> None:
    """Analyse on ``threads`` of Kiwi's own C++ threads (1: single-threaded, the default).

    For writers (``import``, ``update``, ``rebuild``): a batch of texts handed to Kiwi at once is
    analysed on these threads, beside the Python thread that feeds Whoosh (see
    :func:`search.analysis.analysed_ahead`). Must be called before Kiwi is first used, because
    kiwipiepy fixes its thread pool when the model loads.
    """
    global _threads
    wanted = -1 if threads <= 1 else threads
    with _lock:
        if _kiwi is not None and wanted != _threads:
            raise RuntimeError("Kiwi is already loaded; set its threads before the first analysis")
        _threads = wanted


def threads() -> int:
    """Kiwi's analysis threads in this process (1 when single-threaded)."""
    return max(_threads, 1)


def match_options() -> int:
    """Pattern matching restricted to URLs and e-mail addresses.

    Kiwi's default also glues dates such as ``2026. 1. 21.`` and other patterns into one token,
    which then never matches a query for ``2026``.
    """
    from kiwipiepy import Match

    return int(Match.URL | Match.EMAIL)
