"""A test-only plugin: proves a new plugin plugs in with no change to platform code."""

from plugins.core.plugin import PluginConfig


class DummyConfig(PluginConfig):
    name = "tests.dummy_plugin"
    label = "dummy"
    verbose_name = "Dummy"
    default_options = {"greeting": "hello"}
