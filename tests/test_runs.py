from pathlib import Path

from search.runs import KEEP, append_run, last_run, read_runs


def test_run_history_keeps_the_last_fifty(tmp_path: Path) -> None:
    for n in range(KEEP + 5):
        append_run(tmp_path, {"n": n})
    runs = read_runs(tmp_path)
    assert len(runs) == KEEP
    assert runs[0]["n"] == 5 and last_run(tmp_path) == {"n": KEEP + 4}


def test_damaged_run_lines_are_skipped(tmp_path: Path) -> None:
    append_run(tmp_path, {"n": 1})
    with open(tmp_path / "runs.jsonl", "a", encoding="utf-8") as fh:
        fh.write("{half a record\n")
    assert read_runs(tmp_path) == [{"n": 1}]
    assert read_runs(tmp_path / "missing") == []
