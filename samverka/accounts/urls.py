from django.contrib.auth import views as auth_views
from django.urls import path

from samverka.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("losenord/", views.password_change, name="password_change"),
    path("api-nyckel/", views.api_token, name="api_token"),
]
