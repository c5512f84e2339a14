"""Writing a run's results: results.json, results.md (Markdown tables) and PNG plots."""

from __future__ import annotations

import json
from pathlib import Path


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.0f}"
    return str(value).replace("|", "\\|")


def markdown(run: dict) -> str:
    m = run["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Command: `{run['command']}` (scale `{run['scale']}`), {run['started']}, "
        f"{run['seconds']:.0f} s in all.",
        "",
        f"Machine: {m['nproc']} cores ({m['cpu_model']}), {m['memory_gib']} GiB; Python "
        f"{m['python']}, Django {m['django']}, Wagtail {m['wagtail']}, SQLite {m['sqlite']}, "
        f"PostgreSQL {m['postgresql']}, osmem-server {m['osmem_server']}, {m['wrk']}. Load "
        f"average at start {m['load_average_at_start']}, at end {run['load_average_at_end']}.",
        "",
        "| scenario | baseline | goal | met |",
        "|---|---|---|---|",
    ]
    for s in run["scenarios"]:
        met = "skipped" if "skipped" in s else ("yes" if s.get("met") else "**no**")
        lines.append(
            f"| {_cell(s['title'])} | {_cell(s.get('baseline', '-'))} | "
            f"{_cell(s.get('goal', '-'))} | {met} |"
        )
    for s in run["scenarios"]:
        lines += ["", f"## {s['title']}", ""]
        if "skipped" in s:
            lines.append(f"Skipped: {s['skipped']}")
            continue
        lines += ["| measure | value |", "|---|---|"]
        lines += [f"| {_cell(k)} | {_cell(v)} |" for k, v in s.get("rows", [])]
        if s.get("note"):
            lines += ["", s["note"]]
    return "\n".join(lines) + "\n"


def plots(run: dict, out: Path) -> list[str]:
    """One PNG per scenario that has numbers to compare; their file names."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    made = []
    by_id = {s["id"]: s for s in run["scenarios"] if "skipped" not in s}

    def bars(name, title, labels, values, unit):
        fig, ax = plt.subplots(figsize=(7, 3.5))
        ax.barh(labels, values, color="#3b6ea5")
        ax.set_xlabel(unit)
        ax.set_title(title)
        for y, value in enumerate(values):
            ax.text(value, y, f" {value:.0f}", va="center")
        fig.tight_layout()
        fig.savefig(out / name, dpi=100)
        plt.close(fig)
        made.append(name)

    if "initial_sync" in by_id:
        m = by_id["initial_sync"]["metrics"]
        bars(
            "initial_sync.png",
            "Initial sync against its bounds",
            ["sync", "fetch-only bound", "bulk-upsert bound"],
            [m["sync_items_per_s"], m["fetch_only_items_per_s"], m["bulk_upsert_items_per_s"]],
            "items/s",
        )
    if "nearest" in by_id:
        m = by_id["nearest"]["metrics"]
        rates = {k: v for k, v in m["rates"].items() if v}
        bars("nearest.png", "News items moved between two instances", list(rates),
             list(rates.values()), "items/s")  # fmt: skip
    if "search" in by_id:
        backends = by_id["search"]["metrics"]["backends"]
        labels = [f"{b['backend']} {p}" for b in backends for p in ("p50", "p95", "p99")]
        values = [b[f"page_{p}_ms"] for b in backends for p in ("p50", "p95", "p99")]
        bars("search.png", "Search page latency per backend", labels, values, "ms")
    if "serving" in by_id:
        m = by_id["serving"]["metrics"]
        labels, values = [], []
        for mode in ("uncached", "cached"):
            for name, r in m[mode].items():
                if "requests_per_s" in r:
                    labels.append(f"{name} ({mode})")
                    values.append(r["requests_per_s"])
        bars("serving.png", "Requests per second", labels, values, "req/s")
    if "rebuild" in by_id:
        backends = by_id["rebuild"]["metrics"]["backends"]
        labels = [f"{b['backend']} {k}" for b in backends for k in ("rebuild", "raw bulk")]
        values = [v for b in backends for v in (b["rebuild_docs_per_s"], b["raw_docs_per_s"])]
        bars("rebuild.png", "Index writes", labels, values, "documents/s")
    if "propagation" in by_id and by_id["propagation"]["metrics"]["delays"]:
        delays = sorted(by_id["propagation"]["metrics"]["delays"])
        fig, ax = plt.subplots(figsize=(7, 3.5))
        ax.plot(delays, [(n + 1) / len(delays) for n in range(len(delays))], marker="o")
        ax.set_xlabel("seconds from publish to visible at the peer")
        ax.set_ylabel("share of publications")
        ax.set_title("Propagation with push notice")
        fig.tight_layout()
        fig.savefig(out / "propagation.png", dpi=100)
        plt.close(fig)
        made.append("propagation.png")
    return made


def write(run: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    run["plots"] = plots(run, out)
    (out / "results.json").write_text(json.dumps(run, indent=2, default=str) + "\n")
    text = markdown(run) + "".join(f"\n![{name}]({name})\n" for name in run["plots"])
    (out / "results.md").write_text(text)
