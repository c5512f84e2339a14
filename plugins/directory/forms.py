"""The admin form of ``Member``: one visibility choice per field that may leave the cluster."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Member, Visibility

VISIBILITY_FIELD_PREFIX = "visibility_"


def _visibility_label(field_name: str) -> str:
    return _("Who may see: %(field)s") % {"field": Member._meta.get_field(field_name).verbose_name}


def _visibility_field(field_name: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        # Lazy: the form class is built at import, the label is read per request.
        label=lazy(_visibility_label, str)(field_name),
        choices=Visibility.choices,
        initial=Member.VISIBILITY_DEFAULTS[field_name],
    )


class _MemberAdminFormBase(WagtailAdminModelForm):
    """Shows ``field_visibility`` as one choice per field and stores the choices back in it."""

    # "example.org" means https://example.org (Django 6's default; explicit until then).
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field_name in Member.VISIBILITY_DEFAULTS:
            if VISIBILITY_FIELD_PREFIX + field_name in self.fields:
                self.initial[VISIBILITY_FIELD_PREFIX + field_name] = self.instance.visibility_of(
                    field_name
                )

    def clean_country(self) -> str:
        return (self.cleaned_data.get("country") or "").strip().upper()

    def clean(self):
        cleaned = super().clean()
        # Store every level explicitly: a later change of the defaults must not widen
        # what an editor has already decided to share.
        chosen = {
            field_name: cleaned[VISIBILITY_FIELD_PREFIX + field_name]
            for field_name in Member.VISIBILITY_DEFAULTS
            if VISIBILITY_FIELD_PREFIX + field_name in cleaned
        }
        self.instance.field_visibility = {**(self.instance.field_visibility or {}), **chosen}
        return cleaned


# Declared (not added in __init__) so that Wagtail's panels, which build the form class from
# field names, accept FieldPanel("visibility_email") and friends.
MemberAdminForm = type(
    "MemberAdminForm",
    (_MemberAdminFormBase,),
    {
        VISIBILITY_FIELD_PREFIX + name: _visibility_field(name)
        for name in Member.VISIBILITY_DEFAULTS
    },
)


def _attrs_html(attrs: dict) -> str:
    """Attributes as Django's ``attrs.html`` writes them (in order, ``True`` bare)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class PlainSelect(forms.Select):
    """Renders exactly what ``forms.Select`` renders, in Python: Django's widget templates
    include one template per option (and one more for its attributes), which made the
    directory page's filter form a third of its rendering time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)  # optgroups: the templates
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (str(option["value"]), _attrs_html(option["attrs"]), option["label"])
                for _name, group, _index in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attrs_html(widget["attrs"]),
            options,
        )


class DirectoryFilterForm(forms.Form):
    """The GET filters of the directory page; choices are the values members actually have."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=PlainSelect)
    sector = forms.ChoiceField(label=_("Sector"), required=False, widget=PlainSelect)
    city = forms.ChoiceField(label=_("City"), required=False, widget=PlainSelect)
    role = forms.ChoiceField(label=_("Role in the cluster"), required=False, widget=PlainSelect)

    def __init__(self, *args, facets: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.choices = [("", _("All")), *facets.get(name, [])]

    def active_filters(self) -> dict[str, str]:
        """The filters to apply: valid, non-empty values only (a bad value is ignored)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.fields and value
        }
