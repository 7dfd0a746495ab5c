from django.urls import path

from samverka.accounts import mfa_views, oidc, views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.logout, name="logout"),
    path("losenord/", views.password_change, name="password_change"),
    path("api-nycklar/", views.api_token, name="api_token"),
    path("api-nycklar/<int:pk>/aterkalla/", views.api_token_revoke, name="api_token_revoke"),
    path("tvastegsverifiering/", mfa_views.mfa_overview, name="mfa_overview"),
    path("tvastegsverifiering/app/", mfa_views.mfa_totp_enrol, name="mfa_totp_enrol"),
    path("tvastegsverifiering/verifiera/", mfa_views.mfa_verify, name="mfa_verify"),
    path(
        "tvastegsverifiering/reservkoder/", mfa_views.mfa_recovery_codes, name="mfa_recovery_codes"
    ),
    path(
        "tvastegsverifiering/<slug:kind>/<int:pk>/ta-bort/",
        mfa_views.mfa_device_remove,
        name="mfa_device_remove",
    ),
    path("oidc/<slug:slug>/", oidc.oidc_login, name="oidc_login"),
    path("oidc/<slug:slug>/klar/", oidc.oidc_callback, name="oidc_callback"),
]
