"""Reading the search index for the page and the API: results, names and facet labels."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import nh3
from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language_info, gettext_lazy, pgettext_lazy

from .backends.base import SearchHit, SearchQuery, SearchResults, search_backend
from .params import FACET_PARAMS, SearchRequest

TYPE_LABELS = {
    "news": pgettext_lazy("search result type", "News"),
    "member": pgettext_lazy("search result type", "Member"),
    "project": pgettext_lazy("search result type", "Project"),
}
FACET_LABELS = {
    "type": gettext_lazy("Type"),
    "cluster": gettext_lazy("Cluster"),
    "kind": gettext_lazy("Kind of organisation"),
    "sector": gettext_lazy("Sector"),
    "country": gettext_lazy("Country"),
    "language": gettext_lazy("Language"),
}
FACET_ORDER = ("type", "cluster", "kind", "sector", "country", "language")


@dataclass(frozen=True)
class ResultItem:
    """One hit as the page shows it."""

    hit: SearchHit
    url: str  # where the visitor reads it on this site
    cluster_name: str
    type_label: str
    highlight: str  # safe HTML: only <mark> elements
    local: bool

    @property
    def document(self):
        return self.hit.document


def search_page_size() -> int:
    return int(apps.get_app_config("search").options["page_size"])


def search_run(*, request: SearchRequest, language: str) -> SearchResults:
    """The results of a parsed request in the visitor's ``language``.

    Raises ``SearchBackendError`` when the engine fails.
    """
    if not request.searchable:
        return SearchResults(hits=[], total=0, facets={})
    query = SearchQuery(
        text=request.text,
        language=language,
        filters=dict(request.filters),
        page=request.page,
        page_size=search_page_size(),
    )
    return search_backend().search(query)


def cluster_names(*, language: str) -> dict[str, str]:
    """{cluster slug: display name}: this cluster's name in ``language``, peers' names."""
    from federation.selectors import peer_names

    names = dict(peer_names())
    own = settings.CLUSTER.get("name", {})
    local = settings.CLUSTER_SLUG
    names[local] = own.get(language) or own.get("en") or local
    return names


def highlight_safe(value: str) -> str:
    """Only <mark> survives, whatever a backend returned."""
    return nh3.clean(value or "", tags={"mark"}, attributes={})


def result_items(
    *, results: SearchResults, language: str, names: dict | None = None
) -> list[ResultItem]:
    names = cluster_names(language=language) if names is None else names
    local = settings.CLUSTER_SLUG
    items = []
    for hit in results.hits:
        doc = hit.document
        items.append(
            ResultItem(
                hit=hit,
                url=doc.url if doc.cluster == local else _mirror_url(doc),
                cluster_name=names.get(doc.cluster, doc.cluster),
                type_label=str(TYPE_LABELS.get(doc.type, doc.type)),
                highlight=highlight_safe(hit.highlight),
                local=doc.cluster == local,
            )
        )
    return items


def _mirror_url(doc) -> str:
    """A peer's object on this site (in the visitor's language), else at its origin."""
    try:
        return reverse("mirror_detail", kwargs={"origin": doc.cluster, "object_id": doc.object_id})
    except NoReverseMatch:
        return doc.url


def facet_value_label(*, facet: str, value: str, names: dict[str, str]) -> str:
    if facet == "type":
        return str(TYPE_LABELS.get(value, value))
    if facet == "cluster":
        return names.get(value, value)
    if facet == "language":
        try:
            return get_language_info(value)["name_local"].capitalize()
        except KeyError:
            return value
    if facet == "country":
        from sites.core.templatetags.cluster_tags import country_name

        return country_name(value)
    if facet == "sector" and apps.is_installed("plugins.directory"):
        from plugins.directory.sectors import sector_label

        return sector_label(slug=value, fallback=value.replace("-", " ").capitalize())
    if facet == "kind" and apps.is_installed("plugins.directory"):
        from plugins.directory.models import MemberKind

        labels = dict(MemberKind.choices)
        if value in labels:
            return str(labels[value]).capitalize()
    return value.replace("-", " ").capitalize()


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    href: str


@dataclass(frozen=True)
class Facet:
    name: str
    param: str
    label: str
    options: list[FacetOption]


def facets_for_page(
    *, results: SearchResults, request, filters, language: str, names: dict | None = None
) -> list[Facet]:
    """Facets with their options (most frequent first) and links that toggle each filter."""
    names = cluster_names(language=language) if names is None else names
    facets = []
    for name in FACET_ORDER:
        counts = dict(results.facets.get(name, {}))
        selected = filters.get(name)
        if selected and selected not in counts:
            counts[selected] = 0
        if not counts:
            continue
        param = FACET_PARAMS[name]
        href = _toggle_hrefs(request, param)
        options = [
            FacetOption(
                value=value,
                label=facet_value_label(facet=name, value=value, names=names),
                count=count,
                selected=value == selected,
                href=href(None if value == selected else value),
            )
            for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
        facets.append(Facet(name=name, param=param, label=str(FACET_LABELS[name]), options=options))
    return facets


def _toggle_hrefs(request, param: str):
    """A function of a value: the page's link with ``param`` set to it (or removed for
    None), back on the first page. The other parameters are encoded once per facet."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop(param, None)
    others = params.urlencode()

    def href(value: str | None) -> str:
        query = "&".join(part for part in (others, value and urlencode({param: value})) if part)
        return f"{request.path}?{query}" if query else request.path

    return href
