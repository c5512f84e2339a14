"""Production settings: `manage.py check --deploy` passes with no warning, and
missing secrets are a clear error rather than an insecure default."""

import os
import secrets
import subprocess
import sys

from sites.instance import ROOT

PRODUCTION_ENV = {
    "CLUSTER": "sofia",
    "DJANGO_SETTINGS_MODULE": "sites.settings.production",
    "ALLOWED_HOSTS": "sofia.example.org",
    "DATABASE_URL": "postgres://clusterweb:secret@127.0.0.1:5432/clusterweb",
    "SITE_URL": "https://sofia.example.org",
}


def run_check(env):
    # The test suite allows async-unsafe calls for Playwright (tests/conftest.py);
    # a deployment must not, and check --deploy says so.
    dropped = ("CLUSTER_FILE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings():
    result = run_check({**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50)})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_is_a_clear_error():
    result = run_check(PRODUCTION_ENV)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
