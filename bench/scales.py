"""Benchmark sizes: ``BENCH_SCALE`` = smoke | default | full; any size can be overridden
alone with ``BENCH_<NAME>`` (e.g. ``BENCH_SEARCH_MEMBERS=20000``, or a sweep
``BENCH_PEER_ITEMS=250,2500``).

The sizes in ``SWEEPS`` are tuples: the scenario runs at each, smallest first, its data
grown between them (generated once, never regenerated), and its goal is judged at the
largest.
"""

from __future__ import annotations

import os

SCALES = {
    # Every code path in seconds of work (tests/bench/test_smoke.py), two sizes per sweep.
    "smoke": {
        "peer_items": (15, 30),
        "nearest_news": 10,
        "hub_members": 10,
        "hub_news": 5,
        "propagation": 2,
        "search_members": (30, 60),
        "search_requests": 6,
        "search_seconds": 30,
        "serve_seconds": 1,
        "transfer_news": 5,
    },
    # `make bench`: under 25 minutes on two cores; the sweeps stop at about 10k.
    "default": {
        "peer_items": (250, 2500),
        "nearest_news": 300,
        "hub_members": 200,
        "hub_news": 100,
        "propagation": 20,
        "search_members": (1000, 10000),
        "search_requests": 100,
        "search_seconds": 60,
        "serve_seconds": 5,
        "transfer_news": 100,
    },
    # The sizes of issue 9: 1k, 10k and 100k, the sync up to 4 peers x (20k members +
    # 10k news), the search up to 100k members.
    "full": {
        "peer_items": (250, 2500, 30000),
        "nearest_news": 1000,
        "hub_members": 1000,
        "hub_news": 1000,
        "propagation": 20,
        "search_members": (1000, 10000, 100000),
        "search_requests": 300,
        "search_seconds": 300,
        "serve_seconds": 15,
        "transfer_news": 1000,
    },
}
SWEEPS = ("peer_items", "search_members")
PEERS_INITIAL = ["izmir", "sofia", "lublin", "krakow"]  # 4 peers with members and news
PEER_NEAREST = "kiel"  # news only: the comparison with wagtail-transfer and API v2


def sizes_for(scale: str) -> dict:
    if scale not in SCALES:
        raise SystemExit(f"unknown BENCH_SCALE {scale!r}: one of {', '.join(SCALES)}")
    sizes = dict(SCALES[scale])
    for name in sizes:
        value = os.environ.get(f"BENCH_{name.upper()}")
        if not value:
            continue
        if name in SWEEPS:
            sizes[name] = tuple(sorted({int(part) for part in value.split(",") if part}))
        else:
            sizes[name] = int(value)
    return sizes


def peer_content(items: int) -> dict[str, int]:
    """One peer's content for ``items`` items: two members for one news item, as in
    the issue's 20k members + 10k news."""
    members = items * 2 // 3
    return {"members": members, "news": items - members}


def search_content(members: int) -> dict[str, int]:
    """The search index's content: ``members`` members and a news item per 20."""
    return {"members": members, "news": max(1, members // 20)}


def growth(content, sizes) -> list[dict[str, int]]:
    """What to generate before each size of a sweep: the first size, then the
    difference to the next (the data grows; nothing is generated twice)."""
    steps, before = [], {}
    for size in sizes:
        now = content(size)
        steps.append({name: count - before.get(name, 0) for name, count in now.items()})
        before = now
    return steps
