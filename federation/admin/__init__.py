"""The Federation section of the Wagtail admin: peers, sync runs, federated content.

Registered from ``federation/wagtail_hooks.py``. This package is also what
``django.contrib.admin`` autodiscovers as ``federation.admin``, so importing it
must stay free of side effects.
"""
