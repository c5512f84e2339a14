"""The hooks the search adds are declared, documented and implemented."""

from pathlib import Path

import pytest
from wagtail import hooks

from plugins.core.hooks import hook_signature_mismatches
from plugins.core.hookspecs import HOOKSPECS

SEARCH_HOOKS = ("register_search_documents", "federation_page_applied", "register_openapi_paths")
DOCS = Path(__file__).resolve().parents[3] / "docs" / "hooks.md"


@pytest.mark.parametrize("name", SEARCH_HOOKS)
def test_declared_documented_and_implemented(name):
    assert name in HOOKSPECS and HOOKSPECS[name].doc
    assert f"## {name}" in DOCS.read_text(encoding="utf-8")
    assert hooks.get_hooks(name)


def test_every_content_source_contributes_documents():
    modules = {fn.__module__ for fn in hooks.get_hooks("register_search_documents")}
    assert {
        "plugins.news.wagtail_hooks",
        "plugins.directory.wagtail_hooks",
        "plugins.projects.wagtail_hooks",
        "federation.wagtail_hooks",
    } <= modules


def test_implementations_accept_the_declared_arguments():
    assert [m for m in hook_signature_mismatches() if m[0] in SEARCH_HOOKS] == []
