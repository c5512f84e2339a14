"""Cluster data files: reading and validating them.

Pure Python (no Django imports): the settings modules call ``cluster_read`` before
Django is configured, and the ``sites`` system checks call ``cluster_validate``
to turn bad data into ``manage.py check`` errors with stable ids.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CLUSTERS_DIR = Path(__file__).resolve().parent / "clusters"
SLUG_RE = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
PLUGIN_RE = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")
REQUIRED_KEYS = ("slug", "language", "theme", "name", "plugins")
# The network's shared language: every cluster publishes in its own and in this one.
NETWORK_LANGUAGE = "en"


@dataclass(frozen=True)
class ClusterProblem:
    """One thing wrong with a cluster file; ``id`` is a stable system-check id."""

    id: str
    msg: str
    hint: str


@dataclass
class ClusterData:
    """The raw cluster dict plus the problems met while reading it."""

    path: Path
    data: dict = field(default_factory=dict)
    problems: list[ClusterProblem] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return str(self.data.get("slug", ""))

    @property
    def language(self) -> str:
        return str(self.data.get("language", NETWORK_LANGUAGE))

    @property
    def languages(self) -> list[str]:
        """The cluster's languages, its own first, English always present."""
        return list(dict.fromkeys([self.language, NETWORK_LANGUAGE]))


def cluster_path(*, slug: str) -> Path:
    return CLUSTERS_DIR / f"{slug}.toml"


def cluster_slugs() -> list[str]:
    """The slugs of the cluster files shipped in ``sites/clusters``, in demo-port order."""
    found = []
    for path in CLUSTERS_DIR.glob("*.toml"):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        found.append((data.get("demo_port_offset", 0), path.stem))
    return [slug for _, slug in sorted(found)]


def cluster_read(*, path: Path) -> ClusterData:
    """Read a cluster file. Never raises for bad content: problems are collected."""
    cluster = ClusterData(path=path)
    try:
        with path.open("rb") as fh:
            cluster.data = tomllib.load(fh)
    except FileNotFoundError:
        cluster.problems.append(
            ClusterProblem(
                "sites.E001",
                f"Cluster file {path} does not exist.",
                "Set CLUSTER to the slug of a file in sites/clusters/, or CLUSTER_FILE to a path.",
            )
        )
        return cluster
    except tomllib.TOMLDecodeError as exc:
        cluster.problems.append(
            ClusterProblem(
                "sites.E002",
                f"Cluster file {path} is not valid TOML: {exc}.",
                "Fix the syntax; see sites/clusters/*.toml for examples.",
            )
        )
        return cluster
    cluster.problems.extend(cluster_validate(data=cluster.data))
    return cluster


def cluster_validate(*, data: dict) -> list[ClusterProblem]:
    """Return every problem in a parsed cluster dict (empty when it is valid)."""
    problems = [
        ClusterProblem(
            "sites.E003",
            f"Cluster file has no '{key}'.",
            f"Add '{key}' to the cluster file.",
        )
        for key in REQUIRED_KEYS
        if key not in data
    ]
    if problems:
        return problems
    problems += _validate_identity(data)
    problems += _validate_names(data)
    problems += _validate_plugins(data)
    problems += _validate_contact(data)
    return problems


def _validate_identity(data: dict) -> list[ClusterProblem]:
    problems = []
    if not isinstance(data["slug"], str) or not SLUG_RE.match(data["slug"]):
        problems.append(
            ClusterProblem(
                "sites.E004",
                f"Cluster slug {data['slug']!r} is not a valid slug.",
                "Use 2-40 lowercase letters, digits, '-' or '_', starting with a letter.",
            )
        )
    if not isinstance(data["language"], str) or not LANGUAGE_RE.match(data["language"]):
        problems.append(
            ClusterProblem(
                "sites.E005",
                f"Cluster language {data['language']!r} is not a two-letter language code.",
                "Use an ISO 639-1 code such as 'tr', 'bg', 'pl' or 'de'.",
            )
        )
    port = data.get("demo_port_offset", 0)
    if not isinstance(port, int) or not 0 <= port < 1000:
        problems.append(
            ClusterProblem(
                "sites.E006",
                f"demo_port_offset {port!r} is not a whole number from 0 to 999.",
                "The demo serves the cluster on DEMO_BASE_PORT + demo_port_offset.",
            )
        )
    return problems


def _validate_names(data: dict) -> list[ClusterProblem]:
    languages = {data["language"], NETWORK_LANGUAGE}
    problems = []
    for key in ("name", "short_name"):
        names = data.get(key, {})
        if key == "short_name" and not names:
            continue
        missing = sorted(languages - set(names if isinstance(names, dict) else {}))
        if missing:
            problems.append(
                ClusterProblem(
                    "sites.E007",
                    f"Cluster '{key}' lacks the language(s) {', '.join(missing)}.",
                    f"Give '{key}' as a table with one entry per language: "
                    f"{', '.join(sorted(languages))}.",
                )
            )
    return problems


def _validate_plugins(data: dict) -> list[ClusterProblem]:
    plugins = data["plugins"]
    if not isinstance(plugins, list) or not all(
        isinstance(p, str) and PLUGIN_RE.match(p) for p in plugins
    ):
        return [
            ClusterProblem(
                "sites.E008",
                f"'plugins' must be a list of plugin names, not {plugins!r}.",
                "Name plugins as in plugins/ (e.g. 'news') or by dotted app path.",
            )
        ]
    if len(set(plugins)) != len(plugins):
        return [
            ClusterProblem(
                "sites.E009",
                "'plugins' names a plugin more than once.",
                "List each plugin once.",
            )
        ]
    return []


def _validate_contact(data: dict) -> list[ClusterProblem]:
    contact = data.get("contact", {})
    country = contact.get("country") if isinstance(contact, dict) else None
    if country is not None and not COUNTRY_RE.match(str(country)):
        return [
            ClusterProblem(
                "sites.E010",
                f"contact.country {country!r} is not an ISO 3166 alpha-2 code.",
                "Use two capital letters, e.g. 'PL'.",
            )
        ]
    return []


def plugin_app_name(name: str) -> str:
    """'news' -> 'plugins.news'; a dotted name is an app path already."""
    return name if "." in name else f"plugins.{name}"
