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

from . import report, scenarios_search, scenarios_sync, scenarios_web, transfer
from .machine import load_average, machine_describe
from .network import (
    instance_new,
    instances_prepare,
    peers_connect,
    task,
    template_migrate,
)
from .scales import (
    PEER_NEAREST,
    PEERS_INITIAL,
    growth,
    peer_content,
    search_content,
    sizes_for,
)

SCENARIOS = (
    "initial_sync",
    "nearest",
    "noop_sync",
    "propagation",
    "serving",
    "search",
    "directory_serving",
)


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
    if {"search", "directory_serving"} & set(only):
        _measure(result, "search", _search_scenarios, sizes, work, template, stack, only)


def _federation_scenarios(result, sizes, work, template, only, stack) -> None:
    producers = [instance_new(slug, work, template, web_workers=1) for slug in PEERS_INITIAL]
    nearest = instance_new(PEER_NEAREST, work, template, web_workers=1)
    hub = instance_new("hub", work, template)
    for instance in (*producers, nearest, hub):
        stack.callback(instance.stop)
    log("generating content ...")
    # With the sync sweep, the peers start at its first size; without, at its largest.
    first = peer_content(sizes["peer_items"][0 if "initial_sync" in only else -1])
    specs = [(p, dict(first, seed=n)) for n, p in enumerate(producers)]
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
        _measure(result, "initial_sync", _initial_sync_sweep, hub, producers, sizes)
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
        _measure(result, "serving", _serving, hub, sizes["serve_seconds"])
        # The search page has its own profile (scenario search): profile the others.
        paths = [p for n, p in scenarios_web.PAGES.items() if n != "search page"]
        _note_profile(result, "serving", hub, "profile_pages", paths=paths, repeat=2)
    hub.stop()


def _serving(hub, seconds):
    """The hub's index rebuilt (its search page), then served without a task worker;
    inside the measurement, so that a failure costs this scenario, not the run."""
    task(hub, "search_rebuild")
    hub.stop()
    hub.start(worker=False)
    return scenarios_web.serving(hub, seconds)


def _initial_sync_sweep(hub, producers, sizes):
    """The sync at each size, the peers' content grown in between (the first size was
    generated with the other instances' content)."""
    points = []
    steps = growth(peer_content, sizes["peer_items"])
    for step, (items, more) in enumerate(zip(sizes["peer_items"], steps, strict=True)):
        if step:
            log(f"  growing the peers to {items} items each ...")
            instances_prepare(
                [(p, dict(more, seed=100 * step + n)) for n, p in enumerate(producers)]
            )
        log(f"  initial sync at {items} items per peer ...")
        points.append(scenarios_sync.initial_sync_point(hub, items_per_peer=items))
    return scenarios_sync.initial_sync_result(points)


def _nearest(hub, sizes, work):
    ours = scenarios_sync.nearest_ours(hub)
    return transfer.nearest_result(ours=ours, count=sizes["nearest_news"], work=work / "transfer")


def _search_scenarios(sizes, work, template, stack, only):
    """Search latency and rebuild on SQLite, the Elasticsearch-API server and PostgreSQL,
    and the directory page served, at each member count; each database grown in
    between, never regenerated."""
    from .network import BenchInstance

    sqlite = instance_new("hub", work / "search-sqlite", template)
    stack.callback(sqlite.stop)
    searched = "search" in only
    backends = list(_search_backends(sqlite, work, stack, BenchInstance)) if searched else []
    served = "directory_serving" in only and shutil.which("wrk") is not None
    databases = [sqlite, *(i for label, i in backends if label == "postgresql")]
    points, served_points, failures = [], [], []
    steps = growth(search_content, sizes["search_members"])
    for step, (members, more) in enumerate(zip(sizes["search_members"], steps, strict=True)):
        log(f"  {members} members: generating ...")
        instances_prepare([(db, dict(more, seed=step)) for db in databases])
        point = {"size": members, "summaries": [], "rebuilds": []}
        for label, instance in backends:
            _search_backend(point, label, instance, sizes, failures)
        points.append(point)
        if served:
            log(f"  directory page at {members} members ...")
            served_points.append(
                scenarios_web.directory_serving_point(
                    sqlite, members=members, seconds=sizes["serve_seconds"]
                )
            )
    results = _search_results(sqlite, points, failures, sizes) if searched else []
    if served_points:
        results.append(scenarios_web.directory_serving_result(served_points))
    return results


def _search_results(sqlite, points, failures, sizes) -> list[dict]:
    if any(s["backend"] == "sqlite" for s in points[-1]["summaries"]):
        search_page = [scenarios_web.PAGES["search page"]]
        profiled = task(sqlite, "profile_pages", paths=search_page, repeat=1)
        points[-1]["profile"] = profiled["summary"]
    results = [
        scenarios_search.search_result(points, sizes),
        scenarios_search.rebuild_result(points),
    ]
    for item in results:
        item["failures"] = failures
        if failures:
            item["rows"].append(("backends that failed", "; ".join(failures)))
    return results


def _search_backend(point, label, instance, sizes, failures) -> None:
    log(f"  search on {label} at {point['size']} members ...")
    try:
        rebuilt, summary = scenarios_search.search_backend_measure(instance, label, sizes)
    except Exception as exc:  # one engine failing costs its row, not the others'
        traceback.print_exc()
        failures.append(f"{label} at {point['size']} members: {exc}"[-800:])
        return
    point["rebuilds"].append(rebuilt)
    point["summaries"].append(summary)


def _search_backends(sqlite, work, stack, BenchInstance):
    wanted = os.environ.get("BENCH_SEARCH_BACKENDS", "sqlite,osmem,postgresql").split(",")
    yield "sqlite", sqlite
    if "osmem" in wanted:
        yield from _osmem(sqlite, stack)
    if "postgresql" in wanted:
        yield from _postgresql(sqlite, work, stack, BenchInstance)


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


def _postgresql(sqlite, work, stack, BenchInstance):
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
    yield "postgresql", pg
