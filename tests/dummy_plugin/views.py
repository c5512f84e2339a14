from django.apps import apps
from django.http import HttpResponse


def dummy_view(request):
    return HttpResponse(apps.get_app_config("dummy").options["greeting"])
