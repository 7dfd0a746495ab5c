"""The meetings' files and feeds: calendars (ICS), PDFs and the notice by e-mail."""

from django.urls import URLPattern, URLResolver, path

from samverka.meetings import views_files

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/kalender.ics", views_files.ics_meeting, name="ics_meeting"),
    path("grupper/<int:group_pk>/kalender.ics", views_files.ics_group, name="ics_group"),
    path("prenumeration/<str:token>.ics", views_files.feed, name="feed"),
    path("kalendrar/", views_files.feeds, name="feeds"),
    path("kalendrar/<int:pk>/aterkalla/", views_files.feed_revoke, name="feed_revoke"),
    path("<int:pk>/dagordning.pdf", views_files.agenda_pdf, name="agenda_pdf"),
    path(
        "<int:pk>/protokoll/version-<int:version>.pdf", views_files.minutes_pdf, name="minutes_pdf"
    ),
    path("<int:pk>/kallelse/", views_files.notice_send, name="notice_send"),
]
