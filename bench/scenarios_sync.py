"""The federation scenarios: initial sync, the nearest peers, no-op sync, propagation.

Each returns a result dict: id, title, baseline, goal, met, metrics, rows, note.
"""

from __future__ import annotations

import statistics

from .network import task
from .scales import PEER_NEAREST, PEERS_INITIAL

INITIAL_GOAL = 0.8
PROPAGATION_GOAL_P95 = 2.0


def rate(items: float, seconds: float) -> float:
    return items / seconds if seconds > 0 else 0.0


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def initial_sync_point(hub, *, items_per_peer: int) -> dict:
    """One size of the sweep: the sync from the 4 peers and its bounds, as rates."""
    raw = task(hub, "initial_sync", peers=PEERS_INITIAL)
    sync_rate = rate(raw["items"], raw["sync_seconds"])
    fetch_rate = rate(raw["fetched_items"], raw["fetch_seconds"])
    bulk_rate = rate(raw["fetched_items"], raw["bulk_seconds"])
    tighter = min(fetch_rate, bulk_rate)
    return {
        **raw,
        "size": items_per_peer * len(PEERS_INITIAL),
        "sync_items_per_s": sync_rate,
        "fetch_only_items_per_s": fetch_rate,
        "bulk_upsert_items_per_s": bulk_rate,
        "ratio_to_tighter_bound": sync_rate / tighter if tighter else 0.0,
    }


SYNC_COLUMNS = {
    "items synced": "items",
    "sync items/s": "sync_items_per_s",
    "fetch-only bound items/s": "fetch_only_items_per_s",
    "bulk-upsert bound items/s": "bulk_upsert_items_per_s",
    "ratio to the tighter bound": "ratio_to_tighter_bound",
    "index caught up s": "index_seconds",
}


def initial_sync_result(points: list[dict]) -> dict:
    """The sweep's result; the goal is judged at the largest size."""
    last = points[-1]
    ratio = last["ratio_to_tighter_bound"]
    sizes = " to ".join(dict.fromkeys(f"{p['size']:,}" for p in (points[0], last)))
    # Each size is a row of the sweep's table; these say what the verdict rests on.
    rows = [
        (f"at {last['size']:,} items: sync items/s", last["sync_items_per_s"]),
        (f"at {last['size']:,} items: ratio to the tighter bound", ratio),
        ("feed requests of the sync", last["requests"]),
    ]
    return {
        "id": "initial_sync",
        "title": f"Initial sync from {len(PEERS_INITIAL)} peers, {sizes} items",
        "baseline": "the tighter of two bounds measured in the same run: the same feed pages "
        "downloaded only (fetch-only) and the same rows written with bulk_create into the "
        "same tables (bulk-upsert)",
        "goal": f"sync rate >= {INITIAL_GOAL} x the tighter bound (at the largest size)",
        "met": ratio >= INITIAL_GOAL and not last["errors"],
        "metrics": {**last, "sweep": points},
        "rows": rows,
        "sweep": {
            "size": "items (4 peers)",
            "group": None,
            "columns": list(SYNC_COLUMNS),
            "rows": [
                {
                    "size": p["size"],
                    "group": "",
                    "values": {c: p[k] for c, k in SYNC_COLUMNS.items()},
                }
                for p in points
            ],
            "plot": {
                "file": "initial_sync.png",
                "title": "Initial sync against its bounds",
                "unit": "items/s",
                "lines": [
                    ["sync items/s", False],
                    ["fetch-only bound items/s", True],
                    ["bulk-upsert bound items/s", True],
                ],
            },
        },
    }


def nearest_ours(hub) -> dict:
    """Our sync of the news-only peer: the numerator of the comparison with
    wagtail-transfer and a Wagtail API v2 pull (bench/transfer.py)."""
    raw = task(hub, "initial_sync", peers=[PEER_NEAREST])
    return {**raw, "items_per_s": rate(raw["items"], raw["sync_seconds"])}


def noop_sync(hub) -> dict:
    raw = task(hub, "noop_sync")
    met = (
        raw["requests"] == raw["peers"]
        and raw["mirror_writes"] == 0
        and raw["changed"] == 0
        and not raw["errors"]
    )
    return {
        "id": "noop_sync",
        "title": f"No-op incremental sync of {raw['peers']} peers",
        "baseline": "one request per peer and no mirror writes (the minimum possible)",
        "goal": "1 request per peer, 0 mirror rows written",
        "met": met,
        "metrics": raw,
        "rows": [
            ("peers", raw["peers"]),
            ("requests", raw["requests"]),
            ("mirror-table writes", raw["mirror_writes"]),
            ("all SQL writes (sync runs, cursors, bookkeeping)", raw["writes"]),
            ("SQL statements", raw["statements"]),
            ("seconds", raw["seconds"]),
        ],
    }


def propagation(origin, hub, sizes) -> dict:
    raw = task(origin, "propagation", peer_url=hub.url, count=sizes["propagation"])
    delays = raw["delays"]
    p50 = statistics.median(delays) if delays else None
    p95 = percentile(delays, 95) if delays else None
    return {
        "id": "propagation",
        "title": f"Propagation of {sizes['propagation']} publications with push notice",
        "baseline": "none: an absolute latency (publish committed at the origin until the "
        "peer's mirror page answers 200), workers polling their queue every 0.2 s",
        "goal": f"p95 < {PROPAGATION_GOAL_P95} s",
        "met": p95 is not None and p95 < PROPAGATION_GOAL_P95 and raw["missed"] == 0,
        "metrics": {**raw, "p50_s": p50, "p95_s": p95},
        "rows": [("p50 s", p50), ("p95 s", p95), ("missed (> 30 s)", raw["missed"])],
    }
