"""The pages behind a region's figures, through the app: the overdue list paged, a service's applications, and
one application's summary without personal data — who may open them, and the links that lead there."""

from __future__ import annotations

import pytest
from performance_helpers import ANSWERS, GOWA, NIK, SOPPENG, as_officer, build, recent_monday

from framework.services import applications, performance_stats
from framework.services.accounts import add_user
from framework.services.region_performance import OVERDUE_LISTED
from framework.store.models import AuditEvent
from framework.store.types import utcnow

MINISTRY = ("kemen", "auditor_kementerian", None)
SOPPENG_ADMIN = ("admin.soppeng", "admin_daerah", SOPPENG)
SOPPENG_CLERK = ("clerk.soppeng", "operator_dpmptsp", SOPPENG)
GOWA_ADMIN = ("admin.gowa", "admin_daerah", GOWA)
GOWA_HEAD = ("head.gowa", "kepala_dpmptsp", GOWA)
GOWA_CLERK = ("clerk.gowa", "operator_dpmptsp", GOWA)
EXTRA_OVERDUE = OVERDUE_LISTED + 3  # with A5 and A7: 25 overdue in Soppeng


@pytest.fixture
def filed(sessions, spec):
    with sessions() as session:
        monday = recent_monday(utcnow())
        known = build(session, spec, monday)
        for _ in range(EXTRA_OVERDUE):
            applications.submit(session, spec, region=SOPPENG, answers=ANSWERS, applicant_nik=NIK, now=monday)
        session.commit()
        performance_stats.refresh(session)
        for who in (MINISTRY, SOPPENG_ADMIN, SOPPENG_CLERK, GOWA_ADMIN, GOWA_HEAD, GOWA_CLERK):
            add_user(session, *who, password_hash="-")
    return known


@pytest.fixture
def client(make_app, catalog, filed):
    return make_app(MPP_CATALOG=catalog, WTF_CSRF_ENABLED=False).test_client()


def numbers_in(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('data-number="')[1:]]


def test_the_region_page_links_its_overdue_numbers_services_and_the_whole_list(client, filed):
    html = as_officer(client, MINISTRY).get(f"/admin/kinerja/{SOPPENG}").get_data(as_text=True)
    table = html.split('id="tabel-terlambat"', 1)[1].split("</table>", 1)[0]
    assert table.count(f'href="/admin/kinerja/{SOPPENG}/permohonan/') == OVERDUE_LISTED
    assert f'href="/admin/kinerja/{SOPPENG}/terlambat"' in html and "Lihat semua 25 permohonan" in html
    assert f'href="/admin/kinerja/{SOPPENG}/layanan/nakes.sip-uji"' in html
    assert filed.numbers["A7"] not in table  # the least overdue is the 25th: not on the region page


def test_the_overdue_page_holds_the_21st_and_later(client, filed):
    page = as_officer(client, MINISTRY).get(f"/admin/kinerja/{SOPPENG}/terlambat")
    html = page.get_data(as_text=True)
    listed = numbers_in(html)
    assert page.status_code == 200 and len(listed) == 25 and listed[-1] == filed.numbers["A7"]
    assert f'href="/admin/kinerja/{SOPPENG}/permohonan/{filed.numbers["A7"]}"' in html
    assert '<th scope="col">' in html and "<caption" in html
    assert "Overdue now" in client.get(f"/admin/kinerja/{SOPPENG}/terlambat?lang=en").get_data(as_text=True)


def test_a_services_applications_page_by_page(client, filed):
    ministry = as_officer(client, MINISTRY)
    first = ministry.get(f"/admin/kinerja/{SOPPENG}/layanan/nakes.sip-uji").get_data(as_text=True)
    second = ministry.get(f"/admin/kinerja/{SOPPENG}/layanan/nakes.sip-uji?halaman=2").get_data(as_text=True)
    assert len(numbers_in(first)) == 30 and numbers_in(second) == numbers_in(first)  # past the last: the last
    assert 'rel="next"' not in first  # 30 fit on one page of 50 (the service's tests page by fewer)
    assert 'data-late="true"' in first and filed.numbers["A4"] in first
    assert ministry.get(f"/admin/kinerja/{SOPPENG}/layanan/tidak.ada").status_code == 404
    assert ministry.get(f"/admin/kinerja/{SOPPENG}/layanan/nakes.sip-uji?halaman=x").status_code == 200


def test_a_step_rows_waiting_count_leads_to_those_waiting_there(client, filed, sessions):
    ministry = as_officer(client, MINISTRY)
    html = ministry.get(f"/admin/kinerja/{SOPPENG}").get_data(as_text=True)
    row = html.split('data-step="nakes.sip-uji/verifikasi"', 1)[1].split("</tr>", 1)[0]
    link = f"/admin/kinerja/{SOPPENG}/layanan/nakes.sip-uji?tahap=verifikasi"
    assert f'href="{link}"' in row
    with sessions() as session:
        waiting = {
            number for name, number in filed.numbers.items() if applications.find(session, number).state == "verifikasi"
        }
    page = ministry.get(link).get_data(as_text=True)
    listed = numbers_in(page)
    assert waiting and set(waiting) <= set(listed)  # the known set's waiting ones, among the extra filings
    shown = int(row.split(f'href="{link}"', 1)[1].split(">", 1)[1].split("<", 1)[0])
    assert len(listed) == shown == EXTRA_OVERDUE + 1  # A7 and the extra filings, all at verifikasi
    assert 'data-step="verifikasi"' in page
    assert filed.numbers["A1"] not in listed  # decided: not waiting anywhere
    assert ministry.get(f"/admin/kinerja/{SOPPENG}/layanan/nakes.sip-uji?tahap=tidak-ada").status_code == 404
    assert "Applications waiting at the step Check now" in ministry.get(link + "&lang=en").get_data(as_text=True)


def test_the_ministry_reads_a_summary_without_personal_data(client, filed, sessions):
    number = filed.numbers["A3"]  # returned once ("Alamat kurang"), resubmitted with a new address
    ministry = as_officer(client, MINISTRY)
    page = ministry.get(f"/admin/kinerja/{SOPPENG}/permohonan/{number}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and number in html and "Izin Praktik Uji" in html
    assert 'data-step="verifikasi"' in html and 'data-step="keputusan"' in html and "Alamat" in html
    for personal in (NIK, ANSWERS["nama"], "Jl. Kemakmuran", "Alamat kurang", "Tidak lengkap", "verifier.", "head."):
        assert personal not in html, personal
    with sessions() as session:
        reads = session.query(AuditEvent).filter_by(action="application.summary", target=number).all()
    assert [(event.actor, event.details) for event in reads] == [("kemen", {"personal_data": False})]
    english = ministry.get(f"/admin/kinerja/{SOPPENG}/permohonan/{number}?lang=en").get_data(as_text=True)
    assert "Steps passed" in english and "returned to the applicant" in english


def test_the_officers_address_sends_the_ministry_to_the_summary(client, filed):
    number = filed.numbers["A3"]
    moved = as_officer(client, MINISTRY).get(f"/admin/permohonan/{number}")
    assert moved.status_code == 302
    assert moved.headers["Location"].endswith(f"/admin/kinerja/{SOPPENG}/permohonan/{number}")
    assert as_officer(client, MINISTRY).get("/admin/permohonan/ZZZZ-ZZZZZ").status_code == 404
    own = as_officer(client, SOPPENG_CLERK).get(f"/admin/permohonan/{number}")
    assert own.status_code == 200 and ANSWERS["nama"] in own.get_data(as_text=True)  # the case file, unchanged


def test_another_regions_officers_find_nothing(client, filed):
    number = filed.numbers["A3"]
    assert as_officer(client, GOWA_CLERK).get(f"/admin/permohonan/{number}").status_code == 404  # as before
    for who in (GOWA_ADMIN, GOWA_HEAD):
        for path in (f"/permohonan/{number}", "/terlambat", "/layanan/nakes.sip-uji"):
            assert as_officer(client, who).get(f"/admin/kinerja/{SOPPENG}{path}").status_code == 404, (who, path)
    assert as_officer(client, GOWA_CLERK).get(f"/admin/kinerja/{SOPPENG}/permohonan/{number}").status_code == 403
    # asked under its neighbour's address, by the neighbour's head: not found either
    assert as_officer(client, GOWA_HEAD).get(f"/admin/kinerja/{GOWA}/permohonan/{number}").status_code == 404
    assert as_officer(client, SOPPENG_ADMIN).get(f"/admin/kinerja/{SOPPENG}/permohonan/{number}").status_code == 200
