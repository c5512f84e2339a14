"""Directory search per backend and index rebuild, swept over member counts.

A point of the sweep is ``{"size": members, "summaries": [...], "rebuilds": [...]}``:
one latency summary and one rebuild per backend measured at that size.
"""

from __future__ import annotations

import statistics

from .network import task
from .scenarios_sync import percentile, rate

SEARCH_GOAL_P95 = 0.100  # seconds, database backends
REBUILD_GOAL = 0.5  # documents/s of a rebuild against the backend's raw bulk rate
DATABASES = ("sqlite", "postgresql")
SEARCH_COLUMNS = (
    "documents",
    "page p50 ms",
    "page p95 ms",
    "page p99 ms",
    "engine p50 ms",
    "engine p95 ms",
    "app overhead p50 ms",
)
REBUILD_COLUMNS = ("documents", "rebuild docs/s", "raw bulk docs/s", "ratio", "build s")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def search_backend_measure(instance, label: str, sizes) -> tuple[dict, dict]:
    """(rebuild result, latency summary) of one backend, via the instance's tasks."""
    rebuilt = task(instance, "search_rebuild_bench", backend_label=label)
    samples = task(
        instance,
        "search_latency",
        backend_label=label,
        requests=sizes["search_requests"],
        budget=sizes["search_seconds"],
    )
    summary = {
        "backend": label,
        "documents": rebuilt["documents"],
        "requests": len(samples["page"]),
    }
    for kind in ("page", "backend", "engine"):
        values = samples[kind]
        for pct in (50, 95, 99):
            summary[f"{kind}_p{pct}_ms"] = _ms(percentile(values, pct))
    overheads = [p - e for p, e in zip(samples["page"], samples["engine"], strict=True)]
    summary["app_overhead_p50_ms"] = _ms(statistics.median(overheads))
    summary["engine_share_p50"] = statistics.median(
        e / p for p, e in zip(samples["page"], samples["engine"], strict=True) if p
    )
    summary["median_results"] = statistics.median(samples["totals"])
    return rebuilt, summary


def _sizes_title(points) -> str:
    return " to ".join(dict.fromkeys(f"{p['size']:,}" for p in (points[0], points[-1])))


def _search_values(s: dict) -> dict:
    values = {"documents": s["documents"], "app overhead p50 ms": s["app_overhead_p50_ms"]}
    for kind in ("page", "engine"):
        for pct in (50, 95, 99):
            values[f"{kind} p{pct} ms"] = s[f"{kind}_p{pct}_ms"]
    return {column: values[column] for column in SEARCH_COLUMNS}


def search_result(points: list[dict], sizes) -> dict:
    """The sweep's result; the goal is judged at the largest member count."""
    last = points[-1]["summaries"]
    database = [s for s in last if s["backend"] in DATABASES]
    met = bool(database) and all(s["page_p95_ms"] < SEARCH_GOAL_P95 * 1000 for s in database)
    # Each size and backend is a row of the sweep's table; these carry the verdict.
    rows = [
        (f"at {points[-1]['size']:,} members: {s['backend']} page p95 ms", s["page_p95_ms"])
        for s in database
    ]
    profile = points[-1].pop("profile", None)
    note = ""
    if not met and profile:
        note = "Where the time goes, search page on SQLite at the largest size (cProfile):"
        note += "\n\n```\n" + profile + "\n```"
    return {
        "note": note,
        "id": "search",
        "title": f"Directory search with facets, {_sizes_title(points)} members",
        "baseline": "the engine's own time for the same queries (SQL executions, or the "
        "HTTP requests to the Elasticsearch-API server), measured around each search",
        "goal": f"database backends: search page p95 < {SEARCH_GOAL_P95 * 1000:.0f} ms "
        "(at the largest size)",
        "met": met,
        "metrics": {"backends": last, "sweep": points},
        "rows": rows,
        "sweep": {
            "size": "members",
            "group": "backend",
            "columns": list(SEARCH_COLUMNS),
            "rows": [
                {"size": p["size"], "group": s["backend"], "values": _search_values(s)}
                for p in points
                for s in p["summaries"]
            ],
            "plot": {
                "file": "search.png",
                "title": "Search page latency against the engine's",
                "unit": "ms",
                "y_log": True,
                "goal": SEARCH_GOAL_P95 * 1000,
                "goal_label": "goal: page p95 of the database backends",
                "lines": [["page p95 ms", False], ["page p50 ms", False], ["engine p50 ms", True]],
            },
        },
    }


def _rebuild_rates(r: dict) -> dict:
    rebuild_rate = rate(r["documents"], r["rebuild_seconds"])
    raw_rate = rate(r["documents"], r["raw_seconds"])
    ratio = rebuild_rate / raw_rate if raw_rate else 0.0
    r.update(rebuild_docs_per_s=rebuild_rate, raw_docs_per_s=raw_rate, ratio=ratio)
    return {
        "documents": r["documents"],
        "rebuild docs/s": rebuild_rate,
        "raw bulk docs/s": raw_rate,
        "ratio": ratio,
        "build s": r["build_seconds"],
    }


def rebuild_result(points: list[dict]) -> dict:
    """The sweep's result; the goal is judged at the largest member count."""
    table = [
        {"size": p["size"], "group": r["backend"], "values": _rebuild_rates(r)}
        for p in points
        for r in p["rebuilds"]
    ]
    last = points[-1]["rebuilds"]
    rows = [(f"at {points[-1]['size']:,} members: {r['backend']} ratio", r["ratio"]) for r in last]
    ratios = [r["ratio"] for r in last]
    return {
        "id": "rebuild",
        "title": f"Search index rebuild, {_sizes_title(points)} members",
        "baseline": "the same documents written by the same engine in plain bulk requests "
        "(database: bulk_create of the rows, sectors and full text into emptied tables; "
        "Elasticsearch API: the client's bulk helper into a scratch index)",
        "goal": f"rebuild rate >= {REBUILD_GOAL} x the raw bulk rate (at the largest size)",
        "met": bool(ratios) and min(ratios) >= REBUILD_GOAL,
        "metrics": {"backends": last, "sweep": points},
        "rows": rows,
        "sweep": {
            "size": "members",
            "group": "backend",
            "columns": list(REBUILD_COLUMNS),
            "rows": table,
            "plot": {
                "file": "rebuild.png",
                "title": "Index rebuild against the engine's raw bulk writes",
                "unit": "documents/s",
                "lines": [["rebuild docs/s", False], ["raw bulk docs/s", True]],
            },
        },
    }
