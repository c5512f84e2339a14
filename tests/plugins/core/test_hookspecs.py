"""Every hook is declared once with a docstring, documented, implemented and tested."""

import inspect
import re
from pathlib import Path

import pytest
from wagtail import hooks

from plugins.core.hooks import UnknownHookError, hook_call, hook_signature_mismatches
from plugins.core.hookspecs import HOOKSPECS

ROOT = Path(__file__).resolve().parents[3]
DOCUMENTED = set(re.findall(r"^## (\w+)$", (ROOT / "docs" / "hooks.md").read_text(), re.M))
TEST_SOURCES = {
    path: path.read_text()
    for path in (ROOT / "tests").rglob("test_*.py")
    if path.resolve() != Path(__file__).resolve()
}


@pytest.mark.parametrize("name", sorted(HOOKSPECS))
def test_hook_is_declared_documented_implemented_and_tested(name):
    spec = HOOKSPECS[name]
    assert spec.doc, f"{name} has no docstring in hookspecs.py"
    assert all(
        p.kind == inspect.Parameter.KEYWORD_ONLY for p in spec.signature.parameters.values()
    ), f"{name} must take keyword-only arguments"
    assert name in DOCUMENTED, f"docs/hooks.md has no '## {name}' section"
    assert hooks.get_hooks(name), f"nothing implements {name}"
    assert any(name in source for source in TEST_SOURCES.values()), f"no test mentions {name}"


def test_every_documented_hook_is_declared():
    assert set(HOOKSPECS) >= DOCUMENTED


def test_implementations_match_their_declared_signatures():
    assert hook_signature_mismatches() == []


def test_undeclared_hooks_cannot_be_called():
    with pytest.raises(UnknownHookError):
        hook_call("register_something_nobody_declared")
