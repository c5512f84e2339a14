"""Who may do what in the Federation section of the admin.

Federated copies and sync runs are written by the sync only: no admin action
adds, changes or deletes them, whoever the user is (superusers included).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

MANAGE_FEDERATION = "federation.manage_federation"
ACCESS_ADMIN = "wagtailadmin.access_admin"


def user_can_manage_federation(user) -> bool:
    """Superusers and holders of ``federation.manage_federation`` (peers, syncs)."""
    return bool(user.is_active and user.has_perm(MANAGE_FEDERATION))


class FederationPermissionPolicy(ModelPermissionPolicy):
    """Allows ``allowed_actions`` to users holding ``permission``; denies everything else.

    ``permission`` is an ``app_label.codename`` string (superusers hold every one).
    """

    def __init__(self, model, *, permission: str, allowed_actions=("view",)):
        super().__init__(model)
        self.permission = permission
        self.allowed_actions = frozenset(allowed_actions)

    def user_has_permission(self, user, action):
        return action in self.allowed_actions and user.is_active and user.has_perm(self.permission)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects
        if not self.allowed_actions.intersection(actions):
            return users.none()
        app_label, codename = self.permission.split(".", 1)
        permissions = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
        return users.filter(
            (
                Q(is_superuser=True)
                | Q(user_permissions__in=permissions)
                | Q(groups__permissions__in=permissions)
            )
            & Q(is_active=True)
        ).distinct()


def federation_policies_register() -> None:
    """Register the policies; must run before anything asks Wagtail for a fallback one."""
    from wagtail.permissions import policy_registry, register_permission_policy

    from ..models import MirrorItem, MirrorTranslation, Peer, SyncRun

    policies = {
        # Peers are added and edited by hand; removing one is `enabled = False`.
        Peer: FederationPermissionPolicy(
            Peer, permission=MANAGE_FEDERATION, allowed_actions=("view", "add", "change")
        ),
        SyncRun: FederationPermissionPolicy(SyncRun, permission=MANAGE_FEDERATION),
        # Every admin user (editors too) may read the federated copies, nobody writes them.
        MirrorItem: FederationPermissionPolicy(MirrorItem, permission=ACCESS_ADMIN),
        MirrorTranslation: FederationPermissionPolicy(MirrorTranslation, permission=ACCESS_ADMIN),
    }
    for model, policy in policies.items():
        if policy_registry.get_by_type(model, fallback=False) is None:
            register_permission_policy(model, policy, exact_class=True)
