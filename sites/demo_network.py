"""Run the demo network: every cluster in ``sites/clusters`` as its own instance.

``python -m sites.demo_network`` (what ``make demo`` runs) prepares each
cluster's own SQLite database under ``var/<slug>/`` (migrate, demo content,
admin user, federation keys and peers), then starts one gunicorn and one task
worker per cluster on 127.0.0.1, ports DEMO_BASE_PORT + demo_port_offset
(8001-8005 by default). Ctrl-C stops them all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sites.cluster import cluster_path, cluster_read, cluster_slugs

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def cluster_port(slug: str, base_port: int) -> int:
    return base_port + cluster_read(path=cluster_path(slug=slug)).data["demo_port_offset"]


def cluster_env(slug: str, base_port: int) -> dict[str, str]:
    port = cluster_port(slug, base_port)
    return {
        **os.environ,
        "CLUSTER": slug,
        "DJANGO_SETTINGS_MODULE": "sites.settings.dev",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DEMO_BASE_PORT": str(base_port),
    }


def manage(slug: str, base_port: int, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=cluster_env(slug, base_port),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"[{slug}] manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def cluster_prepare(slug: str, base_port: int) -> str:
    manage(slug, base_port, "migrate", "--noinput", "-v0")
    return manage(slug, base_port, "demo", "seed").strip()


def network_connect(slugs: list[str], base_port: int) -> None:
    """Give every cluster a key pair and make every other cluster its peer."""
    for slug in slugs:
        manage(slug, base_port, "federation", "keys", "generate", "--if-missing")
    public_keys = {s: manage(s, base_port, "federation", "keys", "show").strip() for s in slugs}
    for slug in slugs:
        for peer in slugs:
            if peer != slug:
                manage(
                    slug,
                    base_port,
                    "federation",
                    "peers",
                    "add",
                    peer,
                    f"http://127.0.0.1:{cluster_port(peer, base_port)}",
                    "--public-key",
                    public_keys[peer],
                )


def processes_start(slugs: list[str], base_port: int) -> list[subprocess.Popen]:
    processes = []
    for slug in slugs:
        logs = ROOT / "var" / slug / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        env = cluster_env(slug, base_port)
        port = cluster_port(slug, base_port)
        web = [
            PYTHON, "-m", "gunicorn", "sites.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2",
            "--access-logfile", str(logs / "access.log"), "--error-logfile", str(logs / "web.log"),
        ]  # fmt: skip
        worker = [PYTHON, "manage.py", "db_worker", "--interval", "0.5"]
        for command, log in ((web, "web-stdout.log"), (worker, "worker.log")):
            with (logs / log).open("ab") as out:
                processes.append(
                    subprocess.Popen(
                        command,
                        cwd=ROOT,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )  # fmt: skip
                )
    return processes


def processes_stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main() -> None:
    base_port = int(os.environ.get("DEMO_BASE_PORT", "8000"))
    slugs = cluster_slugs()
    print(f"Preparing {len(slugs)} clusters: {', '.join(slugs)} ...", flush=True)
    with ThreadPoolExecutor(max_workers=3) as pool:
        for line in pool.map(lambda s: cluster_prepare(s, base_port), slugs):
            print("  " + line.replace("\n", "\n  "), flush=True)
    network_connect(slugs, base_port)
    processes = processes_start(slugs, base_port)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    print("\nThe demo network is running (logs in var/<slug>/logs/):")
    for slug in slugs:
        url = f"http://127.0.0.1:{cluster_port(slug, base_port)}"
        print(f"  {slug:8} {url}/   admin: {url}/admin/")
    print("Press Ctrl-C to stop all of them.", flush=True)
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        print("An instance exited; see var/<slug>/logs/. Stopping the network.")
    except KeyboardInterrupt:
        print("\nStopping ...")
    finally:
        processes_stop(processes)
    print("Stopped.")


if __name__ == "__main__":
    main()
