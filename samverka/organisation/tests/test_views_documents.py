import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from samverka.organisation.models import DocumentKind, GoverningDocument

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(
        f"organisation:document_{name}", kwargs={"municipality": world.testby.slug, **kwargs}
    )


def document_post(**overrides):
    data = {
        "title": "Medborgarlöfte 2027",
        "kind": DocumentKind.CITIZEN_PROMISE,
        "goals": "Mindre otrygghet i centrum\nFler synliga poliser",
        "valid_from": "2027-01-01",
        "valid_until": "2027-12-31",
    }
    data.update(overrides)
    return data


def pdf(name="avtal.pdf", content=b"%PDF-1.4 samverka"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_list_groups_documents_and_flags_overdue_reviews(client, world):
    GoverningDocument.objects.create(
        municipality=world.testby,
        title="Åtgärdsplan 2024",
        kind=DocumentKind.ACTION_PLAN,
        next_review=date.today() - timedelta(days=1),
    )
    world.document.parties.add(world.police)
    client.force_login(world.dave)
    response = client.get(url("list", world))
    page = response.content.decode()
    assert response.status_code == 200
    assert [s["label"] for s in response.context["sections"]] == [
        "Samverkansöverenskommelse",
        "Åtgärdsplan/handlingsplan",
    ]
    assert page.count("översyn försenad") == 1
    assert "Polisen LPO Testby" in page
    assert url("create", world) not in page


def test_the_list_does_not_query_per_document(client, world, django_assert_max_num_queries):
    for i in range(20):
        document = GoverningDocument.objects.create(
            municipality=world.testby, title=f"Plan {i}", kind=DocumentKind.POLICY, area=world.area
        )
        document.parties.add(world.police, world.administration)
    client.force_login(world.bob)
    with django_assert_max_num_queries(10):
        assert client.get(url("list", world)).status_code == 200


def test_the_user_of_another_municipality_gets_404(client, world):
    client.force_login(world.olle)
    assert client.get(url("list", world)).status_code == 404
    assert client.get(url("detail", world, pk=world.document.pk)).status_code == 404
    assert client.get(url("file", world, pk=world.document.pk)).status_code == 404


def test_exports_are_csv_with_bom_and_loadable_xlsx(client, world):
    client.force_login(world.carol)
    text = client.get(url("export", world, fmt="csv")).content.decode("utf-8")
    assert text.startswith("\ufeffTitel;Typ;Område;Gäller från")
    assert "Samverkansöverenskommelse 2026;Samverkansöverenskommelse;;2026-01-01;" in text
    response = client.get(url("export", world, fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Samverkansöverenskommelse 2026"


def test_the_detail_shows_goals_parties_and_review(client, world):
    world.document.goals = "Färre skjutningar\nTryggare torg"
    world.document.save()
    world.document.parties.add(world.police)
    client.force_login(world.dave)
    page = client.get(url("detail", world, pk=world.document.pk)).content.decode()
    assert "<li>Färre skjutningar</li>" in page and "<li>Tryggare torg</li>" in page
    assert "Polisen LPO Testby" in page
    assert "2027-01-01" in page
    assert url("edit", world, pk=world.document.pk) not in page


def test_a_document_of_another_municipality_is_404(client, world):
    other = GoverningDocument.objects.create(
        municipality=world.annanstad, title="Annans plan", kind=DocumentKind.POLICY
    )
    client.force_login(world.alice)
    assert client.get(url("detail", world, pk=other.pk)).status_code == 404
    assert client.post(url("edit", world, pk=other.pk), document_post()).status_code == 404
    assert client.post(url("delete", world, pk=other.pk)).status_code == 404
    assert GoverningDocument.objects.filter(pk=other.pk).exists()


def test_a_coordinator_creates_a_document_with_a_file_and_parties(client, world):
    client.force_login(world.alice)
    data = document_post(parties=[world.police.pk, world.administration.pk], file=pdf())
    response = client.post(url("create", world), data)
    document = GoverningDocument.objects.get(title="Medborgarlöfte 2027")
    assert response.status_code == 302
    assert response["Location"] == url("detail", world, pk=document.pk)
    assert set(document.parties.all()) == {world.police, world.administration}
    assert document.goal_list() == ["Mindre otrygghet i centrum", "Fler synliga poliser"]
    assert str(document.file.name).endswith(".pdf")


def test_the_file_is_served_as_an_attachment_to_anyone_in_the_municipality(client, world):
    client.force_login(world.alice)
    client.post(url("create", world), document_post(file=pdf()))
    document = GoverningDocument.objects.get(title="Medborgarlöfte 2027")
    client.force_login(world.dave)
    response = client.get(url("file", world, pk=document.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 samverka"
    client.force_login(world.olle)
    assert client.get(url("file", world, pk=document.pk)).status_code == 404


def test_a_document_without_a_file_gives_404_for_the_file(client, world):
    client.force_login(world.alice)
    assert client.get(url("file", world, pk=world.document.pk)).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Det här fältet är obligatoriskt."),
        ({"valid_from": "31/02"}, "Fyll i ett giltigt datum."),
        ({"valid_from": "2027-12-31", "valid_until": "2027-01-01"}, "Slutdatum kan inte vara"),
        ({"title": "samverkansöverenskommelse 2026"}, "Det finns redan ett dokument"),
        ({"file": pdf("virus.exe")}, "Tillåtna filtyper"),
    ],
)
def test_malformed_document_input_is_explained(client, world, overrides, message):
    client.force_login(world.alice)
    response = client.post(url("create", world), document_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert GoverningDocument.objects.count() == 1


def test_a_party_from_another_municipality_is_refused(client, world):
    client.force_login(world.alice)
    data = document_post(parties=[world.police.pk, world.other_organisation.pk])
    response = client.post(url("create", world), data)
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not GoverningDocument.objects.filter(title="Medborgarlöfte 2027").exists()


def test_a_coordinator_edits_a_document_keeping_its_file(client, world):
    client.force_login(world.alice)
    client.post(url("create", world), document_post(file=pdf()))
    document = GoverningDocument.objects.get(title="Medborgarlöfte 2027")
    stored = document.file.name
    assert client.get(url("edit", world, pk=document.pk)).status_code == 200
    data = document_post(adopted_by="Kommunstyrelsen", parties=[world.police.pk])
    response = client.post(url("edit", world, pk=document.pk), data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.adopted_by == "Kommunstyrelsen"
    assert document.file.name == stored
    assert list(document.parties.all()) == [world.police]


def test_readers_and_members_cannot_write(client, world):
    for user in (world.dave, world.bob):
        client.force_login(user)
        assert client.get(url("create", world)).status_code == 403
        assert client.post(url("create", world), document_post()).status_code == 403
        target = url("edit", world, pk=world.document.pk)
        assert client.post(target, document_post(title="Hack")).status_code == 403
        assert client.post(url("delete", world, pk=world.document.pk)).status_code == 403
    assert list(GoverningDocument.objects.values_list("title", flat=True)) == [
        "Samverkansöverenskommelse 2026"
    ]


def test_a_coordinator_deletes_a_document(client, world):
    client.force_login(world.alice)
    assert client.get(url("delete", world, pk=world.document.pk)).status_code == 200
    response = client.post(url("delete", world, pk=world.document.pk))
    assert response.status_code == 302
    assert response["Location"] == url("list", world)
    assert not GoverningDocument.objects.exists()
