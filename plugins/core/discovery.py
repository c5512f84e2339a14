"""Choosing the plugin apps of a cluster before Django starts (called from settings).

A plugin that cannot be imported, or whose required plugins are not enabled, is
left out of INSTALLED_APPS and reported as a problem, so that ``manage.py check``
can say what is wrong instead of crashing while loading models.
"""

from __future__ import annotations

import importlib
import inspect

from sites.cluster import ClusterProblem, plugin_app_name


def plugin_config_class(app: str):
    """The PluginConfig subclass declared in ``<app>.apps``, or None."""
    from .plugin import PluginConfig

    try:
        module = importlib.import_module(f"{app}.apps")
    except ImportError:
        return None
    classes = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, PluginConfig) and obj is not PluginConfig
    ]
    return classes[0] if classes else None


def plugin_apps_resolve(*, names: list[str], cluster_file: str) -> tuple[list, list]:
    """(app names to install, problems) for the plugin names of a cluster file."""
    found, problems = {}, []
    for name in names:
        app = plugin_app_name(str(name))
        try:
            importable = importlib.util.find_spec(app) is not None
        except (ImportError, ValueError):
            importable = False
        if not importable:
            problems.append(
                ClusterProblem(
                    "plugins.E001",
                    f"Plugin {name!r} is enabled in {cluster_file} but {app} cannot be imported.",
                    "Check the plugin name, or install the package that provides it.",
                )
            )
            continue
        config = plugin_config_class(app)
        found[app] = config.label if config else app.rsplit(".", 1)[-1]
    return _drop_unmet_requirements(found, problems, cluster_file)


def _drop_unmet_requirements(found: dict, problems: list, cluster_file: str):
    # Dropping one plugin can leave another without its requirement: repeat until stable.
    changed = True
    while changed:
        changed = False
        labels = set(found.values())
        for app in list(found):
            config = plugin_config_class(app)
            missing = [r for r in getattr(config, "requires", ()) if r not in labels]
            if missing:
                del found[app]
                changed = True
                problems.append(
                    ClusterProblem(
                        "plugins.E003",
                        f"Plugin '{app}' requires plugin(s) "
                        f"{', '.join(missing)}, not enabled in {cluster_file}.",
                        f"Add {', '.join(repr(m) for m in missing)} to 'plugins' in the "
                        "cluster file.",
                    )
                )
    return list(found), problems
