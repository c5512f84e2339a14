"""The shared types every cluster understands, declared by the protocol itself."""

from .schema import Text, date, html, image, register_type, text, text_list, url

NEWS_ARTICLE = "news.article"
DIRECTORY_MEMBER = "directory.member"
PROJECTS_PROJECT = "projects.project"

_short = Text(max_length=500)

register_type(
    NEWS_ARTICLE,
    fields={
        "title": _short,
        "slug": _short,
        "summary": text,
        "body_html": html,
        "date": date,
        "topics": text_list,
        "url": url,
        "image": image,
    },
    required={"title", "slug", "date", "url"},
)

register_type(
    DIRECTORY_MEMBER,
    fields={
        "name": _short,
        "slug": _short,
        "kind": _short,
        "sectors": text_list,
        "role": _short,
        "city": _short,
        "country": _short,
        "website": url,
        "email": _short,
        "phone": _short,
        "address": _short,
        "description": text,
        "member_since": date,
        "logo": image,
        "url": url,
        # Fields the origin shares with peer clusters but not with the public:
        # receivers show them to their staff only.
        "network_only": text_list,
    },
    required={"name", "slug", "url"},
)

register_type(
    PROJECTS_PROJECT,
    fields={
        "title": _short,
        "slug": _short,
        "summary": text,
        "goals": text_list,
        "start_date": date,
        "end_date": date,
        "funders": text_list,
        "partners": text_list,
        # Parallel to funders / partners: each one's directory.member id, or "" when
        # that organisation is not a shared member (a peer links to its mirror).
        "funder_ids": text_list,
        "partner_ids": text_list,
        "url": url,
    },
    required={"title", "slug", "url"},
)
