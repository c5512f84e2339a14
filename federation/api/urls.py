from django.urls import path

from . import views

app_name = "federation_api"
urlpatterns = [
    path("changes", views.changes, name="changes"),
    path("notify", views.notify, name="notify"),
]
