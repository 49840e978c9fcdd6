"""Progress bars for long writer commands, drawn only at a terminal.

``import`` of 3,000 records used to sit silent for 26 s. Under cron or a pipe, stderr is not a
terminal and nothing is drawn: the summary lines are the record there.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO


@contextmanager
def terminal_progress(desc: str, unit: str, stream: TextIO | None = None) -> Iterator[Callable[[], None]]:
    """Yield a callable that advances a tqdm bar by one; it does nothing when ``stream`` is no tty."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield lambda: None
        return
    from tqdm import tqdm

    with tqdm(desc=desc, unit=unit, file=stream, leave=False, mininterval=0.2) as bar:
        yield lambda: bar.update(1)
