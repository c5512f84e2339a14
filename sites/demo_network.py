"""Run the demo network: every cluster in ``sites/clusters`` as its own instance.

``python -m sites.demo_network`` (what ``make demo`` runs) prepares each
cluster's own SQLite database under ``var/<slug>/`` (migrate, demo content,
admin user, federation keys and peers), then starts a gunicorn, a task worker
and a periodic pull per cluster on 127.0.0.1, ports DEMO_BASE_PORT +
demo_port_offset (8001-8005 by default). Ctrl-C stops them all.
"""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sites.cluster import cluster_path, cluster_read, cluster_slugs
from sites.instance import ROOT, Instance, InstanceError, network_connect

PULL_INTERVAL_SECONDS = 60


def network_instances(base_port: int, var_dir: Path) -> list[Instance]:
    return [
        Instance(
            slug=slug,
            port=base_port + cluster_read(path=cluster_path(slug=slug)).data["demo_port_offset"],
            var_dir=var_dir,
        )
        for slug in cluster_slugs()
    ]


def instance_prepare(instance: Instance) -> str:
    instance.manage("migrate", "--noinput", "-v0")
    return instance.manage("demo", "seed").strip()


def main() -> None:
    base_port = int(os.environ.get("DEMO_BASE_PORT", "8000"))
    instances = network_instances(base_port, Path(os.environ.get("VAR_DIR", ROOT / "var")))
    print(f"Preparing {len(instances)} clusters: {', '.join(i.slug for i in instances)} ...")
    with ThreadPoolExecutor(max_workers=3) as pool:
        for line in pool.map(instance_prepare, instances):
            print("  " + line, flush=True)
    names = {
        i.slug: cluster_read(path=cluster_path(slug=i.slug)).data["name"]["en"] for i in instances
    }
    network_connect(instances, names)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGINT, _raise_interrupt)  # also when started in the background
    try:
        for instance in instances:
            instance.start(worker=True, pull_interval=PULL_INTERVAL_SECONDS)
        _announce(instances)
        while all(i.alive() for i in instances):
            time.sleep(0.5)
        print("An instance exited; see var/<slug>/logs/. Stopping the network.")
    except InstanceError as exc:
        print(f"Could not start the network: {exc}")
    except KeyboardInterrupt:
        print("\nStopping ...")
    finally:
        for instance in instances:
            instance.stop()
    print("Stopped.")


def _raise_interrupt(*_):
    raise KeyboardInterrupt


def _announce(instances: list[Instance]) -> None:
    print("\nThe demo network is running (logs in var/<slug>/logs/):")
    for instance in instances:
        print(f"  {instance.slug:8} {instance.url}/   admin: {instance.url}/admin/")
    print("Press Ctrl-C to stop all of them.", flush=True)


if __name__ == "__main__":
    main()
