from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    """A new municipality in the browser: created from the reference list by a platform
    administrator, its first coordinator invited by e-mail, and the coordinator's guided start."""

    name = "samverka.onboarding"
    label = "onboarding"
    verbose_name = "Kom igång"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from samverka.core.extensions import NavEntry, register_nav, register_page_urls

        register_page_urls("onboarding", "samverka.onboarding.start_urls", prefix="startguide/")
        register_nav(
            NavEntry(
                name="onboarding",
                label=gettext_lazy("Startguide"),
                url_name="onboarding_start:index",
                nav="onboarding",
                # Used once, when a municipality starts: last in its group, after the daily pages.
                order=99,
                section="organisation",
                visible=lambda access: access.is_coordinator,
            )
        )
