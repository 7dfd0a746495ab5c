from datetime import timedelta
from django.utils import timezone
from samverka.reports.factsheet import build_fact_sheet
from samverka.reports.rendering import fact_sheet_pdf
from samverka.meetings import services as meetings
from samverka.meetings.pdf import meeting_pdf
from samverka.accounts.access import Access

def test_w(world, client):
    open("/tmp/fs/world.pdf","wb").write(fact_sheet_pdf(build_fact_sheet(world.area)))
    starts = timezone.now().replace(microsecond=0) - timedelta(days=2)
    meeting = meetings.meeting_create(group=world.steering, starts_at=starts, ends_at=starts + timedelta(hours=2), user=None, title="Styrgruppsmöte", location="Stadshuset")
    item = meetings.agenda_item_add(meeting=meeting, title="Lägesbild vecka 47", user=None)
    client.force_login(world.alice)
    from django.urls import reverse
    r = client.get(reverse("meetings:agenda_pdf", kwargs={"municipality": "testby", "pk": meeting.pk}))
    open("/tmp/fs/agenda.pdf","wb").write(r.content)

def test_a(db):
    from samverka.stats.testing import load_angered_example
    from samverka.areas.models import Area
    m = load_angered_example()
    open("/tmp/fs/angered.pdf","wb").write(fact_sheet_pdf(build_fact_sheet(Area.objects.get(municipality=m, name="Angered"))))
