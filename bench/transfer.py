"""Scenario 2, against the nearest peers: the same news items moved between two
instances of a minimal Wagtail project (bench/transfer_site) by wagtail-transfer and
by a plain Wagtail API v2 pull, next to our own sync of them."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import requests

from sites.instance import PYTHON, ROOT, free_port, port_wait

SETTINGS = "bench.transfer_site.settings"


def _env(db: Path, source_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(DJANGO_SETTINGS_MODULE=SETTINGS, TRANSFER_DB=str(db))
    if source_url:
        env["TRANSFER_SOURCE_URL"] = source_url
    return env


def _django(db: Path, *args: str, source_url: str = "", timeout: float = 3600) -> dict | None:
    out = subprocess.run(
        [PYTHON, "-m", "django", *args],
        cwd=ROOT,
        env=_env(db, source_url),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if out.returncode != 0:
        raise RuntimeError(f"django {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    last = out.stdout.strip().splitlines()[-1:] or [""]
    return json.loads(last[0]) if last[0].startswith("{") else None


def transfer_measure(*, count: int, work: Path) -> dict:
    """{"wagtail-transfer": {...}, "api v2 pull": {...}}: items and seconds of each."""
    work.mkdir(parents=True, exist_ok=True)
    template = work / "template.sqlite3"
    _django(template, "migrate", "--noinput", "-v0")
    source, destination = work / "source.sqlite3", work / "destination.sqlite3"
    shutil.copyfile(template, source)
    shutil.copyfile(template, destination)
    created = _django(source, "transfer_bench", "create", "--count", str(count))
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "bench.transfer_site.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"],
        cwd=ROOT, env=_env(source), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    results = {}
    try:
        port_wait(port, process=server)
        url = f"http://127.0.0.1:{port}/"
        for _ in range(4):  # warm-up: both workers' imports and first queries
            requests.get(f"{url}api/v2/pages/?limit=1", timeout=60)
        try:
            if importlib.util.find_spec("wagtail_transfer") is None:
                raise RuntimeError("wagtail-transfer is not installed: pip install -e '.[bench]'")
            results["wagtail-transfer"] = _django(
                destination, "transfer_bench", "import",
                "--source-page", str(created["index"]), source_url=url,
            )  # fmt: skip
        except RuntimeError as exc:
            results["wagtail-transfer"] = {"error": str(exc)[-1500:]}
        results["api v2 pull"] = _django(
            destination, "transfer_bench", "pull", "--api-url", f"{url}api/v2/"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return results


def nearest_result(*, ours: dict, count: int, work: Path) -> dict:
    ours_rate = ours["items_per_s"]
    rates = {"clusterweb sync": ours_rate}
    rows = [("clusterweb sync items/s", ours_rate)]
    others = transfer_measure(count=count, work=work)
    multiples = {}
    for name, measured in others.items():
        if "error" in measured:
            rows.append((name, f"did not run: {measured['error'][-300:]}"))
            continue
        other_rate = measured["items"] / measured["seconds"] if measured["seconds"] else 0.0
        rates[name] = other_rate
        multiples[name] = ours_rate / other_rate if other_rate else None
        rows.append((f"{name} items/s", other_rate))
        rows.append((f"our rate as a multiple of {name}", multiples[name]))
    return {
        "id": "nearest",
        "title": f"{count} news items between two instances, against the nearest peers",
        "baseline": "wagtail-transfer 0.11 (its import view's code path: one page tree and "
        "its missing objects) and a plain Wagtail API v2 pull (listing pages of 20, each "
        "stored with one bulk insert), between two instances of a minimal Wagtail project, "
        "in the same run",
        "goal": "report our rate as a multiple of each; met when it is at least 1 for both "
        "(reference: wagtail-transfer 0.11 moved about 39 items/s on this kind of machine)",
        "met": bool(multiples) and all(m is not None and m >= 1 for m in multiples.values()),
        "metrics": {"ours": ours, "others": others, "rates": rates, "multiples": multiples},
        "rows": rows,
    }
