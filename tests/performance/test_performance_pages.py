"""The ministry's screens and the public page, through the app: who sees what, filters, order, exports, bad input.

The known data set is filed around a Monday five weeks before today (the
pages count from the real clock), so the numbers checked here are the
service functions' own (verified by hand in test_figures) as the pages
format them.
"""

from __future__ import annotations

import csv
import io

import pytest
from performance_helpers import GOWA, SOPPENG, as_officer, build, recent_monday

from framework.core import settings
from framework.services import performance_stats
from framework.services.accounts import add_user
from framework.services.loci import current_loci
from framework.services.performance import OverviewQuery, overview
from framework.store.types import utcnow
from framework.web.performance import days_text

MINISTRY, SOPPENG_ADMIN, SOPPENG_HEAD, SOPPENG_CLERK, GOWA_ADMIN, PROVINCE_ADMIN = (
    ("kemen", "auditor_kementerian", None),
    ("admin.soppeng", "admin_daerah", SOPPENG),
    ("head.soppeng", "kepala_dpmptsp", SOPPENG),
    ("clerk.soppeng", "operator_dpmptsp", SOPPENG),
    ("admin.gowa", "admin_daerah", GOWA),
    ("admin.sulsel", "admin_daerah", "73"),
)


@pytest.fixture
def pages(make_app, catalog, sessions, spec):
    with sessions() as session:
        build(session, spec, recent_monday(utcnow()))
        performance_stats.refresh(session)
        for username, role, region in (
            MINISTRY,
            SOPPENG_ADMIN,
            SOPPENG_HEAD,
            SOPPENG_CLERK,
            GOWA_ADMIN,
            PROVINCE_ADMIN,
        ):
            add_user(session, username, role, region, password_hash="-")
    return make_app(MPP_CATALOG=catalog, WTF_CSRF_ENABLED=False).test_client()


def expected(sessions, catalog, **query):
    with sessions() as session:
        loci = current_loci(session, settings.definitions_dir())
        return overview(session, loci, catalog.offered(), settings.definitions_dir(), OverviewQuery(**query))


def region_order(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('data-region="')[1:]]


def test_the_ministry_lands_on_the_overview_of_every_locus(pages, sessions, catalog):
    client = as_officer(pages, MINISTRY)
    assert client.get("/admin/").headers["Location"].endswith("/admin/kinerja/")
    page = client.get("/admin/kinerja/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and len(region_order(html)) == 60
    soppeng = next(row for row in expected(sessions, catalog).rows if row.region == SOPPENG)
    row = html.split(f'data-region="{SOPPENG}"', 1)[1].split("</tr>", 1)[0]
    with pages.application.test_request_context():
        assert days_text(soppeng.figures.median_days) in row  # Indonesian decimals: a comma
    assert "tidak aktif" in html and "<svg" in html and 'role="img"' in html


def test_english_numbers_and_words(pages):
    client = as_officer(pages, MINISTRY)
    html = client.get("/admin/kinerja/?lang=en").get_data(as_text=True)
    assert "Regional performance" in html and "inactive" in html and "Within SLA" in html


def test_sorting_by_a_column_both_ways(pages, sessions, catalog):
    client = as_officer(pages, MINISTRY)
    falling = region_order(client.get("/admin/kinerja/?urut=median&arah=turun").get_data(as_text=True))
    rising = region_order(client.get("/admin/kinerja/?urut=median&arah=naik").get_data(as_text=True))
    assert falling[:2] == [SOPPENG, GOWA] and rising[:2] == [GOWA, SOPPENG]  # 630 and 90 minutes
    assert falling[2:] == rising[2:]  # the regions without decisions stay last, by name, either way
    by_name = [row.region for row in expected(sessions, catalog, sort="filed", descending=True).rows]
    assert region_order(client.get("/admin/kinerja/?urut=filed&arah=turun").get_data(as_text=True)) == by_name


def test_filters_by_province_and_wave(pages):
    client = as_officer(pages, MINISTRY)
    sulsel = region_order(client.get("/admin/kinerja/?provinsi=73").get_data(as_text=True))
    assert set(sulsel) >= {SOPPENG, GOWA} and all(code.startswith("73.") for code in sulsel)
    june = region_order(client.get("/admin/kinerja/?gelombang=2023-06").get_data(as_text=True))
    assert len(june) == 21 and SOPPENG not in june  # Soppeng joined in December 2023


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("tidak_aktif=abc", "tidak_aktif", "bilangan bulat"),
        ("tidak_aktif=0", "tidak_aktif", "bilangan bulat"),
        ("provinsi=7", "provinsi", "bukan kode provinsi"),
        ("provinsi=99", "provinsi", "bukan kode provinsi"),  # two digits, but no such province
        ("gelombang=2030-01", "gelombang", "tidak dikenal"),
        ("urut=nik", "urut", "tidak dikenal"),
    ],
)
def test_bad_filters_are_named_not_a_traceback(pages, query, field, words):
    page = as_officer(pages, MINISTRY).get(f"/admin/kinerja/?{query}")
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and f'id="{field}-error"' in html and words in html
    assert len(region_order(html)) == 60  # the page still shows, with that value at its default


def test_inactive_days_change_the_flag(pages):
    client = as_officer(pages, MINISTRY)

    def soppeng(days: int) -> str:
        html = client.get(f"/admin/kinerja/?tidak_aktif={days}").get_data(as_text=True)
        return html.split(f'data-region="{SOPPENG}"')[1].split("</tr>")[0]

    assert "tidak aktif" in soppeng(1) and "tidak aktif" not in soppeng(3650)


def test_csv_and_xlsx_hold_the_overview(pages, sessions, catalog):
    client = as_officer(pages, MINISTRY)
    answer = client.get("/admin/kinerja/unduh.csv?provinsi=73&urut=median&arah=turun")
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, not two
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Kode wilayah", "Daerah", "Provinsi"]
    soppeng = next(row for row in expected(sessions, catalog).rows if row.region == SOPPENG)
    assert rows[1][0] == SOPPENG and float(rows[1][8]) == pytest.approx(soppeng.figures.median_days, abs=1e-4)
    assert rows[1][10] == f"{soppeng.figures.sla_share:.4f}".rstrip("0").rstrip(".")
    english = client.get("/admin/kinerja/unduh.csv?lang=en").get_data().decode("utf-8-sig")
    assert english.startswith("Region code,Region,Province")

    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(client.get("/admin/kinerja/unduh.xlsx?provinsi=73&urut=median&arah=turun").get_data())
    )
    sheet = book.active
    assert sheet["A2"].value == SOPPENG and sheet["I2"].value == pytest.approx(soppeng.figures.median_days)
    assert sheet["K2"].number_format == "0.0%" and sheet.max_row == len(rows)


def test_a_region_page_for_the_ministry_the_region_and_its_heads(pages):
    for who in (MINISTRY, SOPPENG_ADMIN, SOPPENG_HEAD, PROVINCE_ADMIN):
        page = as_officer(pages, who).get(f"/admin/kinerja/{SOPPENG}")
        assert page.status_code == 200, who
        html = page.get_data(as_text=True)
        assert (
            "Kabupaten Soppeng" in html
            and 'id="grafik-mingguan"' in html
            and 'data-step="nakes.sip-uji/verifikasi"' in html
        )
    assert as_officer(pages, SOPPENG_ADMIN).get(f"/admin/kinerja/{GOWA}").status_code == 404
    assert as_officer(pages, GOWA_ADMIN).get(f"/admin/kinerja/{SOPPENG}").status_code == 404
    assert as_officer(pages, SOPPENG_CLERK).get(f"/admin/kinerja/{SOPPENG}").status_code == 403  # not a head
    assert as_officer(pages, MINISTRY).get("/admin/kinerja/99.99").status_code == 404


def test_a_regency_lands_on_its_page_a_province_on_its_overview(pages):
    landing = as_officer(pages, SOPPENG_ADMIN).get("/admin/kinerja/")
    assert landing.status_code == 302 and landing.headers["Location"].endswith(f"/admin/kinerja/{SOPPENG}")
    province = as_officer(pages, PROVINCE_ADMIN).get("/admin/kinerja/?provinsi=11").get_data(as_text=True)
    assert region_order(province) and all(code.startswith("73.") for code in region_order(province))
    assert as_officer(pages, SOPPENG_ADMIN).get("/admin/kinerja/unduh.csv").status_code == 404


def test_signed_out_and_citizens_are_sent_to_sign_in(pages):
    assert pages.get("/admin/kinerja/").status_code == 302
    assert "/masuk/petugas" in pages.get(f"/admin/kinerja/{SOPPENG}").headers["Location"]


def test_the_public_page_shows_figures_and_no_personal_data(pages, sessions):
    pages.get("/keluar")
    page = pages.get(f"/kinerja/{SOPPENG}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Kabupaten Soppeng" in html and "Izin Praktik Uji" in html
    assert "7312011505900001" not in html and "Andi Tenri" not in html
    from framework.store.models import Application

    with sessions() as session:
        numbers = [number for (number,) in session.query(Application.tracking_number)]
    assert numbers and not any(number in html for number in numbers)
    assert pages.get("/kinerja/32.05").status_code == 404  # not a locus
    assert pages.get("/kinerja/bukan-kode").status_code == 404
    index = pages.get("/kinerja/").get_data(as_text=True)
    assert f'href="/kinerja/{SOPPENG}"' in index and index.count('href="/kinerja/') >= 60
    assert 'href="/kinerja/"' in pages.get("/layanan/").get_data(as_text=True)  # linked from the portal
    assert "Median decision time" in pages.get(f"/kinerja/{SOPPENG}?lang=en").get_data(as_text=True)


def test_a_region_without_decisions_shows_a_dash_not_a_dash_of_working_days(pages):
    client = as_officer(pages, MINISTRY)
    for path in ("/admin/kinerja/72.11", "/kinerja/72.11"):
        page = client.get(path)
        html = page.get_data(as_text=True)
        assert page.status_code == 200, path
        assert "— hari kerja" not in html and "—</dd>" in html, path


def test_ties_stay_in_name_order_whichever_way_a_column_sorts(pages, sessions, catalog):
    rows = {row.region: row.name for row in expected(sessions, catalog).rows}
    client = as_officer(pages, MINISTRY)
    falling = region_order(client.get("/admin/kinerja/?urut=filed&arah=turun").get_data(as_text=True))
    assert falling[:2] == [SOPPENG, GOWA]  # 7 and 1 filed; every other locus none
    tied = [rows[region] for region in falling[2:]]
    assert tied == sorted(tied)
    by_province = region_order(client.get("/admin/kinerja/?urut=province&arah=turun").get_data(as_text=True))
    sulawesi_selatan = [rows[region] for region in by_province if region.startswith("73.")]
    assert sulawesi_selatan == sorted(sulawesi_selatan)


def test_a_nation_without_decisions_is_said_so_not_a_dash_of_working_days(make_app, catalog, sessions):
    with sessions() as session:
        add_user(session, *MINISTRY, password_hash="-")
    client = as_officer(make_app(MPP_CATALOG=catalog).test_client(), MINISTRY)
    html = client.get("/admin/kinerja/").get_data(as_text=True)
    assert "Nasional: belum ada keputusan dalam 90 hari." in html and "— hari kerja" not in html


def test_a_bad_order_names_the_columns_as_the_headers_do(pages):
    client = as_officer(pages, MINISTRY)
    indonesian = client.get("/admin/kinerja/?urut=nik").get_data(as_text=True)
    message = indonesian.split('id="urut-error"', 1)[1].split("</p>", 1)[0]
    assert "Diajukan 90 hari" in message and "filed_recent" not in message
    english = client.get("/admin/kinerja/?urut=nik&lang=en").get_data(as_text=True)
    message = english.split('id="urut-error"', 1)[1].split("</p>", 1)[0]
    assert "Filed, 90 days" in message and "Last filed" in message and "last_filed" not in message
    assert "<a href" in english and ">Filed, 90 days<" in english  # the header the message names


def test_the_totals_row_adds_up_the_overdue_applications(pages, sessions, catalog):
    found = expected(sessions, catalog)
    assert found.overdue_total == sum(row.overdue for row in found.rows) > 0
    html = as_officer(pages, MINISTRY).get("/admin/kinerja/").get_data(as_text=True)
    cells = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0].split("<td")
    overdue_cell = cells[13]  # the thirteenth cell after the row header: Terlambat
    assert f">{found.overdue_total}</td>" in overdue_cell
