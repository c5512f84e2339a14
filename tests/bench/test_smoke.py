"""The benchmarks' code paths at the smallest size (``BENCH_SCALE=smoke``): they must
produce well-formed results. Nothing here asserts a time: timings are the benchmark's
output, never a test's verdict."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import markdown
from bench.scenarios_sync import percentile
from bench.scenarios_web import PAGES, serving_result

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"id", "title", "baseline", "goal", "met", "rows", "metrics"}


def test_percentile_is_nearest_rank():
    values = [0.5, 0.1, 0.4, 0.2, 0.3]
    assert percentile(values, 50) == 0.3
    assert percentile(values, 95) == 0.5
    assert percentile([7.0], 99) == 7.0


def test_serving_ratios_are_against_the_bare_view_of_the_same_mode():
    missing = {name: {"status": 404} for name in PAGES if name != "news index"}
    uncached = {
        "bare view": {"status": 200, "requests_per_s": 1000.0},
        "news index": {"status": 200, "requests_per_s": 200.0},
        **missing,
    }
    cached = {
        "bare view": {"status": 200, "requests_per_s": 2000.0},
        "news index": {"status": 200, "requests_per_s": 1800.0},
        **missing,
    }
    result = serving_result(uncached, cached)
    assert result["metrics"]["uncached"]["news index"]["ratio_to_bare"] == pytest.approx(0.2)
    assert result["metrics"]["cached"]["news index"]["ratio_to_bare"] == pytest.approx(0.9)
    assert result["met"] is False  # pages that did not answer 200 miss the goal


def test_markdown_names_the_machine_and_every_scenario():
    run = {
        "command": "python -m bench",
        "scale": "smoke",
        "started": "2026-01-01T00:00:00+00:00",
        "seconds": 1.0,
        "load_average_at_end": [1.0],
        "machine": {
            "nproc": 2, "memory_gib": 4, "cpu_model": "X", "python": "3.11", "django": "5.2",
            "wagtail": "8.0", "sqlite": "3.40", "postgresql": "15", "osmem_server": "0.1",
            "wrk": "wrk 4", "load_average_at_start": [1.0],
        },
        "scenarios": [
            {"id": "a", "title": "Scenario A", "baseline": "b", "goal": "g", "met": True,
             "rows": [("rate", 12.5)]},
            {"id": "b", "title": "Scenario B", "skipped": "wrk is not installed"},
        ],
    }  # fmt: skip
    text = markdown(run)
    assert "2 cores (X)" in text and "SQLite 3.40" in text
    assert "| Scenario A | b | g | yes |" in text
    assert "Skipped: wrk is not installed" in text


@pytest.mark.instances
def test_every_scenario_runs_at_the_smallest_size(tmp_path):
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (apt-get install wrk)")
    env = {**os.environ, "BENCH_SEARCH_BACKENDS": "sqlite,osmem"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    run = json.loads((tmp_path / "results.json").read_text())
    assert run["machine"]["nproc"] >= 1 and run["machine"]["sqlite"]
    ids = {s["id"] for s in run["scenarios"]}
    assert {"initial_sync", "noop_sync", "propagation", "serving", "search", "rebuild"} <= ids
    for scenario in run["scenarios"]:
        assert set(scenario) >= REQUIRED, scenario
        assert isinstance(scenario["met"], bool | None)
    noop = next(s for s in run["scenarios"] if s["id"] == "noop_sync")
    assert noop["metrics"]["requests"] == noop["metrics"]["peers"] == 5
    search = next(s for s in run["scenarios"] if s["id"] == "search")
    assert {b["backend"] for b in search["metrics"]["backends"]} >= {"sqlite"}
    text = (tmp_path / "results.md").read_text()
    assert "| scenario | baseline | goal | met |" in text
    _assert_sweeps(run, tmp_path, text)


def _assert_sweeps(run, out, text):
    """Each swept scenario measured every size (per backend), grew its data rather than
    regenerating it, tabulated each size and plotted cost against size."""
    sweeps = {s["id"]: s for s in run["scenarios"] if "sweep" in s}
    assert set(sweeps) == {"initial_sync", "search", "rebuild", "directory_serving"}
    peer_items, members = run["sizes"]["peer_items"], run["sizes"]["search_members"]
    assert len(members) >= 2 and len(peer_items) >= 2
    for sid, scenario in sweeps.items():
        rows = scenario["sweep"]["rows"]
        if sid == "initial_sync":
            assert [r["size"] for r in rows] == [4 * n for n in peer_items]
            # Each size synced the peers' whole content: grown, neither regenerated
            # nor left over from the size before.
            assert [r["values"]["items synced"] for r in rows] == [4 * n for n in peer_items]
        elif sid == "directory_serving":
            assert [r["size"] for r in rows] == list(members)
            assert all(r["values"]["bare view req/s"] > 0 for r in rows)
        else:
            for backend in {r["group"] for r in rows}:
                assert [r["size"] for r in rows if r["group"] == backend] == list(members)
            documents = [r["values"]["documents"] for r in rows if r["group"] == "sqlite"]
            assert documents[0] < documents[-1]  # the index grew with the members
        assert all(isinstance(v, int | float) for r in rows for v in r["values"].values())
        for row in rows:
            assert f"| {row['size']:,} |" in text
    for scenario in sweeps.values():  # matplotlib is in the `test` extra
        plot = out / scenario["sweep"]["plot"]["file"]
        assert plot.stat().st_size > 0 and plot.name in run["plots"]
