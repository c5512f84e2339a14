"""System checks of the federation (ids ``federation.E0xx``)."""

from django.core import checks

from plugins.core.plugin import plugin_configs


def check_shared_types(app_configs=None, **kwargs):
    from .protocol import type_get
    from .registry import shared_types

    registered = {t.model_label: t for t in shared_types().values()}
    errors = []
    for cfg in plugin_configs():
        for label in cfg.shared_types:
            if label not in registered:
                errors.append(
                    checks.Error(
                        f"Plugin '{cfg.label}' shares {label} but registers no SharedType for it.",
                        hint="Return a federation.types.SharedType for it from the "
                        "register_shared_types hook in the plugin's wagtail_hooks.py.",
                        id="federation.E001",
                    )
                )
    for shared_type in registered.values():
        if type_get(shared_type.wire_type) is None:
            errors.append(
                checks.Error(
                    f"SharedType for {shared_type.model_label} names the unknown wire type "
                    f"{shared_type.wire_type!r}.",
                    hint="Declare it with federation.protocol.register_type().",
                    id="federation.E002",
                )
            )
    return errors
