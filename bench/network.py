"""Instances for the benchmarks: a migrated template database copied for each one,
content generated in bulk, peers connected; all on 127.0.0.1, all under one work dir."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from sites.instance import ROOT, Instance, free_port

SETTINGS = "bench.settings"
HUB_FILE = ROOT / "bench" / "clusters" / "hub.toml"
TEMPLATE_SLUG = "template"


@dataclass
class BenchInstance(Instance):
    """An instance with extra environment (DATABASE_URL, ELASTICSEARCH_URL, ...)."""

    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        return {**super().env(), **self.extra_env}

    def with_env(self, **extra) -> BenchInstance:
        """The same instance (same database) run with more environment."""
        return replace(self, extra_env={**self.extra_env, **extra}, processes={})


def task(instance: Instance, name: str, timeout: float = 3600, **kwargs):
    """Run bench.tasks ``name`` inside ``instance``; its JSON result."""
    out = instance.manage("bench_task", name, "--kwargs", json.dumps(kwargs), timeout=timeout)
    return json.loads(out.strip().splitlines()[-1])


def template_migrate(work: Path) -> Path:
    """One migrated SQLite database (as the hub), copied for every instance: migrating
    takes a minute per instance; ``prepare`` turns a copy into its cluster's."""
    template = BenchInstance(
        slug="hub", port=0, var_dir=work / TEMPLATE_SLUG, cluster_file=HUB_FILE, settings=SETTINGS
    )
    template.manage("migrate", "--noinput", "-v0", timeout=1800)
    return template.var_dir / "hub" / "db.sqlite3"


def instance_new(slug: str, work: Path, template: Path | None, **kwargs) -> BenchInstance:
    cluster_file = HUB_FILE if slug == "hub" else None
    instance = BenchInstance(
        slug=slug,
        port=free_port(),
        var_dir=work,
        cluster_file=cluster_file,
        settings=SETTINGS,
        **kwargs,
    )
    if template is not None:
        target = work / slug / "db.sqlite3"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, target)
    return instance


def instances_prepare(specs: list[tuple[Instance, dict]]) -> dict[str, dict]:
    """``prepare`` each instance with its content counts, two at a time (two cores)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda item: task(item[0], "prepare", **item[1]), specs)
        return {instance.slug: result for (instance, _), result in zip(specs, results, strict=True)}


def peers_connect(consumer: Instance, producers: list[Instance], keys: dict[str, str]) -> None:
    """``consumer`` pulls from every producer; each producer notifies the consumer."""
    task(
        consumer,
        "peers_set",
        peers=[{"slug": p.slug, "url": p.url, "public_key": keys[p.slug]} for p in producers],
    )
    peer = [{"slug": consumer.slug, "url": consumer.url, "public_key": keys[consumer.slug]}]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda p: task(p, "peers_set", peers=peer), producers))
