import pytest

from sites.cluster import cluster_read, cluster_slugs, cluster_validate


def test_shipped_clusters_are_valid_and_in_demo_port_order():
    assert cluster_slugs() == ["izmir", "sofia", "lublin", "kiel", "krakow"]
    for slug in cluster_slugs():
        from sites.cluster import cluster_path

        assert cluster_read(path=cluster_path(slug=slug)).problems == []


@pytest.mark.parametrize(
    ("change", "error_id"),
    [
        ({"slug": "Bad Slug"}, "sites.E004"),
        ({"language": "polish"}, "sites.E005"),
        ({"demo_port_offset": -1}, "sites.E006"),
        ({"name": {"pl": "Tylko po polsku"}}, "sites.E007"),
        ({"plugins": "news"}, "sites.E008"),
        ({"plugins": ["news", "news"]}, "sites.E009"),
        ({"contact": {"country": "Poland"}}, "sites.E010"),
    ],
)
def test_invalid_cluster_data_is_reported_with_a_stable_id(change, error_id):
    data = {
        "slug": "ok",
        "language": "pl",
        "theme": "base",
        "name": {"pl": "Klaster", "en": "Cluster"},
        "plugins": ["news"],
    }
    assert cluster_validate(data=data) == []
    problems = cluster_validate(data={**data, **change})
    assert problems[0].id == error_id
    assert problems[0].hint


def test_missing_key_and_missing_file(tmp_path):
    assert [p.id for p in cluster_validate(data={"slug": "x"})] == ["sites.E003"] * 4
    assert [p.id for p in cluster_read(path=tmp_path / "nope.toml").problems] == ["sites.E001"]
    broken = tmp_path / "broken.toml"
    broken.write_text("slug = ")
    assert [p.id for p in cluster_read(path=broken).problems] == ["sites.E002"]
