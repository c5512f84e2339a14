"""The projects' figures on the admin dashboard: projects and running projects per language."""

import re

from wagtail.users.models import UserProfile

from .factories import days_from_today, project_create, project_indexes


def test_dashboard_counts_projects_and_running_projects_per_language(
    client, django_user_model, home_pages
):
    indexes = project_indexes(home_pages=home_pages)
    project_create(index=indexes["pl"], title="Running", start_date=days_from_today(-1))
    project_create(index=indexes["pl"], title="Planned", start_date=days_from_today(5))
    project_create(index=indexes["en"], title="Done", end_date=days_from_today(-5))
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    UserProfile.objects.create(user=admin, preferred_language="en")
    client.force_login(admin)

    html = client.get("/admin/").content.decode()

    def row(label):
        match = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', html, re.S)
        return [int(n) for n in re.findall(r"<td>(\d+)</td>", match.group(1))]

    assert row("Projects") == [2, 1]
    assert row("Running projects") == [1, 0]
