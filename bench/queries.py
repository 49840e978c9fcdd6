"""The fixed benchmark query set over the shared corpora (Reuters-21578 + Korean petitions).

Each request is given as API parameters so the in-process engine, the naive Whoosh baseline,
SQLite FTS5 and the HTTP load all replay exactly the same requests.
"""

from __future__ import annotations

QUERIES: dict[str, list[dict[str, str]]] = {
    "single word": [{"q": w} for w in ("coffee", "oil", "bank", "gold", "wheat", "dollar", "profit", "merger")],
    "two words": [
        {"q": q}
        for q in ("oil prices", "interest rates", "trade deficit", "crude oil", "stock split", "bank loans")
    ],
    "phrase": [{"q": q} for q in ('"interest rates"', '"trade deficit"', '"crude oil"', '"net loss"')],
    "date filter": [
        {"q": q, "from": f, "to": t}
        for q, f, t in (("oil", "1987-03-01", "1987-03-31"), ("bank", "1987-04-01", "1987-04-15"),
                        ("dollar", "1987-03-10", "1987-03-20"), ("profit", "1987-02-01", "1987-03-31"))
    ],
    "tag filter": [
        {"q": q, "tag": t}
        for q, t in (("prices", "crude"), ("shares", "acq"), ("rate", "interest"), ("tonnes", "grain"))
    ],
    "zero-hit": [{"q": q} for q in ("xyzzyplugh", "qwertyzxcv", "블라블라블라")],
    "korean": [{"q": q} for q in ("청와대", "부동산 정책", "학교 폭력", "최저임금", "국민연금", "청원")],
}


def all_requests() -> list[tuple[str, dict[str, str]]]:
    return [(cls, params) for cls, items in QUERIES.items() for params in items]
