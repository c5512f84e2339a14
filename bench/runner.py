"""One benchmark run: instances prepared, scenarios measured, results written.

Every server runs on 127.0.0.1 and is stopped at the end, whatever happens.
"""

from __future__ import annotations

import datetime
import os
import shutil
import sys
import tempfile
import time
import traceback
from contextlib import ExitStack
from pathlib import Path

from . import report, scenarios_sync, scenarios_web, transfer
from .machine import load_average, machine_describe
from .network import (
    instance_new,
    instances_prepare,
    peers_connect,
    task,
    template_migrate,
)
from .scales import PEER_NEAREST, PEERS_INITIAL, sizes_for

SCENARIOS = ("initial_sync", "nearest", "noop_sync", "propagation", "serving", "search")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(*, scale: str, out: Path, only: tuple[str, ...] = SCENARIOS, command: str = "") -> dict:
    sizes = sizes_for(scale)
    started = time.perf_counter()
    result = {
        "command": command,
        "scale": scale,
        "sizes": sizes,
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_describe(),
        "scenarios": [],
        "out": str(out),
    }
    work = Path(tempfile.mkdtemp(prefix="clusterweb-bench-"))
    try:
        with ExitStack() as stack:
            _run_all(result, sizes, work, only, stack)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result.pop("out")
    result["seconds"] = time.perf_counter() - started
    result["load_average_at_end"] = load_average()
    report.write(result, out)
    log(f"results in {out}/results.md")
    return result


def _measure(result: dict, name: str, func, *args) -> None:
    log(f"scenario {name} ...")
    try:
        outcome = func(*args)
    except Exception as exc:  # one failing scenario must not lose the others' results
        traceback.print_exc()
        outcome = {"id": name, "title": name, "skipped": f"failed: {exc}"[:500]}
    outcomes = outcome if isinstance(outcome, list) else [outcome]
    for item in outcomes:
        item["load_average"] = load_average()
        result["scenarios"].append(item)
    _partial_write(result)


def _partial_write(result: dict) -> None:
    """The results so far, so that an interrupted run keeps what it measured."""
    out = result.get("out")
    if out is not None:
        report.write(
            {**result, "seconds": 0.0, "load_average_at_end": load_average(), "partial": True},
            Path(out),
        )


def _note_profile(result, scenario_id, instance, name, **kwargs) -> None:
    """On a missed goal: a profile of the same work, summarised in the scenario's note."""
    scenario = next((s for s in result["scenarios"] if s.get("id") == scenario_id), None)
    if scenario is None or scenario.get("met") is not False:
        return
    log(f"  profiling {scenario_id} ...")
    try:
        summary = task(instance, name, **kwargs)["summary"]
    except Exception as exc:  # a profile is a courtesy: never lose the measurement for it
        summary = f"profiling failed: {exc}"[-1500:]
    scenario["note"] = "Where the time goes (cProfile):\n\n```\n" + summary + "\n```"


def _run_all(result, sizes, work: Path, only, stack: ExitStack) -> None:
    log(f"work dir {work}; migrating the template database ...")
    template = template_migrate(work)
    federation = {"initial_sync", "nearest", "noop_sync", "propagation", "serving"} & set(only)
    if federation:
        _federation_scenarios(result, sizes, work, template, only, stack)
    if "search" in only:
        _measure(result, "search", _search_scenarios, sizes, work, template, stack)


def _federation_scenarios(result, sizes, work, template, only, stack) -> None:
    producers = [instance_new(slug, work, template, web_workers=1) for slug in PEERS_INITIAL]
    nearest = instance_new(PEER_NEAREST, work, template, web_workers=1)
    hub = instance_new("hub", work, template)
    for instance in (*producers, nearest, hub):
        stack.callback(instance.stop)
    log("generating content ...")
    peer_content = {"members": sizes["peer_members"], "news": sizes["peer_news"]}
    specs = [(p, dict(peer_content, seed=n)) for n, p in enumerate(producers)]
    specs.append((nearest, {"news": sizes["nearest_news"], "language_mix": False}))
    hub_content = {"members": sizes["hub_members"], "news": sizes["hub_news"]}
    specs.append((hub, dict(hub_content, language_mix=False)))
    prepared = instances_prepare(specs)
    keys = {slug: info["public_key"] for slug, info in prepared.items()}
    result["generation"] = {slug: info["seconds"] for slug, info in prepared.items()}
    peers_connect(hub, [*producers, nearest], keys)
    for instance in (*producers, nearest):
        instance.start(worker=False)
    if "initial_sync" in only:
        _measure(result, "initial_sync", scenarios_sync.initial_sync, hub, sizes)
        _note_profile(result, "initial_sync", hub, "profile_sync", peers=PEERS_INITIAL)
    if "nearest" in only:
        _measure(result, "nearest", _nearest, hub, sizes, work)
    if "noop_sync" in only:
        task(hub, "initial_sync", peers=[p.slug for p in (*producers, nearest)])
        _measure(result, "noop_sync", scenarios_sync.noop_sync, hub)
    for producer in producers:
        producer.stop()
    hub.start(worker=True)
    if "propagation" in only:
        nearest.start_worker()
        _measure(result, "propagation", scenarios_sync.propagation, nearest, hub, sizes)
    nearest.stop()
    if "serving" in only:
        task(hub, "search_rebuild")
        hub.stop()
        hub.start(worker=False)
        _measure(result, "serving", scenarios_web.serving, hub, sizes["serve_seconds"])
        # The search page has its own profile (scenario search): profile the others.
        paths = [p for n, p in scenarios_web.PAGES.items() if n != "search page"]
        _note_profile(result, "serving", hub, "profile_pages", paths=paths, repeat=2)
    hub.stop()


def _nearest(hub, sizes, work):
    ours = scenarios_sync.nearest_ours(hub)
    return transfer.nearest_result(ours=ours, count=sizes["nearest_news"], work=work / "transfer")


def _search_scenarios(sizes, work, template, stack):
    """Search latency and rebuild on SQLite, the Elasticsearch-API server and PostgreSQL."""
    from .network import BenchInstance

    counts = {"members": sizes["search_members"], "news": max(1, sizes["search_members"] // 20)}
    sqlite = instance_new("hub", work / "search-sqlite", template)
    instances_prepare([(sqlite, counts)])
    rebuilds, summaries, failures = [], [], []
    for label, instance in _search_backends(sqlite, counts, work, stack, BenchInstance):
        log(f"  search on {label} ...")
        try:
            rebuilt, summary = scenarios_web.search_backend_measure(instance, label, sizes)
        except Exception as exc:  # one engine failing costs its row, not the others'
            traceback.print_exc()
            failures.append(f"{label}: {exc}"[-800:])
            continue
        rebuilds.append(rebuilt)
        summaries.append(summary)
        if label == "sqlite":
            search_page = [scenarios_web.PAGES["search page"]]
            profiled = task(instance, "profile_pages", paths=search_page, repeat=1)
            summary["profile"] = profiled["summary"]
    results = [
        scenarios_web.search_result(summaries, sizes),
        scenarios_web.rebuild_result(rebuilds),
    ]
    for item in results:
        item["failures"] = failures
        if failures:
            item["rows"].append(("backends that failed", "; ".join(failures)))
    return results


def _search_backends(sqlite, counts, work, stack, BenchInstance):
    wanted = os.environ.get("BENCH_SEARCH_BACKENDS", "sqlite,osmem,postgresql").split(",")
    yield "sqlite", sqlite
    if "osmem" in wanted:
        yield from _osmem(sqlite, stack)
    if "postgresql" in wanted:
        yield from _postgresql(sqlite, counts, work, stack, BenchInstance)


def _osmem(sqlite, stack):
    try:
        from osmem_server import OsmemServer

        server = OsmemServer.start(addr="127.0.0.1:0", japanese=False, startup_timeout=60)
        stack.callback(server.close)
        yield (
            "osmem (Elasticsearch API)",
            sqlite.with_env(ELASTICSEARCH_URL=server.url, BENCH_ES_COMPATIBILITY_HEADER="0"),
        )
    except Exception as exc:  # a missing optional engine costs its row, not the run
        log(f"  osmem-server unavailable: {exc}")


def _postgresql(sqlite, counts, work, stack, BenchInstance):
    try:
        from tests.support.with_postgres import postgres_server

        url = stack.enter_context(postgres_server())
    except (Exception, SystemExit) as exc:
        log(f"  PostgreSQL unavailable: {exc}")
        return
    pg = BenchInstance(
        slug="hub",
        port=0,
        var_dir=work / "search-pg",
        cluster_file=sqlite.cluster_file,
        settings=sqlite.settings,
        extra_env={"DATABASE_URL": url},
    )
    log("  migrating PostgreSQL ...")
    pg.manage("migrate", "--noinput", "-v0", timeout=1800)
    instances_prepare([(pg, counts)])
    yield "postgresql", pg
