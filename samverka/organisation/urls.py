from django.urls import path

from samverka.organisation import views

app_name = "organisation"
urlpatterns = [
    # filled in below
]
