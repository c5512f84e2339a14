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
        if s.get("sweep"):
            lines += sweep_table(s["sweep"]) + [""]
        if s.get("rows"):
            lines += ["| measure | value |", "|---|---|"]
            lines += [f"| {_cell(k)} | {_cell(v)} |" for k, v in s["rows"]]
        if s.get("note"):
            lines += ["", s["note"]]
    return "\n".join(lines) + "\n"


def sweep_table(sweep: dict) -> list[str]:
    """One Markdown row per size (and per backend, when the sweep has several)."""
    head = [sweep["size"], *([sweep["group"]] if sweep.get("group") else []), *sweep["columns"]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in sweep["rows"]:
        cells = [f"{row['size']:,}", *([row["group"]] if sweep.get("group") else [])]
        cells += [row["values"].get(column, "-") for column in sweep["columns"]]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def sweep_plot(plt, sweep: dict, out: Path) -> str:
    """Cost against size, log x axis: one line per series and backend, the baselines
    dashed in the same colour as what they bound, the goal (if a fixed value) dotted."""
    spec = sweep["plot"]
    fig, ax = plt.subplots(figsize=(10, 4.2))
    _sweep_lines(ax, sweep, plt.rcParams["axes.prop_cycle"].by_key()["color"])
    if spec.get("goal") is not None:
        label = spec.get("goal_label", "goal")
        ax.axhline(spec["goal"], color="black", linestyle=":", linewidth=1, label=label)
    ax.set_xscale("log")
    sizes = sorted({row["size"] for row in sweep["rows"]})
    ax.set_xticks(sizes, [f"{size:,}" for size in sizes])
    ax.minorticks_off()
    if spec.get("y_log"):
        ax.set_yscale("log")
    ax.set_xlabel(f"{sweep['size']} (log scale)")
    ax.set_ylabel(spec["unit"])
    ax.set_title(spec["title"])
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / spec["file"], dpi=100)
    plt.close(fig)
    return spec["file"]


def _sweep_lines(ax, sweep: dict, colours: list[str]) -> None:
    """With several backends, a colour per backend (its measures solid then dotted, its
    baseline dashed); with one, a colour per series."""
    spec = sweep["plot"]
    groups = list(dict.fromkeys(row["group"] for row in sweep["rows"]))
    for g, group in enumerate(groups):
        rows = sorted((r for r in sweep["rows"] if r["group"] == group), key=lambda r: r["size"])
        for c, (column, baseline) in enumerate(spec["lines"]):
            points = [(r["size"], r["values"].get(column)) for r in rows]
            points = [(x, y) for x, y in points if y is not None]
            if not points:
                continue
            colour = colours[(g if len(groups) > 1 else c) % len(colours)]
            style = "--" if baseline else ("-" if c == 0 or len(groups) == 1 else ":")
            label = f"{group} {column}".strip() + (" (baseline)" if baseline else "")
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, style, marker="o", color=colour, label=label)


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

    for s in by_id.values():
        if s.get("sweep", {}).get("rows"):
            made.append(sweep_plot(plt, s["sweep"], out))
    if "nearest" in by_id:
        m = by_id["nearest"]["metrics"]
        rates = {k: v for k, v in m["rates"].items() if v}
        bars("nearest.png", "News items moved between two instances", list(rates),
             list(rates.values()), "items/s")  # fmt: skip
    if "serving" in by_id:
        m = by_id["serving"]["metrics"]
        labels, values = [], []
        for mode in ("uncached", "cached"):
            for name, r in m[mode].items():
                if "requests_per_s" in r:
                    labels.append(f"{name} ({mode})")
                    values.append(r["requests_per_s"])
        bars("serving.png", "Requests per second", labels, values, "req/s")
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
