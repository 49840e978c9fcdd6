"""Helpers for the API tests: the sample-blog index, a live gunicorn server, and a response
validator that holds every answer to the OpenAPI document."""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SITE = ROOT / "sample" / "site"
SAMPLE_BASE = "http://sample.test"
JSON_TYPES = ("application/json", "application/problem+json")


def build_sample_index(root: Path) -> Path:
    """An index of the bundled sample blog's posts (extraction as the crawler does it)."""
    from indexer.extract import extract_page
    from indexer.index_writer import IndexSink
    from sample.tistory import BASE_URL
    from search.storage import ensure_index

    sink = IndexSink(ensure_index(root))
    for page in sorted(SAMPLE_SITE.glob("*.html")):
        if page.stem.isdigit():
            html = page.read_text(encoding="utf-8").replace(BASE_URL, SAMPLE_BASE)
            sink.add(extract_page(html, f"{SAMPLE_BASE}/{page.stem}", kind="tistory"))
    sink.close()
    return root


def built_once(shared_dir: Path, name: str, build: Callable[[Path], object]) -> Path:
    """``shared_dir/name``, built by ``build`` once per test session even across xdist workers:
    the first worker to take the file lock builds it, the others wait and reuse it."""
    shared_dir.mkdir(parents=True, exist_ok=True)
    root, done = shared_dir / name, shared_dir / f"{name}.done"
    with open(shared_dir / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            build(root)
            done.touch()
    return root


def shared_sample_index(shared_dir: Path) -> Path:
    """The sample index, built once per test session."""
    return built_once(shared_dir, "sample-index", build_sample_index)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(index_root: Path, log: Path, timeout: float = 90, options: tuple[str, ...] = (),
                env: dict[str, str] | None = None) -> Iterator[str]:
    """``newsarchive serve`` on 127.0.0.1 over ``index_root`` (gunicorn, two sync workers, the app
    preloaded, unless ``options`` say otherwise); yields the base URL and keeps the server's stderr
    in ``log``."""
    proc, base = start_server(index_root, log, timeout, options=options, env=env)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_server(
    index_root: Path,
    log: Path,
    timeout: float = 90,
    options: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start :func:`live_server`'s ``newsarchive serve`` (extra ``options``, environment ``env`` on top
    of ours, run in ``cwd``) and wait until it answers; (gunicorn master process, base URL).

    ``python -P`` keeps the working directory off ``sys.path``, as the installed console script does.
    """
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    cmd = [
        sys.executable, "-P", "-m", "indexer.cli", "serve", "--index", str(index_root), "--port", str(port), *options,
    ]
    base = f"http://127.0.0.1:{port}"
    with open(log, "wb") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                return proc, base
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"gunicorn did not start: {log.read_text()[-2000:]}") from None
            time.sleep(0.3)


def process_running(pid: int) -> bool:
    """True while ``pid`` exists and has not exited (a zombie has exited: nobody reaps it here)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def server_errors(log: Path) -> str:
    """The tracebacks a live server logged (empty when it logged none)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    start = text.find("Traceback")
    return "" if start < 0 else text[start : start + 6000]


class Contract:
    """Checks one response against the OpenAPI document: documented status, media type, schema."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.prefix = document["servers"][0]["url"]
        self.routes = [
            (re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(path)) + "$"), item)
            for path, item in document["paths"].items()
        ]

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def check(self, method: str, path: str, status: int, content_type: str, body: bytes) -> None:
        """Raise ``AssertionError`` naming what is off; answers outside the document's paths pass."""
        if not path.startswith(self.prefix + "/"):
            return
        local = path[len(self.prefix) :]
        item = next((item for pattern, item in self.routes if pattern.match(local)), None)
        operation = item.get(method.lower()) if item else None
        if operation is None:
            assert status in (404, 405) or method in ("HEAD", "OPTIONS"), f"{method} {path}: undocumented, {status}"
            assert status in (200, 204) or content_type == "application/problem+json", f"{path}: {content_type}"
            return
        responses = operation["responses"]
        assert str(status) in responses, f"{method} {path}: status {status} is not documented"
        response = self._resolve(responses[str(status)])
        media = content_type.split(";")[0].strip()
        if "content" not in response:
            assert not body, f"{method} {path}: {status} must have no body"
            return
        assert media in response["content"], f"{method} {path}: {status} answered {media!r}"
        if media in JSON_TYPES and method != "HEAD":
            schema = {**response["content"][media]["schema"], "components": self.document["components"]}
            validator = Draft202012Validator(schema, format_checker=FormatChecker())
            errors = sorted(validator.iter_errors(json.loads(body)), key=lambda e: list(e.absolute_path))
            assert not errors, f"{method} {path}: {errors[0].message} at {list(errors[0].absolute_path)}"


def contract_client_class(contract: Contract) -> type:
    """A Flask test client class that checks every response it returns against ``contract``."""
    from flask.testing import FlaskClient

    class ContractClient(FlaskClient):
        def open(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - FlaskClient's own signature
            resp = super().open(*args, **kwargs)
            data = resp.get_data()
            if resp.headers.get("Content-Encoding") == "gzip":
                import gzip

                data = gzip.decompress(data)
            contract.check(resp.request.method, resp.request.path, resp.status_code, resp.content_type or "", data)
            return resp

    return ContractClient
