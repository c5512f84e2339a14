"""Enabling a plugin in a cluster file changes that cluster only (separate processes)."""

import json

import pytest

from tests.support.processes import cluster_file_write, manage_run

PROBE = """
import json
from django.test import Client
from wagtail.models import get_page_models
print(json.dumps({
    "page_types": sorted(m._meta.label for m in get_page_models()),
    "dummy_url": Client().get("/en/dummy/", HTTP_HOST="localhost").status_code,
}))
"""


def probe(tmp_path, name, plugins):
    cluster = cluster_file_write(tmp_path / f"{name}.toml", slug=name, plugins=plugins)
    var = tmp_path / "var"
    migrated = manage_run(cluster, var, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    result = manage_run(cluster, var, "shell", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.instances
def test_dummy_plugin_adds_its_pages_to_one_cluster_only(tmp_path):
    with_dummy = probe(tmp_path, "alpha", ["tests.dummy_plugin"])
    without = probe(tmp_path, "beta", [])
    assert "dummy.DummyPage" in with_dummy["page_types"]
    assert with_dummy["dummy_url"] == 200
    assert "dummy.DummyPage" not in without["page_types"]
    assert without["dummy_url"] == 404


@pytest.mark.parametrize(
    ("plugins", "error_id"),
    [
        (["no_such_plugin"], "plugins.E001"),
        (["projects"], "plugins.E003"),
    ],
)
def test_bad_plugin_lists_fail_the_system_check(tmp_path, plugins, error_id):
    cluster = cluster_file_write(tmp_path / "c.toml", plugins=plugins)
    result = manage_run(cluster, tmp_path / "var", "check")
    assert result.returncode != 0
    assert error_id in result.stderr
    assert "HINT" in result.stderr


def test_unknown_plugin_option_fails_the_system_check(tmp_path):
    cluster = cluster_file_write(tmp_path / "c.toml", plugins=["tests.dummy_plugin"])
    cluster.write_text(cluster.read_text() + "[plugin_options.dummy]\ncolour = 'red'\n")
    result = manage_run(cluster, tmp_path / "var", "check")
    assert result.returncode != 0
    assert "plugins.E004" in result.stderr


def test_invalid_cluster_file_fails_the_system_check(tmp_path):
    cluster = cluster_file_write(tmp_path / "c.toml", language="polish")
    result = manage_run(cluster, tmp_path / "var", "check")
    assert result.returncode != 0
    assert "sites.E005" in result.stderr


def test_plugin_options_overlay_defaults(tmp_path):
    cluster = cluster_file_write(tmp_path / "c.toml", plugins=["tests.dummy_plugin"])
    cluster.write_text(cluster.read_text() + "[plugin_options.dummy]\ngreeting = 'dzień dobry'\n")
    script = "from django.apps import apps; print(apps.get_app_config('dummy').options)"
    result = manage_run(cluster, tmp_path / "var", "shell", "-c", script)
    assert "dzień dobry" in result.stdout
