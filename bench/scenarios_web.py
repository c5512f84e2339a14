"""Page serving: gunicorn loaded by wrk, every page against a bare view."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

import requests

SERVE_GOAL_UNCACHED = 0.10
SERVE_GOAL_CACHED = 0.8
PAGES = {
    "news index": "/en/news/",
    "news page": "/en/news/generated-news-1/",
    "directory page": "/en/members/",
    "member page": "/en/members/generated-member-1/",
    "search page": "/en/search/?q=generated",
}
BARE = "/bench/bare/"
TOO_SLOW = 5.0  # seconds for one request: not loaded with wrk


# --- page serving -------------------------------------------------------------------

_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def wrk_run(url: str, seconds: int, *, connections: int = 8) -> dict:
    """Requests/s and latency percentiles of ``url`` under wrk (loopback only)."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("the benchmarks only load servers on 127.0.0.1")
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    result = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "90", "99"):
        found = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.MULTILINE)
        if found:
            result[f"p{pct}_ms"] = round(float(found.group(1)) * _UNITS[found.group(2)] * 1e3, 2)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result["non_2xx"] = int(errors.group(1)) if errors else 0
    return result


def serving_measure(instance, seconds: int) -> dict:
    """The bare view, every page, the bare view again: status checked first, then
    loaded with wrk. The bare view's better rate is its result (the other helpers'
    load moves a single 5 s window a lot; the pages are held to the better of two)."""
    measured = _serving_paths(instance, seconds, {"bare view": BARE, **PAGES})
    again = _serving_paths(instance, seconds, {"bare view": BARE})["bare view"]
    first = measured["bare view"]
    if again.get("requests_per_s", 0) > first.get("requests_per_s", 0):
        measured["bare view"] = again
    measured["bare view"]["rates_measured"] = [
        m.get("requests_per_s") for m in (first, again) if "requests_per_s" in m
    ]
    return measured


def _serving_paths(instance, seconds: int, paths: dict[str, str]) -> dict:
    measured = {}
    for name, path in paths.items():
        # Warm-up, sequentially: each worker's imports, template loading, caches. A page
        # whose quickest warm-up request is over TOO_SLOW is reported, not loaded.
        times = []
        for _ in range(4):
            started = time.perf_counter()
            status = requests.get(instance.url + path, timeout=120).status_code
            times.append(time.perf_counter() - started)
            if status != 200 or (len(times) >= 2 and min(times) > TOO_SLOW):
                break
        took = min(times)
        if status != 200:
            measured[name] = {"status": status}
            continue
        if took > TOO_SLOW:  # wrk would time out on every request: say how slow instead
            measured[name] = {"status": status, "too_slow_s": round(took, 2)}
            continue
        measured[name] = {"status": status, **wrk_run(instance.url + path, seconds)}
    return measured


def _rates(measured: dict) -> str:
    return " and ".join(f"{rate:.0f}" for rate in measured.get("rates_measured", []))


def _unloaded(measured: dict) -> str:
    if "too_slow_s" in measured:
        return f"{measured['too_slow_s']} s for one request"
    if "requests_per_s" in measured:
        return f"{measured['requests_per_s']:.0f} req/s"
    return f"HTTP {measured.get('status')}"


def serving_result(uncached: dict, cached: dict) -> dict:
    rows, met = [], True
    bare, bare_cached = uncached["bare view"], cached["bare view"]
    if "requests_per_s" not in bare or "requests_per_s" not in bare_cached:
        return {
            "id": "serving",
            "title": "Page serving",
            "skipped": f"the bare view was not loaded: {_unloaded(bare)}, {_unloaded(bare_cached)}",
            "metrics": {"uncached": uncached, "cached": cached},
        }
    for name in PAGES:
        plain, hot = uncached[name], cached[name]
        if "requests_per_s" not in plain or "requests_per_s" not in hot:
            rows.append((name, f"not loaded: uncached {_unloaded(plain)}, cached {_unloaded(hot)}"))
            met = False
            continue
        ratio = plain["requests_per_s"] / bare["requests_per_s"]
        ratio_cached = hot["requests_per_s"] / bare_cached["requests_per_s"]
        plain["ratio_to_bare"], hot["ratio_to_bare"] = ratio, ratio_cached
        met = met and ratio >= SERVE_GOAL_UNCACHED and ratio_cached >= SERVE_GOAL_CACHED
        rows.append(
            (
                name,
                f"{plain['requests_per_s']:.0f} req/s ({ratio:.2f} of bare, p99 "
                f"{plain.get('p99_ms')} ms); cached {hot['requests_per_s']:.0f} req/s "
                f"({ratio_cached:.2f} of the cache's ceiling)",
            )
        )
    rows.insert(
        0,
        (
            "bare view",
            f"{bare['requests_per_s']:.0f} req/s; through the cache "
            f"{bare_cached['requests_per_s']:.0f} req/s (the ceiling); each the better of "
            f"two windows, before and after the pages ({_rates(bare)}; {_rates(bare_cached)})",
        ),
    )
    return {
        "id": "serving",
        "title": "Page serving (gunicorn, 2 workers x 2 threads, wrk 2 threads x 8 connections)",
        "baseline": "a bare Django view (bench/urls.py) on the same server behind the same "
        "middleware; with the cache on, the same bare view served from the cache",
        "goal": f"uncached >= {SERVE_GOAL_UNCACHED} x bare view; cached >= "
        f"{SERVE_GOAL_CACHED} x the cache's ceiling (Django's cache middleware, locmem: the "
        "product has no page cache of its own)",
        "met": met,
        "metrics": {"uncached": uncached, "cached": cached},
        "rows": rows,
    }


def serving(instance, seconds: int) -> dict:
    if shutil.which("wrk") is None:
        return {
            "id": "serving",
            "title": "Page serving",
            "skipped": "wrk is not installed (apt-get install wrk)",
        }
    uncached = serving_measure(instance, seconds)
    instance.stop()
    os.environ["BENCH_PAGE_CACHE"] = "1"
    try:
        instance.start(worker=False)
    finally:
        os.environ.pop("BENCH_PAGE_CACHE")
    cached = serving_measure(instance, seconds)
    return serving_result(uncached, cached)


# --- the directory page against its member count -----------------------------------

DIRECTORY_COLUMNS = ("directory page req/s", "bare view req/s", "ratio to bare", "page p99 ms")


def directory_serving_point(instance, *, members: int, seconds: int) -> dict:
    """The directory page and the bare view under wrk, the server started for it."""
    instance.start(worker=False)
    try:
        measured = _serving_paths(
            instance, seconds, {"bare view": BARE, "directory page": PAGES["directory page"]}
        )
        # As in serving_measure: the better of two windows, before and after the page.
        again = _serving_paths(instance, seconds, {"bare view": BARE})["bare view"]
    finally:
        instance.stop()
    if again.get("requests_per_s", 0) > measured["bare view"].get("requests_per_s", 0):
        measured["bare view"] = again
    page, bare = measured["directory page"], measured["bare view"]
    page_rate, bare_rate = page.get("requests_per_s"), bare.get("requests_per_s")
    return {
        "size": members,
        "measured": measured,
        "values": {
            "directory page req/s": page_rate,
            "bare view req/s": bare_rate,
            "ratio to bare": page_rate / bare_rate if page_rate and bare_rate else None,
            "page p99 ms": page.get("p99_ms"),
        },
    }


def directory_serving_result(points: list[dict]) -> dict:
    """The sweep's result; the goal (as scenario serving's) is judged at the largest size."""
    ratio = points[-1]["values"]["ratio to bare"]
    sizes = " to ".join(dict.fromkeys(f"{p['size']:,}" for p in (points[0], points[-1])))
    return {
        "id": "directory_serving",
        "title": f"Directory page served at {sizes} members (gunicorn 2 workers x 2 threads)",
        "baseline": "the bare Django view (bench/urls.py) on the same server, loaded in the "
        "same run at each size",
        "goal": f">= {SERVE_GOAL_UNCACHED} x the bare view (at the largest size)",
        "met": ratio is not None and ratio >= SERVE_GOAL_UNCACHED,
        "metrics": {"sweep": points},
        "rows": [(f"at {points[-1]['size']:,} members: ratio to bare", ratio)],
        "sweep": {
            "size": "members",
            "group": None,
            "columns": list(DIRECTORY_COLUMNS),
            "rows": [
                {
                    "size": p["size"],
                    "group": "",
                    "values": {k: v for k, v in p["values"].items() if v is not None},
                }
                for p in points
            ],
            "plot": {
                "file": "directory_serving.png",
                "title": "Directory page against the bare view",
                "unit": "requests/s",
                "y_log": True,
                "lines": [["directory page req/s", False], ["bare view req/s", True]],
            },
        },
    }
