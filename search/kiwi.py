"""The process-wide Kiwi morphological analyser, built lazily.

Kiwi takes about 2-3 s and 500 MB to load, so there is exactly one per process. It is never stored
on an analyzer object: Whoosh pickles analyzers into the index's table of contents, and a pickled
Kiwi would be both huge and unloadable. gunicorn's ``--preload`` builds it once in the master so
forked workers share its pages.
"""

from __future__ import annotations

import threading
import warnings
from typing import Any

_lock = threading.Lock()
_kiwi: Any = None
# kiwipiepy 0.24's ``num_workers``, measured (threads of the process after one analysis): 0 is the
# single-thread mode (no pool; batch analysis refused), -1 a pool of one thread per core, N a pool
# of N. Its DeprecationWarning for 0 suggests -1 "for the old behaviour", but -1 starts the pool.
# The web app must stay at 0: gunicorn forks its workers from the master that loaded Kiwi, and a
# worker forked from a process with Kiwi's pool threads hangs forever in Kiwi's destructor when it
# exits (a condition variable whose waiters were threads of the master), so every restart waited
# for gunicorn's 30 s kill, and a killed master left them behind. Writers raise it (set_threads).
SINGLE_THREAD = 0
_workers = SINGLE_THREAD


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

                with warnings.catch_warnings():  # the misleading num_workers=0 warning, see above
                    warnings.filterwarnings("ignore", message=".*num_workers.*", category=DeprecationWarning)
                    _kiwi = Kiwi(num_workers=_workers)
    return _kiwi


def set_threads(threads: int) -> None:
    """Analyse on ``threads`` of Kiwi's own C++ threads; 1 (the default) is Kiwi's single-thread
    mode, with no pool at all.

    For writers (``import``, ``update``, ``rebuild``): a batch of texts handed to Kiwi at once is
    analysed on these threads, beside the Python thread that feeds Whoosh (see
    :func:`search.analysis.analysed_ahead`). Must be called before Kiwi is first used, because
    kiwipiepy fixes its thread pool when the model loads.
    """
    global _workers
    wanted = SINGLE_THREAD if threads <= 1 else threads
    with _lock:
        if _kiwi is not None and wanted != _workers:
            raise RuntimeError("Kiwi is already loaded; set its threads before the first analysis")
        _workers = wanted


def threads() -> int:
    """Kiwi's analysis threads in this process (1 in single-thread mode)."""
    return max(_workers, 1)


def match_options() -> int:
    """Pattern matching restricted to URLs and e-mail addresses.

    Kiwi's default also glues dates such as ``2026. 1. 21.`` and other patterns into one token,
    which then never matches a query for ``2026``.
    """
    from kiwipiepy import Match

    return int(Match.URL | Match.EMAIL)
