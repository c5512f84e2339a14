"""Running manage.py as a separate process for a given cluster file (tests only)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cluster_file_write(path: Path, *, slug: str = "sample", language: str = "pl", plugins=()):
    names = {language: f"Klaster {slug}", "en": f"Cluster {slug}"}
    path.write_text(
        f'slug = "{slug}"\nlanguage = "{language}"\ntheme = "base"\n'
        f"plugins = {list(plugins)!r}\n".replace("'", '"')
        + "[name]\n"
        + "".join(f'{code} = "{name}"\n' for code, name in names.items())
    )
    return path


def manage_run(cluster_file: Path, var_dir: Path, *args: str, settings="sites.settings.dev"):
    """Run ``manage.py ARGS`` as the cluster in ``cluster_file``; return the CompletedProcess."""
    env = {
        **os.environ,
        "CLUSTER_FILE": str(cluster_file),
        "VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": settings,
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
