"""The machine a run measured: cores, memory, CPU model, load, and software versions."""

from __future__ import annotations

import os
import platform
import re
import sqlite3
import subprocess
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _postgres_version() -> str:
    from tests.support.with_postgres import PG_BIN

    try:
        out = subprocess.run(
            [str(PG_BIN / "postgres"), "--version"], capture_output=True, text=True, timeout=10
        )
        found = re.search(r"\d+\.\d+", out.stdout)
        return found.group(0) if found else "unknown"
    except OSError:
        return "not installed"


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine_describe() -> dict:
    return {
        "nproc": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "django": _version("django"),
        "wagtail": _version("wagtail"),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _postgres_version(),
        "osmem_server": _version("osmem-server"),
        "wrk": _wrk_version(),
        "load_average_at_start": load_average(),
    }


def _wrk_version() -> str:
    try:
        out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10)
    except OSError:
        return "not installed"
    text = (out.stdout + out.stderr).strip().splitlines()
    return text[0].split(" [")[0] if text else "unknown"
