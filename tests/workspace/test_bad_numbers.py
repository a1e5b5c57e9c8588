"""Numbers typed into the officers' addresses and forms: a bad one is a bad value, never a 500.

``"²".isdigit()`` is true but ``int("²")`` fails; ``int()`` refuses more than
4,300 digits; a number past the database's integer range fails in the driver.
Each is read like any other bad value: ignored (page 1, no version check), a
located error, or *not found*.
"""

from __future__ import annotations

import re

import pytest
from adminhelpers import REGION_A, sign_in
from publication_samples import GOWA, SKTM

from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

SUPERSCRIPT_TWO = "\u00b2"  # "²": isdigit() says yes, int() says no
MANY_NINES = "9" * 5000  # past int()'s 4,300 digits
PAST_BIGINT = "99999999999999999999"  # 20 digits: past any database integer
PAST_OFFSET = "999999999999999999"  # fits a bigint, but its page's offset does not
BAD_NUMBERS = [SUPERSCRIPT_TWO, MANY_NINES, PAST_BIGINT, PAST_OFFSET, "\u0663", "-1", "0", " 2"]


@pytest.fixture
def front_office(admin_app, officer):
    officer("fo", "operator_dukcapil", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "fo")
    return client


@pytest.mark.parametrize("typed", BAD_NUMBERS)
def test_a_bad_queue_page_is_the_first_page(front_office, typed):
    answer = front_office.get("/admin/antrian/", query_string={"halaman": typed})
    assert answer.status_code == 200


@pytest.mark.parametrize("typed", BAD_NUMBERS)
def test_a_bad_audit_trail_page_is_a_page_that_exists(admin_app, officer, typed):
    officer("admin.cianjur", ADMIN_ROLE, REGION_A)
    client = admin_app.test_client()
    sign_in(client, "admin.cianjur")
    answer = client.get("/admin/jejak-audit/", query_string={"halaman": typed})
    assert answer.status_code == 200 and "catatan" in answer.get_data(as_text=True)


@pytest.mark.parametrize("typed", [SUPERSCRIPT_TWO, MANY_NINES, PAST_BIGINT])
def test_a_bad_number_of_inactive_days_is_a_located_error(admin_app, officer, typed):
    officer("kementerian", MINISTRY_ROLE, None)
    client = admin_app.test_client()
    sign_in(client, "kementerian")
    shown = client.get("/admin/kinerja/", query_string={"tidak_aktif": typed})
    assert shown.status_code == 400
    assert "Jumlah hari harus bilangan bulat 1 sampai" in shown.get_data(as_text=True)
    assert client.get("/admin/kinerja/unduh.csv", query_string={"tidak_aktif": typed}).status_code == 302


@pytest.mark.parametrize("typed", [SUPERSCRIPT_TWO, MANY_NINES, PAST_BIGINT])
def test_a_decision_with_a_bad_version_is_taken_without_the_version_check(front_office, file_application, typed):
    filed = file_application("adminduk.kk", keterangan_perubahan="Menikah")
    answer = front_office.post(
        f"/admin/permohonan/{filed}/keputusan", data={"action": "approve", "comment": "", "version": typed}
    )
    assert answer.status_code == 302


@pytest.fixture
def publishing(live_catalog_app, officer):
    officer("admin.gowa", ADMIN_ROLE, GOWA)
    officer("kementerian", MINISTRY_ROLE, None)
    region, ministry = live_catalog_app.test_client(), live_catalog_app.test_client()
    sign_in(region, "admin.gowa")
    sign_in(ministry, "kementerian")
    return region, ministry


@pytest.mark.parametrize("number", [PAST_BIGINT, PAST_OFFSET, MANY_NINES, "9223372036854775808"])
def test_a_huge_version_id_is_not_found(publishing, number):
    region, ministry = publishing
    assert ministry.get(f"/admin/tinjauan/{number}").status_code == 404
    assert ministry.post(f"/admin/tinjauan/{number}/keputusan", data={"decision": "approve"}).status_code == 404
    assert region.get(f"/admin/usulan/{number}").status_code == 404
    assert region.get("/admin/usulan/baru", query_string={"dari": number}).status_code == 404


@pytest.mark.parametrize("typed", [SUPERSCRIPT_TWO, "\u0663", "-1", "x"])
def test_a_proposal_started_from_a_bad_number_is_not_found(publishing, typed):
    region, _ministry = publishing
    assert region.get("/admin/usulan/baru", query_string={"dari": typed}).status_code == 404


def test_the_largest_id_is_still_read_and_not_found(publishing):
    region, ministry = publishing
    assert ministry.get("/admin/tinjauan/9223372036854775807").status_code == 404
    assert region.get("/admin/usulan/9223372036854775807").status_code == 404


def test_a_proposal_whose_version_is_past_the_column_is_refused_beside_its_line(publishing):
    region, _ministry = publishing
    answer = region.post("/admin/usulan/baru", data={"isi": SKTM.format(version=PAST_BIGINT), "tindakan": "ajukan"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "OUT_OF_RANGE" in html
    assert "usulan.yaml:2:10" in html


@pytest.mark.parametrize("configured", [SUPERSCRIPT_TWO, MANY_NINES, "0", "3651", "tiga puluh"])
def test_a_bad_configured_number_of_inactive_days_stops_the_start_by_name(make_app, bundled, configured):
    from framework.web import StartupError

    with pytest.raises(StartupError, match="MPP_INACTIVE_DAYS=") as refused:
        make_app(MPP_CATALOG=bundled, MPP_INACTIVE_DAYS=configured)
    assert "Traceback" not in str(refused.value)


@pytest.mark.parametrize(("configured", "days"), [(None, 30), ("", 30), (" 7 ", 7), ("3650", 3650)])
def test_the_configured_number_of_inactive_days_is_read_once_at_start(make_app, bundled, configured, days):
    from framework.web.performance import inactive_days

    app = make_app(MPP_CATALOG=bundled, **({} if configured is None else {"MPP_INACTIVE_DAYS": configured}))
    with app.app_context():
        assert inactive_days() == days


@pytest.mark.parametrize(
    "dates", [{"sampai": "9999-12-31"}, {"dari": "0001-01-01"}, {"dari": "9999-12-31"}, {"sampai": "0001-01-01"}]
)
def test_dates_at_the_ends_of_the_calendar_filter_without_failing(front_office, dates):
    """The day after 9999-12-31, or 0001-01-01 00:00 WIB in UTC, is past what a datetime holds: no bound."""
    answer = front_office.get("/admin/antrian/", query_string=dates)
    assert answer.status_code == 200 and "Tanggal ditulis" not in answer.get_data(as_text=True)


def test_a_reversed_date_range_is_named_at_the_end_box_not_an_empty_queue(front_office, file_application):
    """`dari=2026-11-25&sampai=2026-11-20` showed "0 permohonan" and no word why."""
    file_application("adminduk.kk", keterangan_perubahan="Menikah")
    answer = front_office.get("/admin/antrian/", query_string={"dari": "2026-11-25", "sampai": "2026-11-20"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert re.search(r'id="sampai-error"[^>]*>.*?Tanggal akhir sebelum tanggal awal\.', page, re.S)
    assert "0 permohonan" not in page  # the range that cannot mean anything does not narrow the queue
    same_day = front_office.get("/admin/antrian/", query_string={"dari": "2026-11-20", "sampai": "2026-11-20"})
    assert "Tanggal akhir sebelum tanggal awal." not in same_day.get_data(as_text=True)
