"""Sweep tables and plots of bench/report.py, on made-up numbers (no instance)."""

from __future__ import annotations

from bench.report import sweep_table

SWEEP = {
    "size": "members",
    "group": "backend",
    "columns": ["page p95 ms", "engine p50 ms"],
    "rows": [
        {"size": 1000, "group": "sqlite", "values": {"page p95 ms": 12.5, "engine p50 ms": 3.0}},
        {"size": 10000, "group": "sqlite", "values": {"page p95 ms": 80.0, "engine p50 ms": 9.0}},
        {"size": 1000, "group": "postgresql", "values": {"page p95 ms": 20.0}},
    ],
    "plot": {
        "file": "search.png",
        "title": "t",
        "unit": "ms",
        "y_log": True,
        "goal": 100.0,
        "lines": [["page p95 ms", False], ["engine p50 ms", True]],
    },
}


def test_sweep_table_has_one_row_per_size_and_group():
    lines = sweep_table(SWEEP)
    assert lines[0] == "| members | backend | page p95 ms | engine p50 ms |"
    assert lines[2:] == [
        "| 1,000 | sqlite | 12 | 3.000 |",
        "| 10,000 | sqlite | 80 | 9.000 |",
        "| 1,000 | postgresql | 20 | - |",
    ]


def test_sweep_plot_is_written(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bench.report import sweep_plot

    assert sweep_plot(plt, SWEEP, tmp_path) == "search.png"
    assert (tmp_path / "search.png").read_bytes()[:4] == b"\x89PNG"
