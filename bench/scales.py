"""Benchmark sizes: ``BENCH_SCALE`` = smoke | default | full; any size can be overridden
alone with ``BENCH_<NAME>`` (e.g. ``BENCH_SEARCH_MEMBERS=20000``)."""

from __future__ import annotations

import os

SCALES = {
    # Every code path in seconds of work (tests/bench/test_smoke.py).
    "smoke": {
        "peer_members": 20,
        "peer_news": 10,
        "nearest_news": 10,
        "hub_members": 10,
        "hub_news": 5,
        "propagation": 2,
        "search_members": 60,
        "search_requests": 6,
        "search_seconds": 30,
        "serve_seconds": 1,
        "transfer_news": 5,
    },
    # `make bench`: about a quarter hour on two cores.
    "default": {
        "peer_members": 1000,
        "peer_news": 500,
        "nearest_news": 300,
        "hub_members": 200,
        "hub_news": 100,
        "propagation": 20,
        "search_members": 5000,
        "search_requests": 100,
        "search_seconds": 90,
        "serve_seconds": 5,
        "transfer_news": 100,
    },
    # The sizes of issue 9: 4 peers x (20k members + 10k news), search at 100k members.
    "full": {
        "peer_members": 20000,
        "peer_news": 10000,
        "nearest_news": 1000,
        "hub_members": 1000,
        "hub_news": 1000,
        "propagation": 20,
        "search_members": 100000,
        "search_requests": 300,
        "search_seconds": 300,
        "serve_seconds": 15,
        "transfer_news": 1000,
    },
}
PEERS_INITIAL = ["izmir", "sofia", "lublin", "krakow"]  # 4 peers with members and news
PEER_NEAREST = "kiel"  # news only: the comparison with wagtail-transfer and API v2


def sizes_for(scale: str) -> dict[str, int]:
    if scale not in SCALES:
        raise SystemExit(f"unknown BENCH_SCALE {scale!r}: one of {', '.join(SCALES)}")
    sizes = dict(SCALES[scale])
    for name in sizes:
        value = os.environ.get(f"BENCH_{name.upper()}")
        if value:
            sizes[name] = int(value)
    return sizes
