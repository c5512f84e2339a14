"""Two clusters are two instances with two databases: an editor of one has no access to
the other's admin, by password or by session cookie. And the admin login limit holds
across the gunicorn worker processes of one instance (the counter is in the database).

Real processes on loopback ports, spoken to over HTTP with requests.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from sites.instance import Instance, free_port

pytestmark = pytest.mark.instances

USERNAME, PASSWORD = "editor-sofia", "Sofia-editor-passphrase-7"
EDITOR_SNIPPET = f"""
from django.contrib.auth import get_user_model
from sites.core.services import EDITORS, editor_groups_ensure
user = get_user_model().objects.create_user({USERNAME!r}, "editor@sofia.example", {PASSWORD!r})
user.groups.add(editor_groups_ensure()[EDITORS])
"""
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module")
def clusters(tmp_path_factory):
    var = tmp_path_factory.mktemp("isolation")
    sofia = Instance(slug="sofia", port=free_port(), var_dir=var, web_workers=2)
    kiel = Instance(slug="kiel", port=free_port(), var_dir=var, web_workers=2)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda i: i.manage("migrate", "--noinput", "-v0"), (sofia, kiel)))
    sofia.shell(EDITOR_SNIPPET)
    try:
        for instance in (sofia, kiel):
            instance.start(worker=False)
        yield {"sofia": sofia, "kiel": kiel}
    finally:
        for instance in (sofia, kiel):
            instance.stop()


def browser() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # nothing between us and 127.0.0.1
    return session


def admin_login(session: requests.Session, instance: Instance, username, password):
    """Log in as a browser does: the login page's CSRF token, then the form POST."""
    page = session.get(f"{instance.url}/admin/login/", timeout=90)
    assert page.status_code == 200
    token = CSRF_INPUT.search(page.text).group(1)
    return session.post(
        f"{instance.url}/admin/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{instance.url}/admin/login/"},
        allow_redirects=False,
        timeout=90,
    )


def admin_home(session: requests.Session, instance: Instance):
    return session.get(f"{instance.url}/admin/", allow_redirects=False, timeout=90)


def test_an_editor_logs_into_their_own_clusters_admin(clusters):
    """Guards: the positive case the isolation tests below rely on."""
    session = browser()

    response = admin_login(session, clusters["sofia"], USERNAME, PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    home = admin_home(session, clusters["sofia"])
    assert home.status_code == 200
    assert "sessionid" in session.cookies


def test_the_same_credentials_do_not_open_another_clusters_admin(clusters):
    """Guards: clusters share no users (separate databases): Sofia's editor cannot log
    into Kiel's admin."""
    session = browser()

    response = admin_login(session, clusters["kiel"], USERNAME, PASSWORD)

    assert response.status_code == 200  # the login form again, with an error
    assert 'name="password"' in response.text
    assert "sessionid" not in session.cookies
    home = admin_home(session, clusters["kiel"])
    assert home.status_code == 302
    assert home.headers["Location"].startswith("/admin/login/")


def test_a_session_cookie_of_one_cluster_is_worthless_at_another(clusters):
    """Guards: sessions live in each cluster's own database: Sofia's session cookie sent
    to Kiel's admin is an unknown session and gets the login page."""
    sofia_session = browser()
    assert admin_login(sofia_session, clusters["sofia"], USERNAME, PASSWORD).status_code == 302
    cookie = sofia_session.cookies.get("sessionid")

    stranger = browser()
    stranger.cookies.set("sessionid", cookie)
    home = admin_home(stranger, clusters["kiel"])

    assert home.status_code == 302
    assert home.headers["Location"].startswith("/admin/login/")
    assert admin_home(sofia_session, clusters["sofia"]).status_code == 200  # still valid


def test_the_login_limit_holds_across_worker_processes(clusters):
    """Guards: the admin login limit counts in the shared database, not per gunicorn
    worker: ten failures on fresh connections (spread over the two workers), then 429."""
    statuses = []
    for _ in range(11):
        session = browser()  # a new connection each time
        statuses.append(admin_login(session, clusters["kiel"], "intruder", "guess").status_code)
        session.close()

    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
