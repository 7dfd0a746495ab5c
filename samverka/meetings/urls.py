"""Pages of the meetings app (/k/<municipality>/moten/): the HTML pages live in ``urls_pages``,
the files and feeds (ICS, PDF) in ``urls_files``."""

from django.urls import URLPattern, URLResolver

from samverka.meetings.urls_files import urlpatterns as file_patterns
from samverka.meetings.urls_pages import urlpatterns as page_patterns

app_name = "meetings"

urlpatterns: list[URLPattern | URLResolver] = [*page_patterns, *file_patterns]
