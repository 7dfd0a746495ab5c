"""The HTML pages of the meetings app, under /k/<municipality>/moten/."""

from django.urls import URLPattern, URLResolver, path

from samverka.meetings.views import agenda, commitments, decisions, groups, index, meeting, minutes

urlpatterns: list[URLPattern | URLResolver] = [
    # The municipality's upcoming meetings, and convening an acute meeting.
    path("", index.index, name="index"),
    path("export.<str:fmt>", index.index_export, name="index_export"),
    path("akut/", index.acute, name="acute"),
    # A group's meetings.
    path("grupper/<int:group_pk>/", groups.group, name="group"),
    path("grupper/<int:group_pk>/export.<str:fmt>", groups.group_export, name="group_export"),
    path("grupper/<int:group_pk>/planera/", groups.series_plan, name="series_plan"),
    path("grupper/<int:group_pk>/nytt-mote/", groups.meeting_create, name="meeting_create"),
    path(
        "grupper/<int:group_pk>/staende-dagordning/",
        groups.agenda_template,
        name="agenda_template",
    ),
    # One meeting.
    path("<int:pk>/", meeting.detail, name="detail"),
    path("<int:pk>/andra/", meeting.meeting_edit, name="meeting_edit"),
    path("<int:pk>/stall-in/", meeting.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/dokument/", meeting.document, name="document"),
    # Its agenda.
    path("<int:pk>/dagordning/foresla/", agenda.agenda_suggest, name="agenda_suggest"),
    path("<int:pk>/dagordning/ny/", agenda.agenda_add, name="agenda_add"),
    path(
        "<int:pk>/dagordning/<int:item_pk>/andra/",
        agenda.agenda_item_edit,
        name="agenda_item_edit",
    ),
    path(
        "<int:pk>/dagordning/<int:item_pk>/atgard/",
        agenda.agenda_item_action,
        name="agenda_item_action",
    ),
    # Its minutes.
    path("<int:pk>/protokoll/", minutes.minutes_edit, name="minutes_edit"),
    path("<int:pk>/protokoll/starta/", minutes.minutes_start, name="minutes_start"),
    path("<int:pk>/protokoll/narvaro/", minutes.minutes_attendance, name="minutes_attendance"),
    path("<int:pk>/protokoll/justerare/", minutes.minutes_adjusters, name="minutes_adjusters"),
    path("<int:pk>/protokoll/justera/", minutes.minutes_approve, name="minutes_approve"),
    path(
        "<int:pk>/protokoll/justerat-pa-papper/",
        minutes.minutes_paper_approval,
        name="minutes_paper_approval",
    ),
    path("<int:pk>/protokoll/ny-version/", minutes.minutes_new_version, name="minutes_new_version"),
    path(
        "<int:pk>/protokoll/version-<int:version>/",
        meeting.minutes_version,
        name="minutes_version",
    ),
    # Its decisions, proposals and commitments.
    path("<int:pk>/beslut/ny/", decisions.decision_create, name="decision_create"),
    path("<int:pk>/forslag/ny/", decisions.proposal_create, name="proposal_create"),
    path("<int:pk>/ataganden/ny/", commitments.commitment_create, name="commitment_create"),
    # Proposals and commitments across meetings.
    path("forslag/<int:pk>/", decisions.proposal, name="proposal"),
    path("forslag/<int:pk>/ata-tillbaka/", decisions.proposal_withdraw, name="proposal_withdraw"),
    path("ataganden/", commitments.commitments, name="commitments"),
    path("ataganden/export.<str:fmt>", commitments.commitments_export, name="commitments_export"),
    path("ataganden/<int:pk>/", commitments.commitment, name="commitment"),
]
