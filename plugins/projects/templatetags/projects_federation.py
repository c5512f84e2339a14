"""Template tags of the mirror page of a peer cluster's project."""

from django import template

from ..federation import federated_project_from, participant_links

register = template.Library()


@register.simple_tag
def federated_project(translation, origin_name=""):
    """The ``FederatedProject`` of a mirrored translation (dates parsed, status derived)."""
    return federated_project_from(
        row=translation, origin_names={translation.item.origin: origin_name or ""}
    )


@register.simple_tag
def federated_participants(translation, role):
    """The funders (``role`` "funder") or partners of a mirrored project, each linked to
    this site's mirror of that member when there is one."""
    data = translation.data if isinstance(translation.data, dict) else {}
    plural = "funders" if role == "funder" else "partners"
    return participant_links(
        origin=translation.item.origin, names=data.get(plural), ids=data.get(f"{role}_ids")
    )
