"""HTTP load: the JSON API under gunicorn (2 workers, ``--preload``) driven by ``wrk`` on loopback.

``wrk`` (Debian package) is a C load generator: a Python one would take one of the two cores from
the server it measures. The Lua script cycles through the mixed query set, and its ``done`` hook
prints the latency percentiles and error counts as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

LUA = r"""
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, ' ..
    '"p99_us": %%d, "errors": %%d, "non_2xx": %%d}\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving ``web:create_app()`` over ``index`` on a free loopback port."""

    def __init__(self, index: Path, workers: int = 2, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        env = {**os.environ, "NEWSARCHIVE_INDEX": str(index), **(env or {})}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--preload", "--workers", str(workers), "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "web:create_app()"],
            env=env, cwd=Path(__file__).resolve().parents[1],
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not come up within 60 s")

    def warm(self, paths: list[str]) -> None:
        """Touch every path a few times so each worker has opened its searcher and columns."""
        for _ in range(4):
            for path in paths:
                urllib.request.urlopen(self.base + path, timeout=30).read()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def api_path(params: dict[str, str]) -> str:
    return "/api/v1/search?" + "&".join(f"{k}={quote(v)}" for k, v in params.items())


def run_wrk(base: str, paths: list[str], clients: int, seconds: int) -> dict:
    """One wrk run; returns throughput, percentiles (ms) and errors."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (apt-get install -y wrk)")
    script = LUA % {"paths": ", ".join(json.dumps(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    try:
        out = subprocess.run(
            ["wrk", "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
             "-s", fh.name, base],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        os.unlink(fh.name)
    stats = json.loads(out.strip().splitlines()[-1])
    seconds_run = stats["duration_us"] / 1e6
    return {
        "clients": clients,
        "requests": stats["requests"],
        "rps": round(stats["requests"] / seconds_run, 1),
        "p50_ms": stats["p50_us"] / 1000,
        "p95_ms": stats["p95_us"] / 1000,
        "p99_ms": stats["p99_us"] / 1000,
        "errors": stats["errors"] + stats["non_2xx"],
    }
