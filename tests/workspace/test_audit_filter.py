"""`/admin/jejak-audit/` answers "who looked at my data?": by NIK, number, officer, action and date."""

from __future__ import annotations

import datetime as dt
import re

from adminhelpers import BUDI, BUDI_VILLAGE, REGION_A, sign_in

from framework.services import audit_trail
from framework.services.products import mask_nik
from framework.workflow.actors import Actor

OTHER_NIK = "3203014204850001"
WIB = dt.timezone(dt.timedelta(hours=7))


def rows(html: str) -> list[tuple[str, str]]:
    """(officer, action) of each row shown."""
    return re.findall(r'<tr data-action="([^"]+)"><td>[^<]*</td><td>([^<]*)</td>', html)


def test_the_reads_narrow_to_one_persons_data_one_officer_one_action_and_dates(
    admin_app, sessions, officer, file_application
):
    officer("admin.a", "admin_daerah", REGION_A)
    budis = file_application("adminduk.kk")
    others = file_application("adminduk.kk", nik=OTHER_NIK)
    reader, nosy = (
        Actor.officer("fo.a", "operator_dukcapil", BUDI_VILLAGE),
        Actor.officer("bo.a", "operator_dukcapil", BUDI_VILLAGE),
    )
    monday = dt.datetime(2026, 11, 30, 9, tzinfo=WIB)
    with sessions() as session:
        audit_trail.record(
            session, reader, "application.view", budis, {"personal_data": True}, monday, region=BUDI_VILLAGE
        )
        audit_trail.record(
            session, nosy, "application.view", others, {"personal_data": True}, monday, region=BUDI_VILLAGE
        )
        searched = {"nik": mask_nik(BUDI), "personal_data": True}
        audit_trail.record(
            session, nosy, "queue.search_nik", None, searched, monday + dt.timedelta(days=2), region=BUDI_VILLAGE
        )
        session.commit()
    admin = admin_app.test_client()
    sign_in(admin, "admin.a")
    about_budi = admin.get(f"/admin/jejak-audit/?nik={BUDI}").get_data(as_text=True)
    assert sorted(rows(about_budi)) == [("application.view", "fo.a"), ("queue.search_nik", "bo.a")]
    assert others not in about_budi
    by_nosy = rows(admin.get("/admin/jejak-audit/?petugas=bo.a&tindakan=application.view").get_data(as_text=True))
    assert by_nosy == [("application.view", "bo.a")]
    by_number = admin.get(f"/admin/jejak-audit/?nomor={others.lower().replace('-', '')}").get_data(as_text=True)
    assert rows(by_number) == [("application.view", "bo.a")]
    on_wednesday = admin.get("/admin/jejak-audit/?dari=2026-12-02&sampai=2026-12-02").get_data(as_text=True)
    assert rows(on_wednesday) == [("queue.search_nik", "bo.a")]
    paged = admin.get(f"/admin/jejak-audit/?nik={BUDI}&halaman=1").get_data(as_text=True)
    assert 'value="3203011205820001"' in paged  # what was typed stays in its box


def test_a_filter_that_cannot_mean_anything_is_named_at_its_box(admin_app, officer):
    officer("admin.a", "admin_daerah", REGION_A)
    admin = admin_app.test_client()
    sign_in(admin, "admin.a")
    answer = admin.get("/admin/jejak-audit/?nik=3203&nomor=<b>&dari=2026-12-05&sampai=2026-12-01&tindakan=hapus")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and 'id="error-summary"' in html and 'id="summary"' not in html
    for box, message in (
        ("nik", "NIK terdiri dari 16 angka."),
        ("nomor", "Tulis nomor pelacakan"),
        ("sampai", "Tanggal akhir sebelum tanggal awal."),
        ("tindakan", "Pilih tindakan dari daftar."),
    ):
        assert f'<a href="#{box}">{message}' in html and f'id="{box}-error"' in html
    english = admin.get("/admin/jejak-audit/?nik=12&lang=en").get_data(as_text=True)
    assert "A NIK has 16 digits." in english
