"""Translation catalogues: complete, compiled, consistent, and used when rendering.

English is the source language. The project catalogue (themes, sites/, federation/) is
locale/<lang>/LC_MESSAGES/django.po; each plugin has its own under plugins/<name>/locale/.
See themes/README.md, "Updating translations", for how to refresh them.
"""

import re
from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["tr", "bg", "pl", "de"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")
UI_STRING = re.compile(r"gettext|{%\s*(?:translate|trans|blocktranslate|blocktrans)\b")


def _catalogue_roots() -> dict[str, Path]:
    """{"project": <repo>, "news": plugins/news, ...}: every place that has UI strings."""
    roots = {"project": ROOT}
    for plugin in sorted((ROOT / "plugins").iterdir()):
        sources = [*plugin.rglob("*.py"), *plugin.rglob("*.html"), *plugin.rglob("*.txt")]
        if any(UI_STRING.search(path.read_text(encoding="utf-8")) for path in sources):
            roots[plugin.name] = plugin
    return roots


ROOTS = _catalogue_roots()
CATALOGUES = [
    pytest.param(name, language, id=f"{name}-{language}")
    for name in ROOTS
    for language in LANGUAGES
]


def _po_path(name: str, language: str) -> Path:
    return ROOTS[name] / "locale" / language / "LC_MESSAGES" / "django.po"


def _live_entries(catalogue) -> list:
    return [e for e in catalogue if not e.obsolete and "fuzzy" not in e.flags and e.msgid]


def _translations(catalogue) -> dict:
    """{(context, msgid): msgstr or (plural forms...)} of the translated entries."""
    mapping = {}
    for entry in _live_entries(catalogue):
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            mapping[(entry.msgctxt, entry.msgid)] = forms
        elif entry.msgstr:
            mapping[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return mapping


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize(("name", "language"), CATALOGUES)
def test_catalogue_is_complete_and_not_fuzzy(name, language):
    path = _po_path(name, language)
    assert path.is_file(), f"{path} is missing: run makemessages (themes/README.md)"
    catalogue = polib.pofile(str(path))
    assert catalogue.metadata.get("Language") == language
    assert not catalogue.metadata_is_fuzzy, "the header is still marked fuzzy"
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert len(_live_entries(catalogue)) > 0


@pytest.mark.parametrize(("name", "language"), CATALOGUES)
def test_translations_keep_the_placeholders(name, language):
    catalogue = polib.pofile(str(_po_path(name, language)))
    nplurals = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    for entry in _live_entries(catalogue):
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == nplurals, entry.msgid
            allowed = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
            for form in entry.msgstr_plural.values():
                assert form and _placeholders(form) <= allowed, (entry.msgid, form)
        else:
            assert _placeholders(entry.msgstr) == _placeholders(entry.msgid), entry.msgid


@pytest.mark.parametrize(("name", "language"), CATALOGUES)
def test_compiled_catalogue_matches_its_po_file(name, language):
    po_path = _po_path(name, language)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} is missing: run compilemessages"
    compiled = polib.mofile(str(mo_path))
    assert _translations(compiled) == _translations(polib.pofile(str(po_path))), (
        f"{mo_path} is out of date: run compilemessages"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_string_is_translated_the_same_in_every_catalogue(language):
    """Django merges all catalogues into one; a msgid translated two ways would show
    the project's (or the first app's) translation everywhere."""
    seen = defaultdict(dict)
    for name in ROOTS:
        for key, value in _translations(polib.pofile(str(_po_path(name, language)))).items():
            seen[key][name] = value
    conflicts = {key: by for key, by in seen.items() if len(set(by.values())) > 1}
    assert conflicts == {}


def _installed_catalogues() -> list[str]:
    """The catalogues Django loads in the test settings (plugins that are installed)."""
    installed = {Path(app.path).resolve() for app in apps.get_app_configs()}
    return [name for name, root in ROOTS.items() if name == "project" or root in installed]


@pytest.mark.parametrize("language", LANGUAGES)
def test_django_returns_every_catalogued_translation(language):
    with translation.override(language):
        for name in _installed_catalogues():
            catalogue = polib.pofile(str(_po_path(name, language)))
            for entry in _live_entries(catalogue):
                if entry.msgid_plural:
                    forms = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                    assert forms == entry.msgstr_plural[0], (name, entry.msgid)
                elif entry.msgctxt:
                    found = translation.pgettext(entry.msgctxt, entry.msgid)
                    assert found == entry.msgstr, (name, entry.msgid)
                else:
                    assert translation.gettext(entry.msgid) == entry.msgstr, (name, entry.msgid)


SKIP_LINK = {
    "en": "Skip to content",
    "tr": "İçeriğe geç",
    "bg": "Към съдържанието",
    "pl": "Przejdź do treści",
    "de": "Zum Inhalt springen",
}
NEXT_PAGE = {"en": "Next", "tr": "Sonraki", "bg": "Следваща", "pl": "Następna", "de": "Weiter"}


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_templates_render_in_the_active_language(language):
    with translation.override(language):
        skip = Template('{% load i18n %}{% translate "Skip to content" %}').render(Context())
        pagination = render_to_string(
            "includes/pagination.html",
            {"page_obj": Paginator(range(30), 10).page(2)},
            request=RequestFactory().get("/news/"),
        )
    assert skip == SKIP_LINK[language]
    assert f"{NEXT_PAGE[language]} <span" in pagination
