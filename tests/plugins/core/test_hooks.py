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


def test_register_header_items_puts_the_search_box_in_every_header(client, home_pages):
    html = client.get("/pl/").text
    assert 'role="search"' in html and 'action="/pl/search/"' in html


def test_a_cluster_without_search_has_no_search_box(tmp_path):
    from tests.support.processes import cluster_file_write, manage_run

    cluster = cluster_file_write(tmp_path / "c.toml", plugins=["news"])
    script = (
        "from django.template import Context, Template;"
        "from django.test import RequestFactory;"
        "request = RequestFactory().get('/', HTTP_HOST='localhost');"
        "tag = Template('{% load cluster_tags %}{% header_items %}');"
        "html = tag.render(Context({'request': request}));"
        "print('role=\"search\"' in html)"
    )
    result = manage_run(cluster, tmp_path / "var", "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
    # The same tag with the search plugin enabled does render the box.
    cluster = cluster_file_write(tmp_path / "s.toml", plugins=["news", "search"])
    result = manage_run(cluster, tmp_path / "var", "shell", "-c", script)
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr
