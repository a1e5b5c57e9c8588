"""The officer workspace for a screen-reader or keyboard user: refused forms say so, tables scroll and are named.

An officer works in these screens all day; after a refused post the title
starts with "Kesalahan:", each field names its hint and error through
aria-describedby (with aria-invalid), and every wide table sits in a named,
focusable region so it can be scrolled with the keyboard at 200% zoom.
"""

from __future__ import annotations

import io

import pytest
from a11y_markup import Page
from adminhelpers import BUDI_VILLAGE, REGION_A, sign_in

from framework.forms.examples import example_file
from framework.workflow.roles import MINISTRY_ROLE


def read(response) -> Page:
    return Page.read(response.get_data(as_text=True))


def test_adding_an_officer_refused_ties_each_message_to_its_field(admin):
    assert read(admin.get("/admin/petugas/")).title.startswith("Petugas")
    refused = admin.post(
        "/admin/petugas/", data={"username": "Budi Petugas", "role": "kepala", "region": "73.06", "password": "pendek"}
    )
    assert refused.status_code == 422
    page = read(refused)
    assert page.title.startswith("Kesalahan: Petugas")
    first = [e.tag if e.tag == "h1" else e.attrs.get("id") for e in page.elements if e.tag == "h1" or "id" in e.attrs]
    assert first.index("error-summary") < first.index("h1")  # read first, above the officers' table
    for name in ("username", "role", "region", "password"):
        control = page.by_id[name]
        assert control.attrs["aria-invalid"] == "true", name
        assert f"{name}-error" in control.described_by(), name
        assert page.by_id[f"{name}-error"].text.strip().startswith("Kesalahan:"), name
    assert page.by_id["password"].described_by() == ["password-hint", "password-error"]
    assert "paling sedikit 12 karakter" in page.described("password")
    assert page.by_id["role"].described_by() == ["role-hint", "role-error"]


def test_a_fresh_form_has_hints_tied_and_no_error_state(admin):
    page = read(admin.get("/admin/petugas/"))
    assert page.by_id["password"].described_by() == ["password-hint"]
    assert "aria-invalid" not in page.by_id["username"].attrs and "aria-describedby" not in page.by_id["username"].attrs


def test_changing_the_password_refused_says_so_in_the_title_and_at_the_field(admin):
    refused = admin.post("/admin/akun/", data={"current": "salah", "password": "kerbau-merah-menari-88"})
    assert refused.status_code == 422
    page = read(refused)
    assert page.title.startswith("Kesalahan: Ganti kata sandi")
    assert page.by_id["current"].described_by() == ["current-error"]
    assert "Kata sandi saat ini salah" in page.described("current")
    assert page.by_id["password"].described_by() == ["password-hint"]  # the new password itself was fine


def test_the_counter_refusing_a_nik_says_so_at_the_field(admin_app, officer):
    officer("loket.desa", "operator_dukcapil", BUDI_VILLAGE)
    desk = admin_app.test_client()
    sign_in(desk, "loket.desa")
    page = read(desk.post("/admin/loket/", data={"layanan": "adminduk.kk", "nik": "3203019913851234"}))
    assert page.title.startswith("Kesalahan: Loket")
    assert page.by_id["nik"].attrs["aria-invalid"] == "true" and page.by_id["nik"].described_by() == ["nik-error"]
    assert "NIK harus 16 angka yang sah" in page.described("nik")
    assert "aria-invalid" not in page.by_id["layanan"].attrs


@pytest.mark.parametrize(
    ("username", "role", "region", "address"),
    [
        ("admin.gowa", "admin_daerah", "73.06", "/admin/petugas/"),
        ("kementerian", MINISTRY_ROLE, None, "/admin/katalog/"),
        ("kementerian", MINISTRY_ROLE, None, "/admin/kinerja/"),
    ],
)
def test_a_wide_table_scrolls_by_keyboard_inside_a_named_region(admin_app, officer, username, role, region, address):
    officer(username, role, region)
    officer("fo.gowa", "operator_dukcapil", "73.06")  # a row in the officers' table
    client = admin_app.test_client()
    sign_in(client, username)
    page = read(client.get(address))
    regions = page.find("div", class_="table-wrap")
    assert regions, address
    for region_element in regions:
        assert region_element.attrs["role"] == "region" and region_element.attrs["tabindex"] == "0"
        caption = page.by_id[region_element.attrs["aria-labelledby"]]
        assert caption.tag == "caption" and caption.text.strip()


def test_the_builder_ties_each_problem_to_its_input(gowa_admin):
    from test_builder import add, start_blank

    draft = start_blank(gowa_admin)
    income = add(gowa_admin, draft, "field", add(gowa_admin, draft, "page"), "integer")
    address = f"/admin/pembuat/{draft}/elemen/{income}"
    data = {"id": "penghasilan", "type": "integer", "label_id": "Penghasilan", "label_en": "Income", "max": "3.000.000"}
    page = read(gowa_admin.post(address, data=data, follow_redirects=True))
    assert page.title.startswith("Kesalahan: ")
    assert page.by_id["max"].attrs["aria-invalid"] == "true" and "max-error" in page.by_id["max"].described_by()
    assert "WRONG_TYPE" in page.described("max")
    assert "aria-invalid" not in page.by_id["id"].attrs  # the fields without a problem stay quiet
    label = page.find("fieldset", class_="fieldset bilingual")[0]
    assert all(part in page.by_id for part in label.described_by())
    fixed = read(gowa_admin.post(address, data={**data, "max": "3000000"}, follow_redirects=True))
    assert not fixed.title.startswith("Kesalahan") and "aria-invalid" not in fixed.by_id["max"].attrs


@pytest.mark.parametrize(
    ("posted", "controls"),
    [
        ({"max": "3.000.000"}, {"max"}),
        ({"label_en": ""}, {"label_id"}),
        ({"when_mode": "expression", "when_expr": "penghasilan =="}, {"when_mode-expression"}),
        ({"options_rows": "1", "options-0-code": "A B", "options-0-id": "Satu"}, {"options-0-code"}),
    ],
)
def test_the_builders_problems_are_summed_up_above_the_form_with_links_to_their_inputs(gowa_admin, posted, controls):
    """A problem shown only beside its input, far down a long form, was found by scrolling: the summary at the top
    (focusable, read first) links to each problem's input."""
    from test_builder import add, start_blank

    draft = start_blank(gowa_admin)
    income = add(gowa_admin, draft, "field", add(gowa_admin, draft, "page"), "integer")
    data = {"id": "penghasilan", "type": "integer", "label_id": "Penghasilan", "label_en": "Income", **posted}
    page = read(gowa_admin.post(f"/admin/pembuat/{draft}/elemen/{income}", data=data, follow_redirects=True))
    summary = page.by_id["error-summary"]
    assert summary.attrs["role"] == "alert" and summary.attrs["tabindex"] == "-1"
    after = page.elements[page.elements.index(summary) :]
    links = [
        e.attrs["href"][1:]
        for e in after[: after.index(page.find("form", class_="form builder-form")[0])]
        if e.tag == "a"
    ]
    assert controls <= set(links)
    assert all(target in page.by_id for target in links), links


def test_a_refused_upload_or_proposal_in_the_builder_says_so_in_the_title(gowa_admin):
    """The page title is the first thing a screen reader says after a post: the builder's list (an upload it cannot
    read) and its proposal page (a draft refused) answered 422 under their plain titles."""
    from test_builder import start_blank

    upload = gowa_admin.post(
        "/admin/pembuat/unggah",
        data={"file": (io.BytesIO(b"service: [\n"), "x.yaml")},
        content_type="multipart/form-data",
    )
    refused = gowa_admin.post(f"/admin/pembuat/{start_blank(gowa_admin)}/ajukan")
    assert upload.status_code == refused.status_code == 422
    assert read(upload).title.startswith("Kesalahan: Pembuat layanan")
    assert read(refused).title.startswith("Kesalahan: Pengajuan")
    assert not read(gowa_admin.get("/admin/pembuat/")).title.startswith("Kesalahan")


def test_a_nul_in_the_builders_start_form_is_read_with_its_input_after_its_hint(gowa_admin):
    """The site's guard answered its own page; now the start form comes back with the message tied to the input,
    after the input's hint (which was tied to nothing)."""
    page = read(gowa_admin.post("/admin/pembuat/baru", data={"title_id": "SKTM", "sector": "sos\x00ial"}))
    assert page.title.startswith("Kesalahan: ") and page.by_id["sector"].attrs["aria-invalid"] == "true"
    assert page.by_id["sector"].described_by() == ["sector-hint", "sector-error"]
    assert "awal id layanan" in page.described("sector") and "karakter yang tidak sah" in page.described("sector")
    assert page.by_id["name"].described_by() == ["name-hint"] and "aria-invalid" not in page.by_id["title_id"].attrs


def test_an_adapted_elements_template_values_are_read_with_their_inputs(gowa_admin):
    """The template's value under an adapted element's input ("Templat: 100") was tied to nothing: a screen reader
    said the empty input and never what it overrides."""
    from test_builder_variants import adapt, start_variant

    name = adapt(gowa_admin, start_variant(gowa_admin), "field", "nama_anak", "anak")
    page = read(gowa_admin.get(name))
    assert page.described("max_length").endswith("Templat: 60")
    assert page.described("required").endswith("Templat: ya")
    label = page.find("fieldset", class_="fieldset bilingual")[0]
    assert "label-template" in label.described_by() and page.by_id["label-template"].text.startswith("Templat: Nama")
    refused = read(gowa_admin.post(name, data={"id": "nama_anak", "max_length": "banyak"}, follow_redirects=True))
    tied = refused.by_id["max_length"].described_by()
    assert "max_length-error" in tied and tied[-1] == "max_length-template"
    assert all(part in refused.by_id for part in tied)


def test_sortable_headers_say_they_sort_and_which_way(admin_app, officer):
    officer("kementerian", MINISTRY_ROLE, None)
    client = admin_app.test_client()
    sign_in(client, "kementerian")
    page = read(client.get("/admin/kinerja/?urut=median&arah=turun"))
    table = page.by_id["tabel-daerah"]
    headers = page.elements[page.elements.index(table) :]
    headers = [e for e in headers[: next(i for i, e in enumerate(headers) if e.tag == "tbody")] if e.tag == "th"]
    sorts = [header.attrs.get("aria-sort") for header in headers]
    assert len(headers) > 5 and sorts.count("descending") == 1 and sorts.count("none") == len(headers) - 1
    html = client.get("/admin/kinerja/?urut=median&arah=turun").get_data(as_text=True)
    assert "(urutkan menaik)" in html and "(urutkan menurun)" in html  # the sorted column's link turns it round


def test_the_counter_ties_a_missing_document_and_a_missing_consent_to_their_controls(admin_app, officer):
    from test_counter import ANSWERS, RINA

    officer("loket.desa", "operator_dukcapil", BUDI_VILLAGE)
    desk = admin_app.test_client()
    sign_in(desk, "loket.desa")
    address = desk.post("/admin/loket/", data={"layanan": "adminduk.kk", "nik": RINA}).location
    for answers in ANSWERS.values():
        address = desk.post(address, data=answers).location
    documents = read(desk.post(address, data={}))
    assert documents.title.startswith("Kesalahan: Dokumen Pendukung")
    upload = documents.by_id["surat_kehilangan"]
    assert upload.attrs["aria-invalid"] == "true"
    assert upload.described_by() == ["surat_kehilangan-hint", "surat_kehilangan-error"]
    assert page_text(documents, "surat_kehilangan-error").startswith("Kesalahan:")
    name, data = example_file(["pdf"])
    sent = desk.post(address, data={"surat_kehilangan": (io.BytesIO(data), name)}, content_type="multipart/form-data")
    summary = read(desk.post(sent.location, data={}))
    assert summary.title.startswith("Kesalahan: Periksa dan kirim")
    consent = summary.by_id["persetujuan"]
    assert consent.attrs["aria-invalid"] == "true" and consent.described_by() == ["consent-error"]
    assert "menyetujui pengajuan atas namanya" in summary.described("persetujuan")


def page_text(page: Page, element_id: str) -> str:
    return " ".join(page.by_id[element_id].text.split())


def test_the_queue_and_the_complaints_scroll_by_keyboard_inside_a_named_region(
    admin_app, officer, sessions, file_application
):
    from test_complaints_and_outbox import _file

    _file(sessions, file_application("adminduk.kk"))
    officer("fo", "operator_dukcapil", REGION_A)
    officer("admin.a", "admin_daerah", REGION_A)  # the region's complaints handler
    fo, admin = admin_app.test_client(), admin_app.test_client()
    sign_in(fo, "fo")
    sign_in(admin, "admin.a")
    for client, address in ((fo, "/admin/antrian/"), (admin, "/admin/pengaduan/")):
        page = read(client.get(address))
        regions = page.find("div", class_="table-wrap")
        assert regions, address
        for region_element in regions:
            assert region_element.attrs["role"] == "region" and region_element.attrs["tabindex"] == "0"
            caption = page.by_id[region_element.attrs["aria-labelledby"]]
            assert caption.tag == "caption" and caption.text.strip(), address
