from django.conf import settings
from django.utils.translation import get_language


def cluster(request):
    """The current cluster's facts, in the visitor's language where the file has it."""
    data = settings.CLUSTER
    language = get_language() or settings.LANGUAGE_CODE

    def localized(key):
        values = data.get(key) or data.get("name", {})
        return values.get(language) or values.get("en") or settings.CLUSTER_SLUG

    return {
        "cluster": {
            "slug": settings.CLUSTER_SLUG,
            "name": localized("name"),
            "short_name": localized("short_name"),
            "language": settings.CLUSTER_LANGUAGE,
            "contact": data.get("contact", {}),
            "theme": settings.THEME,
        }
    }
