"""Write the sample blog as static files: ``python -m sample.build [--dest DIR] [--extra N]``.

The committed ``sample/site/`` is this module's output for the hand-written posts. Tests that need
a bigger blog call :func:`write_site` with ``n_extra`` to add synthetic posts recombined from the
hand-written ones, deterministically, so crawl-at-scale runs are repeatable.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from sample.posts import BLOG_TITLE, POSTS, Post
from sample.tistory import (
    category_path,
    render_listing,
    render_post,
    render_robots,
    render_rss,
    render_sitemap,
    site_file,
    tag_path,
)

DEFAULT_DEST = Path(__file__).resolve().parent / "site"
_GENERATED_SUFFIXES = {".html", ".xml", ".txt"}


def synthetic_posts(posts: Sequence[Post], n: int) -> list[Post]:
    """``n`` extra posts, each a same-category remix of the given ones with a new id and an
    earlier date; the hostile-title post is never a template, so it stays unique."""
    templates = [p for p in posts if "<" not in p.title]
    pools: dict[str, list[str]] = {}
    for p in posts:
        pools.setdefault(p.category, []).extend(p.paragraphs)
    first_id = (max(p.id for p in posts) // 1000 + 1) * 1000 + 1
    out = []
    for i in range(n):
        base = templates[i % len(templates)]
        rng = random.Random(f"sample-{i}")
        pool = pools[base.category]
        paragraphs = rng.sample(pool, min(len(pool), rng.randint(3, 5)))
        round_no = i // len(templates) + 1
        shifted = datetime.fromisoformat(base.published) - timedelta(days=41 * round_no, hours=i % 9)
        out.append(
            replace(
                base,
                id=first_id + i,
                title=f"{base.title} ({round_no + 1})",
                published=shifted.isoformat(),
                paragraphs=tuple(paragraphs),
                comments=base.comments if i % 3 == 0 else (),
                slug=None,
            )
        )
    return out


def _pages(posts: Sequence[Post]) -> dict[str, str]:
    """Every page of the site keyed by URL path (``/`` included, feeds excluded)."""
    newest = sorted(posts, key=lambda p: datetime.fromisoformat(p.published), reverse=True)
    pages = {p.path: render_post(p, posts) for p in posts}
    pages["/"] = render_listing(BLOG_TITLE, "/", newest[:10], posts)
    pages["/category"] = render_listing(f"분류 전체보기 :: {BLOG_TITLE}", "/category", newest, posts)
    groups: dict[tuple[str, str], list[Post]] = {}
    for p in newest:
        for cat in (p.category.split("/")[0], p.category):
            groups.setdefault((category_path(cat), f"'{cat}' 카테고리의 글 목록"), []).append(p)
        for tag in p.tags:
            groups.setdefault((tag_path(tag), f"'{tag}' 태그의 글 목록"), []).append(p)
    for (path, title), members in groups.items():
        pages[path] = render_listing(f"{title} :: {BLOG_TITLE}", path, members, posts)
    return pages


def write_site(dest: Path, posts: Sequence[Post] | None = None, n_extra: int = 0) -> list[Post]:
    """Render the blog into ``dest`` and return every post written (hand-written plus synthetic).

    Files already in ``dest`` that this run did not produce are removed, so a rebuild never leaves
    stale pages behind (only ``.html``/``.xml``/``.txt`` files are ever touched).
    """
    base = list(POSTS if posts is None else posts)
    everything = base + synthetic_posts(base, n_extra)
    files = {site_file(path): html for path, html in _pages(everything).items()}
    files["sitemap.xml"] = render_sitemap(everything)
    files["rss.xml"] = render_rss(everything)
    files["robots.txt"] = render_robots()
    dest.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    written = {dest / name for name in files}
    for old in sorted(dest.rglob("*"), reverse=True):
        if old.is_file() and old.suffix in _GENERATED_SUFFIXES and old not in written:
            old.unlink()
        elif old.is_dir() and not any(old.iterdir()):
            old.rmdir()
    return everything


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="output folder")
    parser.add_argument("--extra", type=int, default=0, help="synthetic posts to add")
    args = parser.parse_args(argv)
    posts = write_site(args.dest, n_extra=args.extra)
    print(f"wrote {len(posts)} posts to {args.dest}")


if __name__ == "__main__":
    main()
