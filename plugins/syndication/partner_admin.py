"""The "Partners" admin menu: partner API keys (a ModelViewSet) with create-once and revoke.

Who may use it is decided by the permission policy registered in
``wagtail_hooks``: superusers and holders of ``syndication.manage_partner_keys``
may list, add, change and revoke keys; nobody deletes one (its usage log stays).
The plain key appears once, in the answer to the form that made it; only its
hash is stored.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.models import Permission
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, StatusTagColumn
from wagtail.admin.views.generic import CreateView, DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ALL, ContentType, PartnerKey
from .services import partner_key_prepare, partner_key_revoke

MANAGE_PARTNER_KEYS = "syndication.manage_partner_keys"
CLUSTER_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
LANGUAGE_CODE = re.compile(r"[a-z]{2}")


def _codes(text: str, pattern, *, what: str) -> list[str]:
    values = sorted({value.strip().lower() for value in text.split(",") if value.strip()})
    if ALL in values:
        return [ALL]
    bad = [value for value in values if not pattern.fullmatch(value)]
    if bad or not values:
        raise forms.ValidationError(
            _("Not a valid %(what)s: %(values)s."),
            code="invalid",
            params={"what": what, "values": ", ".join(bad) or "-"},
        )
    return values


class PartnerKeyForm(WagtailAdminModelForm):
    clusters = forms.CharField(
        label=_("Clusters"),
        help_text=_('Cluster slugs separated by commas (e.g. "sofia, kiel"), or "*" for all.'),
    )
    content_types = forms.MultipleChoiceField(
        label=_("Content types"), choices=ContentType.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.CharField(
        label=_("Languages"),
        help_text=_('Language codes separated by commas (e.g. "en, de"), or "*" for all.'),
    )

    class Meta:
        model = PartnerKey
        fields = ["name", "organisation", "clusters", "content_types", "languages", "rate_limit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["clusters"] = ", ".join(self.instance.clusters or [])
        self.initial["languages"] = ", ".join(self.instance.languages or [])

    def clean_clusters(self):
        return _codes(self.cleaned_data["clusters"], CLUSTER_CODE, what=_("cluster slug"))

    def clean_languages(self):
        return _codes(self.cleaned_data["languages"], LANGUAGE_CODE, what=_("language code"))

    def clean_content_types(self):
        chosen = set(self.cleaned_data["content_types"])
        return [value for value in ContentType.values if value in chosen]


class PartnerKeyEditForm(PartnerKeyForm):
    class Meta(PartnerKeyForm.Meta):
        fields = [*PartnerKeyForm.Meta.fields, "active"]


class PartnerKeyCreateView(CreateView):
    created_template_name = "syndication/admin/key_created.html"

    def save_instance(self):
        self.plain_key = partner_key_prepare(key=self.form.instance)
        return super().save_instance()

    def save_action(self):
        # Shown in this answer only: no redirect, no message, nothing that stores it.
        context = self.get_context_data(key=self.object, plain_key=self.plain_key)
        response = TemplateResponse(self.request, self.created_template_name, context)
        response["Cache-Control"] = "no-store"
        return response


class PartnerKeyRevokeView(DeleteView):
    permission_required = "change"
    template_name = "syndication/admin/confirm_revoke.html"
    page_title = _("Revoke")
    usage_url_name = None

    @property
    def confirmation_message(self):
        return _gettext(
            "Revoke this key? Requests made with it are refused at once; this cannot be undone."
        )

    def form_valid(self, form):
        partner_key_revoke(key=self.object)
        messages.success(self.request, _gettext("Key '%(key)s' revoked.") % {"key": self.object})
        return HttpResponseRedirect(self.get_success_url())


class PartnerKeyIndexView(IndexView):
    revoke_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.revoked_at is None and self.user_has_permission("change"):
            url = reverse(self.revoke_url_name, args=[instance.pk])
            buttons.append(MenuItem(_("Revoke"), url=url, icon_name="bin", priority=30))
        return buttons


def key_status(key: PartnerKey) -> str:
    if key.revoked_at is not None:
        return _gettext("Revoked")
    return _gettext("Active") if key.active else _gettext("Suspended")


def key_scopes(key: PartnerKey) -> str:
    def listed(values):
        return _gettext("all") if ALL in values else ", ".join(values)

    return _gettext("%(types)s · clusters: %(clusters)s · languages: %(languages)s") % {
        "types": ", ".join(key.content_types) or "-",
        "clusters": listed(key.clusters),
        "languages": listed(key.languages),
    }


class PartnerKeyViewSet(ModelViewSet):
    model = PartnerKey
    name = "partner_keys"
    url_prefix = "partners/keys"
    icon = "key"
    menu_label = _("Partners")
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = PartnerKeyIndexView
    add_view_class = PartnerKeyCreateView
    search_fields = ["name", "organisation", "prefix"]
    list_display = [
        "name",
        Column("prefix", label=_("Prefix")),
        "organisation",
        Column("scopes", label=_("Scopes"), accessor=key_scopes),
        NumberColumn("rate_limit", label=_("Per minute")),
        DateColumn("last_used_at", label=_("Last used"), sort_key="last_used_at"),
        NumberColumn("request_count", label=_("Requests"), sort_key="request_count"),
        StatusTagColumn(
            "status", label=_("Status"), accessor=key_status, primary=lambda key: key.is_usable
        ),
    ]

    def get_form_class(self, for_update=False):
        return PartnerKeyEditForm if for_update else PartnerKeyForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(revoke_url_name=self.get_url_name("revoke"), **kwargs)

    @property
    def revoke_view(self):
        return self.construct_view(
            PartnerKeyRevokeView, delete_url_name=self.get_url_name("revoke")
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
        ]

    def get_permissions_to_register(self):
        app_label, codename = MANAGE_PARTNER_KEYS.split(".")
        return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
