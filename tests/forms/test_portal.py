"""Portal behaviour beyond the happy path: CSRF, languages, save and return, failing prefill."""

from __future__ import annotations

import io
import re

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from framework.core.settings import PROJECT_ROOT

from .portal_helpers import APPLICANT, SERVICE, BrokenIKD, form_values, page_url, post_page


def test_a_post_without_csrf_token_is_refused(make_portal):
    client = make_portal(WTF_CSRF_ENABLED=True)
    refused = client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    assert refused.status_code == 400
    assert "Formulir kedaluwarsa" in refused.get_data(as_text=True)
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get(f"/layanan/{SERVICE}").get_data(as_text=True)
    ).group(1)
    assert client.post(f"/layanan/{SERVICE}/mulai", data={"csrf_token": token, "region": "73.06"}).status_code == 302


def test_every_portal_form_carries_a_csrf_token(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    for page in ("pemohon", "anak", "unggah-dokumen", "periksa-jawaban"):
        html = client.get(page_url(page)).get_data(as_text=True)
        assert html.count('name="csrf_token"') == html.count("<form"), page


def test_indonesian_by_default_and_english_by_the_switch(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    html = client.get(page_url("anak")).get_data(as_text=True)
    assert '<html lang="id">' in html and "Data Anak" in html and "Simpan dan lanjutkan" in html
    assert 'lang=en"' in html and 'hreflang="en"' in html
    html = client.get(page_url("anak") + "?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "Child" in html and "Save and continue" in html and "Male" in html
    response = post_page(client, "anak", {"nama_anak": "x" * 101})
    assert "Use at most 100 characters." in response.get_data(as_text=True)


KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def test_every_interface_string_has_an_english_translation():
    """Every page the citizen sees (the site's templates and views, the sign-in plugin's pages) has English."""
    web, signin = PROJECT_ROOT / "framework" / "web", PROJECT_ROOT / "plugins" / "signin"
    methods = [("**.html", "jinja2"), ("**.py", "python")]
    wanted = {  # a plural (ngettext) is known by its singular
        found[2] if isinstance(found[2], str) else found[2][0]
        for root in (web, signin)
        for found in extract_from_dir(root, methods, keywords=KEYWORDS)
        if isinstance(found[2], str) or (isinstance(found[2], tuple) and isinstance(found[2][0], str))
    }
    assert "Masuk dengan IKD" in wanted and "Nama pengguna" in wanted and "Kotak masuk" in wanted  # all of them read
    assert "%(num)d layanan cocok dengan “%(query)s”" in wanted  # plurals too
    with (PROJECT_ROOT / "framework" / "translations" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        english = {
            (m.id if isinstance(m.id, str) else m.id[0]): (m.string if isinstance(m.string, str) else all(m.string))
            for m in read_po(handle)
            if m.id
        }
    assert wanted and not [m for m in wanted if not english.get(m)]
    mo = PROJECT_ROOT / "framework" / "translations" / "en" / "LC_MESSAGES" / "messages.mo"
    assert mo.stat().st_mtime >= (mo.with_suffix(".po")).stat().st_mtime - 1, (
        "run pybabel compile -d framework/translations"
    )


def test_a_page_leads_back_to_the_one_before_and_to_each_step_filled(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(client, "pemohon", {"hubungan": "wali"})
    html = client.get(page_url("anak")).get_data(as_text=True)
    progress = html.split('class="progress"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{page_url("pemohon")}" rel="prev">Kembali ke langkah sebelumnya</a>' in progress
    assert f'<a href="{page_url("pemohon")}">' in progress.split('class="progress-steps"', 1)[1]  # a step filled
    assert f'href="{page_url("anak")}"' not in progress  # not the page itself
    first = client.get(page_url("pemohon")).get_data(as_text=True).split('class="progress"', 1)[1].split("</nav>")[0]
    assert 'rel="prev"' not in first  # the first page has nothing before it


def test_save_and_return_from_another_browser(make_portal, make_app):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(client, "pemohon", {"hubungan": "wali"})
    post_page(client, "anak", {"nama_anak": "Sari", "tanggal_lahir": "17/08/2024"})
    link = re.search(
        r'href="(http://localhost/layanan/[^"]+/lanjut/[^"]+)"', client.get(page_url("anak")).get_data(as_text=True)
    ).group(1)

    other = client.application.test_client()  # a fresh cookie jar: another device
    assert other.get(page_url("anak")).status_code == 302
    # not signed in: the IKD data stays private, and the link leads to signing in and back to the draft
    signed_out = other.get(link.replace("http://localhost", ""))
    assert signed_out.status_code == 302 and signed_out.location.startswith("/masuk/ikd?next=/layanan/")
    assert signed_out.location.endswith(link.replace("http://localhost", ""))
    with other.session_transaction() as session:
        session["citizen_nik"] = "7306010101900009"
    assert other.get(link.replace("http://localhost", "")).status_code == 403  # someone else
    with other.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    response = other.get(link.replace("http://localhost", ""))
    assert response.location.endswith(page_url("anak"))  # the first page not yet completed
    values = form_values(other.get(page_url("anak")).get_data(as_text=True))
    assert values["nama_anak"] == "Sari" and values["tanggal_lahir"] == "2024-08-17"
    assert form_values(other.get(page_url("pemohon")).get_data(as_text=True))["hubungan"] == "wali"


def test_text_that_does_not_parse_is_kept_and_reported(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(client, "anak", {"kembar": "ya"})
    response = post_page(client, "anak", {"tanggal_lahir": "31/02/2024", "saudara_kembar-0-urutan": "dua"})
    html = response.get_data(as_text=True)
    assert 'value="31/02/2024"' in html and 'value="dua"' in html
    assert 'href="#tanggal_lahir"' in html and 'href="#saudara_kembar-0-urutan"' in html
    assert "Masukkan bilangan bulat" in html


def test_a_failing_prefill_source_leaves_a_registry_only_field_locked_and_empty(make_portal):
    """The applicant's own IKD data is never typed: with IKD down it shows as missing, and a forged post is ignored."""
    client = make_portal(plugin=BrokenIKD)
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    html = client.get(page_url("pemohon")).get_data(as_text=True)
    assert 'name="nama_pemohon"' not in html and "Tidak ada data di registri" in html
    post_page(client, "pemohon", {"nik_pemohon": APPLICANT, "nama_pemohon": "Budi", "hubungan": "ayah"})
    after = client.get(page_url("pemohon")).get_data(as_text=True)
    assert "Budi" not in after and "nama_pemohon" not in form_values(after)


def test_an_error_on_check_your_answers_links_to_the_input_on_its_own_page(make_portal):
    # the summary shows an answer (a group too) as one row: `#saksi-0-nik_saksi` named nothing there
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(client, "pemohon", {"hubungan": "ayah", "_field": ["hubungan"]})
    html = client.post(page_url("periksa-jawaban")).get_data(as_text=True)
    summary = html[html.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert 'href="/layanan/adminduk.akta-kelahiran/anak?kembali=periksa-jawaban#nama_anak"' in summary
    assert 'href="#' not in summary  # every message leads to a page where its input is


def test_an_anonymous_visitor_signs_in_with_ikd_before_starting(make_portal):
    client = make_portal(signed_in=False)
    start = client.get(f"/layanan/{SERVICE}").get_data(as_text=True)
    assert f"/masuk/ikd?next=/layanan/{SERVICE}" in start and "Mulai sekarang" not in start
    response = client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    assert response.status_code == 302 and response.location.endswith(f"/masuk/ikd?next=/layanan/{SERVICE}")
    html = client.post(page_url("periksa-jawaban"), data={"region": "73.06"}).get_data(as_text=True)
    assert "Nomor pelacakan" not in html


def test_the_front_door_and_the_header_follow_the_citizen(make_portal):
    anonymous = make_portal(signed_in=False)
    assert anonymous.get("/").location.endswith("/layanan/")
    header = anonymous.get("/layanan/").get_data(as_text=True)
    assert "Masuk dengan IKD" in header and "Kotak masuk" not in header
    signed_in = make_portal().get("/layanan/").get_data(as_text=True)
    assert "Kotak masuk" in signed_in and 'action="/keluar"' in signed_in and "Masuk dengan IKD" not in signed_in


def test_a_hidden_page_and_unknown_pages(make_portal):
    client = make_portal()
    assert client.get(page_url("anak")).status_code == 302  # no draft yet: back to the start page
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    assert client.get(page_url("tidak_ada")).status_code == 404
    assert client.get("/layanan/tidak.ada").status_code == 404


def test_a_request_over_the_size_limit_gets_a_page_not_a_traceback(make_portal):
    client = make_portal(MAX_CONTENT_LENGTH=1024)
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    response = client.post(
        page_url("unggah-dokumen"),
        data={"surat_keterangan_lahir": (io.BytesIO(b"%PDF" + b"0" * 4096), "besar.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413 and "terlalu besar" in response.get_data(as_text=True)


@pytest.mark.parametrize("address", ["/pengaduan/baru", "/profil", "/lacak/", "/permohonan-saya"])
def test_every_citizen_page_answers_an_oversized_post_with_the_sites_page(make_portal, address):
    """Not werkzeug's bare English page: the complaint form takes attachments, and any post may be huge."""
    client = make_portal(MAX_CONTENT_LENGTH=1024)
    response = client.post(
        address,
        data={"lampiran": (io.BytesIO(b"%PDF" + b"0" * 4096), "besar.pdf")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 413 and "terlalu besar" in html and "MPP Digital" in html


def test_the_error_summary_names_each_field_and_locked_rows_have_no_change_link(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(client, "pemohon", {"hubungan": "ayah", "_field": ["hubungan"]})
    client.get(page_url("anak"))
    response = post_page(client, "anak", {"nama_anak": ""})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    summary = html[html.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "Nama Anak: " in summary and 'href="#nama_anak"' in summary
    page = client.get(page_url("periksa-jawaban")).get_data(as_text=True)
    assert (
        'href="/layanan/adminduk.akta-kelahiran/pemohon?kembali=periksa-jawaban#hubungan"' in page
    )  # an answer the citizen gave
    assert "#nama_pemohon" not in page  # prefilled and locked from IKD: nothing to change here


def test_a_registry_only_field_the_registry_lacks_has_no_change_link_either(make_portal):
    """Empty because IKD had nothing is still not the citizen's to type: "Ubah" would lead to a locked field."""
    client = make_portal(plugin=BrokenIKD)
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(client, "pemohon", {"hubungan": "ayah", "_field": ["hubungan"]})
    page = client.get(page_url("periksa-jawaban")).get_data(as_text=True)
    assert "periksa-jawaban#hubungan" in page  # an answer the citizen gave can be changed
    assert "#nama_pemohon" not in page and "#nik_pemohon" not in page


def test_the_language_link_keeps_the_page_parameters(make_portal):
    client = make_portal()
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    html = client.get(page_url("anak") + "?kembali=periksa-jawaban").get_data(as_text=True)
    assert "kembali=periksa-jawaban&amp;lang=en" in html
    assert client.get("/lacak/?lang=en").status_code == 200
    assert 'lang="en"' in client.get("/layanan/").get_data(as_text=True)  # remembered beyond the portal's own pages


def test_every_fixed_portal_address_under_a_service_is_a_reserved_page_id(make_portal):
    """A page with such an id would hide behind that address: the definition checker refuses those ids."""
    from framework.definition.checks import RESERVED_PAGE_IDS
    from framework.definition.metaschema import ID_PATTERN

    rules = [r.rule for r in make_portal().application.url_map.iter_rules() if r.endpoint.startswith("portal.")]
    words = {
        rule.split("/")[3]
        for rule in rules
        if rule.startswith("/layanan/<service_id>/") and "<" not in rule.split("/")[3]
    }
    assert {word for word in words if re.fullmatch(ID_PATTERN, word)} == RESERVED_PAGE_IDS


def test_the_whole_service_standard_is_published_for_the_regency_chosen(make_portal):
    """Procedure, approval chain, complaints and facilities, not only time, fee and requirements."""
    from framework.definition import load_catalog

    bundled_client = make_portal(signed_in=False, MPP_CATALOG=load_catalog(PROJECT_ROOT / "definitions"))
    start = bundled_client.get("/layanan/adminduk.kk").get_data(as_text=True)
    assert 'href="/layanan/adminduk.kk/standar-pelayanan"' in start
    national = bundled_client.get("/layanan/adminduk.kk/standar-pelayanan").get_data(as_text=True)
    for heading in ("Sistem, mekanisme dan prosedur", "Alur persetujuan", "Penanganan pengaduan, saran dan masukan"):
        assert f">{heading}</h3>" in national
    assert "Sarana, prasarana dan/atau fasilitas" in national and "verifikasi_kecamatan" not in national
    gowa = bundled_client.get("/layanan/adminduk.kk/standar-pelayanan?wilayah=73.06").get_data(as_text=True)
    assert "petugas kecamatan memverifikasi susunan keluarga" in gowa  # Gowa's own step, said to its citizens
    assert '<option value="73.06" selected>' in gowa
    english = bundled_client.get("/layanan/adminduk.kk/standar-pelayanan?lang=en").get_data(as_text=True)
    assert ">Complaints, suggestions and feedback</h3>" in english


@pytest.mark.parametrize(
    ("address", "shown", "hidden"),
    [
        (
            "/layanan/nakes.sip-dokter/standar-pelayanan",
            (
                "<td>Petugas front office DPMPTSP</td>",
                "<td>Tim teknis Dinas Kesehatan</td>",
                "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu kabupaten/kota setempat",
            ),
            ("fo_dpmptsp", "teknis_dinkes", "<td>dpmptsp</td>", "{region}"),
        ),
        (
            "/layanan/nakes.sip-dokter/standar-pelayanan?lang=en",
            (
                "<td>DPMPTSP front-office officer</td>",
                "<td>Health office technical team</td>",
                "Investment and One-Stop Integrated Service Office, the local regency/city",
            ),
            ("fo_dpmptsp", "teknis_dinkes", "<td>dpmptsp</td>"),
        ),
        (
            "/layanan/adminduk.kk/standar-pelayanan?wilayah=73.06",
            (
                "<td>Kabupaten Gowa (73.06)</td>",
                "<td>Operator Dukcapil</td>",
                "<td>Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa</td>",
            ),
            ("operator_dukcapil", "<td>73.06</td>", "<td>dukcapil</td>"),
        ),
        (
            "/layanan/adminduk.kk/standar-pelayanan?wilayah=73.06&lang=en",
            (
                "<td>Kabupaten Gowa (73.06)</td>",
                "<td>Dukcapil operator</td>",
                "<td>Population and Civil Registration Office, Kabupaten Gowa</td>",
            ),
            ("operator_dukcapil", "<td>73.06</td>", "<td>dukcapil</td>"),
        ),
    ],
)
def test_the_published_standard_names_roles_issuers_and_regions_not_codes(make_portal, address, shown, hidden):
    """A citizen read `fo_dpmptsp`, `teknis_dinkes`, `dukcapil` and `73.06` in the standard."""
    from framework.definition import load_catalog

    client = make_portal(signed_in=False, MPP_CATALOG=load_catalog(PROJECT_ROOT / "definitions"))
    page = client.get(address).get_data(as_text=True)
    for words in shown:
        assert words in page
    for code in hidden:
        assert code not in page


def test_the_english_standard_marks_the_indonesian_only_texts_and_scrolls_each_table_in_its_own_region(make_portal):
    """The law titles exist only in Indonesian: a screen reader reading the English page in English mangled them,
    while the service's own page marks the same items ``lang="id"``. Each table scrolls in a named region."""
    from framework.definition import load_catalog

    client = make_portal(signed_in=False, MPP_CATALOG=load_catalog(PROJECT_ROOT / "definitions"))
    english = client.get("/layanan/nakes.sip-perawat/standar-pelayanan?lang=en").get_data(as_text=True)
    assert '<li><span lang="id">Undang-Undang Nomor 38 Tahun 2014 tentang Keperawatan</span></li>' in english
    assert "<li>Undang-Undang" not in english
    assert '<div class="table-scroll" role="region" aria-label="Documents to upload" tabindex="0"><table>' in english
    assert english.count('class="table-scroll"') == english.count("<table>")
    indonesian = client.get("/layanan/nakes.sip-perawat/standar-pelayanan?lang=id").get_data(as_text=True)
    assert "<li>Undang-Undang Nomor 38 Tahun 2014 tentang Keperawatan</li>" in indonesian
    assert 'lang="id"' not in indonesian.split("<main", 1)[1]


def test_the_error_summary_follows_the_page():
    """Read top to bottom, its links jump down the page: a later field's error is not listed before an earlier one."""
    from types import SimpleNamespace as View

    from framework.forms.pageview import in_page_order
    from framework.forms.validation import FieldError

    views = [View(name="a", rows=[]), View(name="b", rows=[[View(name="b-0-x")]]), View(name="c", rows=[])]
    errors = [FieldError(field, "x", "m") for field in ("c", "dokumen", "b.0.x", "", "a")]
    assert [error.field for error in in_page_order(errors, views)] == ["", "a", "b.0.x", "c", "dokumen"]
