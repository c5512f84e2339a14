"""Loading directory.toml: pages and members in both languages, idempotently."""

import datetime
import textwrap

import pytest
from django.conf import settings as django_settings

from plugins.directory import wagtail_hooks
from plugins.directory.models import DirectoryPage, Member
from plugins.directory.services import DirectorySeedError, directory_seed

pytestmark = pytest.mark.django_db

SEED = textwrap.dedent(
    """
    [page.pl]
    title = "Członkowie"
    slug = "czlonkowie"
    intro = "Organizacje klastra."
    [page.en]
    title = "Members"
    slug = "members"
    intro = "The cluster's organisations."

    [[member]]
    key = "umcs"
    kind = "university"
    sectors = ["biotechnology", "pharmacy"]
    role = "founder"
    city = "Lublin"
    country = "PL"
    website = "https://www.umcs.pl/"
    member_since = 2015-06-26
    [member.pl]
    name = "Uniwersytet Marii Curie-Skłodowskiej w Lublinie"
    description = "Uczelnia publiczna."
    [member.en]
    name = "Maria Curie-Skłodowska University in Lublin"
    description = "A public university."

    [[member]]
    key = "biocon-valley"
    kind = "network"
    sectors = []
    role = "partner"
    [member.pl]
    name = "BioCon Valley"
    description = "Sieć."
    """
)


@pytest.fixture
def seed_file(tmp_path):
    path = tmp_path / "directory.toml"
    path.write_text(SEED, encoding="utf-8")
    return path


def test_seed_creates_pages_and_translated_members(home_pages, seed_file):
    result = directory_seed(path=seed_file, home_pages=home_pages, local_language="pl")
    pl_page, en_page = result["pages"]["pl"], result["pages"]["en"]
    assert (pl_page.title, pl_page.slug, pl_page.live) == ("Członkowie", "czlonkowie", True)
    assert (en_page.title, en_page.slug, en_page.intro) == (
        "Members",
        "members",
        "The cluster's organisations.",
    )
    assert en_page.translation_key == pl_page.translation_key
    umcs_pl = Member.objects.get(locale=home_pages["pl"].locale, slug="umcs")
    umcs_en = Member.objects.get(locale=home_pages["en"].locale, slug="umcs")
    assert umcs_en.translation_key == umcs_pl.translation_key
    assert umcs_en.name == "Maria Curie-Skłodowska University in Lublin"
    assert umcs_en.description == "A public university."
    assert umcs_pl.member_since == datetime.date(2015, 6, 26)
    assert sorted(umcs_en.sectors.values_list("slug", flat=True)) == ["biotechnology", "pharmacy"]
    # No English texts: the proper name is kept, the Polish description is not shown.
    biocon_en = Member.objects.get(locale=home_pages["en"].locale, slug="biocon-valley")
    assert (biocon_en.name, biocon_en.description, biocon_en.country) == ("BioCon Valley", "", "")


def test_seed_is_idempotent(home_pages, seed_file):
    directory_seed(path=seed_file, home_pages=home_pages, local_language="pl")
    keys = set(Member.objects.values_list("pk", "translation_key"))
    directory_seed(path=seed_file, home_pages=home_pages, local_language="pl")
    assert set(Member.objects.values_list("pk", "translation_key")) == keys
    assert Member.objects.count() == 4
    assert DirectoryPage.objects.count() == 2


def test_seeded_directory_is_served(client, home_pages, seed_file):
    directory_seed(path=seed_file, home_pages=home_pages, local_language="pl")
    assert "Uniwersytet Marii" in client.get("/pl/czlonkowie/").content.decode()
    assert client.get("/en/members/umcs/").status_code == 200


def test_bad_seed_entry_names_the_member_and_leaves_no_half_member(home_pages, tmp_path):
    path = tmp_path / "directory.toml"
    path.write_text(SEED.replace('country = "PL"', 'country = "Polska"', 1), encoding="utf-8")
    with pytest.raises(DirectorySeedError, match="umcs"):
        directory_seed(path=path, home_pages=home_pages, local_language="pl")
    assert not Member.objects.filter(slug="umcs").exists()


def test_hook_reads_the_cluster_file_and_skips_a_missing_one(
    home_pages, seed_file, settings, tmp_path
):
    settings.BASE_DIR = tmp_path
    cluster = {"slug": "testland", "language": "pl"}
    wagtail_hooks.seed_demo_content(cluster=cluster, home_pages=home_pages)
    assert not Member.objects.exists()
    target = tmp_path / "sites" / "demo_content" / "testland"
    target.mkdir(parents=True)
    seed_file.rename(target / "directory.toml")
    wagtail_hooks.seed_demo_content(cluster=cluster, home_pages=home_pages)
    assert Member.objects.filter(slug="umcs").count() == 2


def test_every_shipped_demo_directory_loads(home_pages, tmp_path):
    """The real seed files fit the model (kinds, roles, sectors, optional fields)."""
    demo_dir = django_settings.BASE_DIR / "sites" / "demo_content"
    files = sorted(demo_dir.glob("*/directory.toml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        language = next(code for code in ("tr", "bg", "pl", "de") if f"[page.{code}]" in text)
        # Load it as if it were in the test cluster's language so pl+en pages suffice.
        local = tmp_path / f"{path.parent.name}.toml"
        local.write_text(text.replace(f".{language}]", ".pl]"), encoding="utf-8")
        result = directory_seed(path=local, home_pages=home_pages, local_language="pl")
        assert result["members"], path
        Member.objects.all().delete()
        DirectoryPage.objects.all().delete()
