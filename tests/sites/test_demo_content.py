"""The demo content data files (sites/demo_content/<slug>/*.toml) are complete and consistent.

Each cluster's seeding hooks read these files, so a missing language, a duplicate key or a
dangling reference would only show up as a half-seeded demo site; catch it here instead.
"""

import datetime
import re
import tomllib
from pathlib import Path

import pytest

from sites.cluster import cluster_path, cluster_read

DEMO_DIR = Path(__file__).resolve().parents[2] / "sites" / "demo_content"
FILES = ("pages", "news", "directory", "projects")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KINDS = {
    "company",
    "university",
    "research-institute",
    "public-authority",
    "agency",
    "association",
    "law-firm",
    "investor",
    "hospital",
    "technology-park",
    "network",
    "funding-programme",
    "other",
}
ROLES = {"founder", "member", "partner", "funder", "supporter"}
SECTORS = {
    "biotechnology",
    "pharmacy",
    "medtech",
    "digital-health",
    "bioeconomy",
    "cosmetology",
    "bioinformatics",
    "environmental-protection",
    "biomedicine",
    "precision-medicine",
    "diagnostics",
}


def demo_slugs():
    if not DEMO_DIR.is_dir():
        return []
    return sorted(p.name for p in DEMO_DIR.iterdir() if p.is_dir())


def load(slug, name):
    with (DEMO_DIR / slug / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def languages(slug):
    cluster = cluster_read(path=cluster_path(slug=slug))
    assert cluster.problems == [], f"{slug}: demo content without a valid cluster file"
    return cluster.languages


def assert_translated(entry, langs, fields, where):
    """``entry`` has a table per language, each with every field non-empty."""
    for lang in langs:
        assert lang in entry, f"{where}: no '{lang}' translation"
        for name in fields:
            value = entry[lang].get(name)
            assert value, f"{where}.{lang}: '{name}' missing or empty"
            if isinstance(value, list):
                assert all(isinstance(v, str) and v.strip() for v in value), (
                    f"{where}.{lang}.{name}"
                )
        if "slug" in entry[lang]:
            assert SLUG_RE.match(entry[lang]["slug"]), f"{where}.{lang}: slug not ASCII lowercase"


def assert_unique_keys(entries, where):
    keys = [e["key"] for e in entries]
    assert all(SLUG_RE.match(k) for k in keys), f"{where}: keys must be ASCII slugs: {keys}"
    assert len(keys) == len(set(keys)), f"{where}: duplicate keys in {keys}"
    return set(keys)


def test_demo_content_exists_for_some_shipped_cluster():
    assert demo_slugs(), "sites/demo_content has no cluster folder"


@pytest.mark.parametrize("slug", demo_slugs())
def test_every_demo_folder_has_all_files_and_parses(slug):
    for name in FILES:
        assert (DEMO_DIR / slug / f"{name}.toml").is_file(), f"{slug}: {name}.toml missing"
        load(slug, name)


@pytest.mark.parametrize("slug", demo_slugs())
def test_pages_are_in_both_languages(slug):
    langs = languages(slug)
    pages = load(slug, "pages")
    assert_translated(pages["home"], langs, ("title", "intro"), f"{slug}/pages.home")
    assert_translated(pages["about"], langs, ("title", "slug", "intro", "body"), f"{slug}/about")


@pytest.mark.parametrize("slug", demo_slugs())
def test_news_items_are_translated_dated_and_tagged_with_known_topics(slug):
    langs = languages(slug)
    news = load(slug, "news")
    topics = news.get("topics", {})
    assert topics, f"{slug}/news: no topics"
    for topic_slug, names in topics.items():
        assert SLUG_RE.match(topic_slug), f"{slug}/news: topic slug {topic_slug!r}"
        for lang in langs:
            assert names.get(lang), f"{slug}/news.topics.{topic_slug}: no '{lang}' name"
    assert_translated(news["index"], langs, ("title", "slug", "intro"), f"{slug}/news.index")
    items = news.get("item", [])
    assert len(items) >= 4, f"{slug}/news: {len(items)} items, at least 4 expected"
    assert_unique_keys(items, f"{slug}/news")
    for item in items:
        where = f"{slug}/news.{item['key']}"
        assert isinstance(item.get("date"), datetime.date), f"{where}: date must be a TOML date"
        assert set(item.get("topics", [])) <= set(topics), f"{where}: unknown topic"
        assert_translated(item, langs, ("title", "summary", "body"), where)


@pytest.mark.parametrize("slug", demo_slugs())
def test_directory_members_are_translated_and_use_known_vocabularies(slug):
    langs = languages(slug)
    directory = load(slug, "directory")
    assert_translated(directory["page"], langs, ("title", "slug", "intro"), f"{slug}/dir.page")
    members = directory.get("member", [])
    assert members, f"{slug}/directory: no members"
    assert_unique_keys(members, f"{slug}/directory")
    for member in members:
        where = f"{slug}/directory.{member['key']}"
        assert member.get("kind") in KINDS, f"{where}: kind {member.get('kind')!r}"
        assert member.get("role") in ROLES, f"{where}: role {member.get('role')!r}"
        assert set(member.get("sectors", [])) <= SECTORS, f"{where}: unknown sector"
        if "country" in member:
            assert re.match(r"^[A-Z]{2}$", member["country"]), f"{where}: country"
        if "member_since" in member:
            assert isinstance(member["member_since"], datetime.date), f"{where}: member_since"
        assert_translated(member, langs, ("name", "description"), where)


@pytest.mark.parametrize("slug", demo_slugs())
def test_projects_are_translated_and_refer_to_existing_members(slug):
    langs = languages(slug)
    projects = load(slug, "projects")
    member_keys = {m["key"] for m in load(slug, "directory").get("member", [])}
    assert_translated(projects["index"], langs, ("title", "slug", "intro"), f"{slug}/proj.index")
    entries = projects.get("project", [])
    assert_unique_keys(entries, f"{slug}/projects")
    for project in entries:
        where = f"{slug}/projects.{project['key']}"
        for field in ("funders", "partners"):
            unknown = set(project.get(field, [])) - member_keys
            assert not unknown, f"{where}: {field} not in directory.toml: {sorted(unknown)}"
        for field in ("start", "end"):
            if field in project:
                assert isinstance(project[field], datetime.date), f"{where}: {field}"
        if "start" in project and "end" in project:
            assert project["start"] <= project["end"], f"{where}: ends before it starts"
        assert_translated(project, langs, ("title", "summary"), where)
