"""The directory's filter form renders its selects as Django's own Select does."""

import pytest
from django import forms

from plugins.directory.forms import DirectoryFilterForm, PlainSelect

FACETS = {
    "kind": [("company", "Company"), ("university", 'University <&> "quoted"')],
    "city": [("a&b", "A&B"), ("Łódź", "Łódź")],
}


@pytest.mark.parametrize(
    "data", [None, {"kind": "university"}, {"city": "Łódź"}, {"kind": "unknown"}]
)
def test_plain_select_renders_what_django_select_renders(data):
    plain = DirectoryFilterForm(data, facets=FACETS)
    django = DirectoryFilterForm(data, facets=FACETS)
    for field in django.fields.values():
        field.widget = forms.Select(choices=field.choices)
    plain.active_filters(), django.active_filters()
    for name in ("kind", "sector", "city", "role"):
        assert isinstance(plain.fields[name].widget, PlainSelect)
        assert str(plain[name]) == str(django[name])


def test_plain_select_with_groups_renders_what_django_select_renders():
    choices = [("", "All"), ("Group <1>", [("a", "A"), ("b", "B")])]
    rendered = PlainSelect(choices=choices).render("x", "b", attrs={"id": "id_x"})
    assert rendered == forms.Select(choices=choices).render("x", "b", attrs={"id": "id_x"})


def test_plain_select_writes_attributes_as_django_select_does():
    choices = [("", "All"), ("b", "B & C")]
    attrs = {"id": "id_x", "required": True, "disabled": False, "data-n": 3}
    rendered = PlainSelect(choices=choices).render("x", "b", attrs=attrs)
    assert rendered == forms.Select(choices=choices).render("x", "b", attrs=attrs)
