#!/usr/bin/env bash
# The package as a user gets it: build the wheel (the build log must hold no warning), install it
# without extras into a venv made by Debian's /usr/bin/python3.11 (pip 23.0.1), and from a folder
# that holds its own `search/` package and `web.py` run import, search, extract and serve, then
# fetch /healthz, /, /api/v1/search, a static asset and /api/docs.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3.11
tmp=$(mktemp -d /tmp/newsarchive-wheel.XXXXXX)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
step() { printf '\n== wheel smoke: %s\n' "$*"; }

step "build from the committed tree"
mkdir -p "$tmp/src"
git archive HEAD | tar -x -C "$tmp/src"
"$PY" -m venv "$tmp/build-venv"
# PYTHONDONTWRITEBYTECODE makes setuptools warn that it skips byte-compiling: not ours to check.
(cd "$tmp/src" && env -u PYTHONDONTWRITEBYTECODE "$tmp/build-venv/bin/pip" wheel -v --no-deps -w "$tmp/dist" .) \
    > "$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
# pip's own notes about this machine's package mirrors ("Location ... is ignored") are not the build's.
if grep -iE "warn|deprecat|would be ignored" "$tmp/build.log" | grep -vE "^WARNING: Location '.*' is ignored"; then
    echo "wheel smoke: the build printed warnings (above)" >&2
    exit 1
fi
wheel=$(ls "$tmp"/dist/newsarchive-*.whl)
echo "built $(basename "$wheel"), build log without warnings"

step "install without extras with Debian's pip"
"$PY" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" --version
# This machine's pip configuration names package mirrors that may be absent: pip's notes about
# them are noise here. pip 23.0.1 still notes that lxml lacks the extra 'html_clean' (lxml 6
# spells it html-clean), which is why lxml_html_clean is a direct dependency.
"$tmp/venv/bin/pip" install --quiet "$wheel" 2>&1 | { grep -v "^WARNING: Location '.*' is ignored" || true; }
bin="$tmp/venv/bin/newsarchive"

step "run from a folder with its own search/ and web.py"
work="$tmp/work"
mkdir -p "$work/search"
echo "raise ImportError('the working directory was imported')" > "$work/search/__init__.py"
echo "raise ImportError('the working directory was imported')" > "$work/web.py"
cd "$work"
cat > records.jsonl <<'JSONL'
{"url": "https://smoke.example/1", "title": "커피 가격 상승", "body": "커피 가격이 크게 올랐다.", "published": "2025-01-02T09:00:00+09:00", "tags": ["경제"], "lang": "ko", "site": "smoke.example", "author": "기자", "category": "경제"}
{"url": "https://smoke.example/2", "title": "Coffee prices rise", "body": "Coffee prices rose sharply.", "published": "2025-01-03T09:00:00+09:00", "tags": ["economy"], "lang": "en", "site": "smoke.example", "author": "kim", "category": "Economy"}
JSONL
cat > page.html <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tea harvest begins</title>
<meta property="article:published_time" content="2025-02-01T08:00:00+09:00"></head>
<body><article><h1>Tea harvest begins</h1><p>The first tea harvest of the year began on Jeju island this week,
farmers said, with leaves picked by hand on the slopes.</p><p>Prices are expected to hold steady.</p></article></body></html>
HTML
"$bin" --version
"$bin" import records.jsonl --index idx --jobs 1
"$bin" extract --jsonl --url https://smoke.example/3 page.html > extracted.jsonl
"$bin" import extracted.jsonl --index idx --jobs 1
"$bin" search 커피 --index idx | tee search.txt
grep -q "^1 results" search.txt
"$bin" search tea --json --index idx > search.json
"$PY" -c "import json, sys; assert json.load(open('search.json'))['total'] == 1"
"$bin" status --json --index idx > status.json
"$PY" -c "import json; assert json.load(open('status.json'))['documents'] == 3"

step "serve"
port=$("$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$bin" serve --index idx --port "$port" --workers 1 > serve.log 2>&1 &
server=$!
"$PY" - "$port" <<'PY'
import re
import sys
import time
import urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"


def get(path: str) -> tuple[int, str]:
    with urllib.request.urlopen(base + path, timeout=10) as resp:
        return resp.status, resp.read().decode("utf-8", "replace")


deadline = time.monotonic() + 180
while True:
    try:
        get("/healthz")
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("serve did not answer /healthz within 180 s")
        time.sleep(1)
status, home = get("/")
asset = re.search(r'href="(/static/style\.css\?v=[0-9a-f]+)"', home).group(1)
for path in ("/healthz", "/", "/api/v1/search?q=coffee", asset, "/api/docs", "/api/docs/init.js", "/api/docs/swagger-ui.css"):
    status, body = get(path)
    assert status == 200, (path, status)
    print(f"GET {path}: {status}, {len(body)} bytes")
assert '"total":1' in get("/api/v1/search?q=coffee")[1].replace(" ", "")
PY
echo "wheel smoke: passed"
