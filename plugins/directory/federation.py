"""How the member directory is shared with peer clusters (audience "network")."""

from __future__ import annotations

from federation.protocol import DIRECTORY_MEMBER
from federation.types import SharedType, image_wire

from .models import Visibility
from .selectors import member_public_data, member_url

# Only fields the wire type declares; logos travel once image fetching is enabled.
WIRE_FIELDS = (
    "name", "slug", "kind", "role", "city", "country", "website", "email", "phone",
    "address", "description", "member_since",
)  # fmt: skip


class MemberType(SharedType):
    model_label = "directory.Member"
    wire_type = DIRECTORY_MEMBER
    mirror_template = "directory/mirror_member.html"
    facet_fields = ("kind", "sectors", "role", "city", "country")

    def shared_instances(self, *, translation_key):
        return super().shared_instances(translation_key=translation_key).prefetch_related("sectors")

    def public_fields(self, fields: dict, *, staff: bool = False) -> dict:
        """Network-only fields (e.g. a contact's email) are for the peers' staff only."""
        if staff:
            return fields
        hidden = set(fields.get("network_only", [])) | {"network_only"}
        return {name: value for name, value in fields.items() if name not in hidden}

    def serialize(self, member) -> dict:
        data = member_public_data(member=member, audience="network")
        fields = {name: data[name] for name in WIRE_FIELDS if data.get(name) not in (None, "")}
        fields["sectors"] = [sector["slug"] for sector in data["sectors"]]
        if "logo" in data:  # only when the member's logo may leave the cluster
            fields["logo"] = image_wire(member.logo, alt=member.name)
        # After the logo: a network-only logo must be flagged like any other field.
        fields["network_only"] = sorted(
            name
            for name in member.VISIBILITY_DEFAULTS
            if name in fields and member.visibility_of(name) == Visibility.NETWORK
        )
        fields["url"] = self.absolute_url(member_url(member=member) or "/")
        return fields
