"""Reading the demo content files in ``sites/demo_content/<slug>/<name>.toml``."""

from __future__ import annotations

import tomllib
from pathlib import Path

DEMO_CONTENT_DIR = Path(__file__).resolve().parent.parent / "demo_content"


def demo_content_read(*, cluster_slug: str, name: str) -> dict:
    """The parsed file, or an empty dict when the cluster has no such file."""
    path = DEMO_CONTENT_DIR / cluster_slug / f"{name}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)
