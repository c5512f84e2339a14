"""The platform's own features use the same hooks as any plugin."""

from django.urls import resolve
from django.utils import translation

from federation.registry import shared_types
from plugins.core.hooks import hook_call_flat


def test_register_root_urls_mounts_machine_interfaces_outside_the_language_prefix():
    patterns = [str(p.pattern) for p in hook_call_flat("register_root_urls")]
    assert "federation/v1/" in patterns
    assert resolve("/federation/v1/changes").url_name == "changes"


def test_register_site_urls_mounts_views_under_each_language():
    names = {getattr(p, "name", None) for p in hook_call_flat("register_site_urls")}
    assert "mirror_detail" in names
    for language in ("pl", "en"):
        with translation.override(language):
            assert resolve(f"/{language}/feeds/news.rss").url_name == "news_feed"


def test_register_shared_types_declares_what_each_plugin_shares():
    types = shared_types()
    assert types["news.article"].model_label == "news.NewsPage"
    assert types["directory.member"].model_label == "directory.Member"
