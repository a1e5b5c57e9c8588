"""Every field type renders, validates and round-trips through save and return.

An inline definition uses each type once (and a plain group, a repeating
group, a conditional page, a conditional document); the portal is driven
with the test client and the saved draft is read back through the pages.
"""

from __future__ import annotations

import io
import re

import pytest
from mpp_testing import load_test_catalog

from .inline_service import service_yaml
from .portal_helpers import PDF, form_values

SERVICE = "adminduk.semua-jenis"
ALL_TYPES = service_yaml(
    SERVICE,
    "Semua Jenis Isian",
    """\
pages:
  - id: satu
    title: {id: Satu, en: One}
    fields:
      - {id: teks, type: text, label: {id: Teks, en: Text}, required: true, min_length: 2, pattern: "[A-Za-z ]+", pattern_message: {id: Huruf saja, en: Letters only}}
      - {id: catatan, type: textarea, label: {id: Catatan, en: Notes}, max_length: 500}
      - {id: jumlah, type: integer, label: {id: Jumlah, en: Count}, min: 1, max: 10}
      - {id: berat, type: decimal, label: {id: Berat, en: Weight}, min: 0.5}
      - {id: tanggal, type: date, label: {id: Tanggal, en: Date}}
      - {id: pekerjaan, type: choice, label: {id: Pekerjaan, en: Occupation}, options_from: codelists/pekerjaan}
      - id: warna
        type: multichoice
        label: {id: Warna, en: Colours}
        options: {merah: {id: Merah, en: Red}, hijau: {id: Hijau, en: Green}, biru: {id: Biru, en: Blue}}
      - {id: setuju, type: boolean, label: {id: Setuju?, en: Agree?}, required: true}
  - id: dua
    title: {id: Dua, en: Two}
    when: setuju == true
    fields:
      - {id: surel, type: email, label: {id: Email, en: Email}}
      - {id: ponsel, type: phone, label: {id: Nomor ponsel, en: Mobile number}}
      - {id: nik, type: nik, label: {id: NIK, en: NIK}}
      - {id: kk, type: kk, label: {id: Nomor KK, en: Family card number}}
      - {id: desa, type: region, level: village, label: {id: Desa, en: Village}}
      - id: alamat
        type: group
        label: {id: Alamat, en: Address}
        fields:
          - {id: jalan, type: text, label: {id: Jalan, en: Street}, required: true}
          - {id: rt, type: integer, label: {id: RT, en: RT}}
      - id: anggota
        type: group
        repeat: {min: 0, max: 3}
        label: {id: Anggota, en: Members}
        fields:
          - {id: nama, type: text, label: {id: Nama, en: Name}, required: true}
          - {id: lahir, type: date, label: {id: Tanggal lahir, en: Date of birth}}
      - {id: benar, type: declaration, label: {id: Data ini benar., en: This is true.}}
documents:
  - {id: foto, label: {id: Foto, en: Photo}, accept: [jpg, png], max_mb: 1, when: "jumlah > 2"}
steps:
  - {id: verifikasi, title: {id: Verifikasi, en: Check}, role: operator_dukcapil, sla: 4h, actions: [approve, reject]}
""",  # noqa: E501
)

ANSWERS_ONE = {
    "teks": "Halo Dunia",
    "catatan": "baris satu\r\nbaris dua",
    "jumlah": "3",
    "berat": "2,5",
    "tanggal": "2024-08-17",
    "pekerjaan": "PELAJAR-MAHASISWA",
    "warna": ["merah", "biru"],
    "setuju": "ya",
}
ANSWERS_TWO = {
    "surel": "ani@contoh.id",
    "ponsel": "0812-3456-7890",
    "nik": "7306014501900002",
    "kk": "7306010101230001",
    "desa": None,
    "alamat-0-jalan": "Jl. Mawar 1",
    "alamat-0-rt": "4",
    "benar": "y",
}


@pytest.fixture
def client(make_portal, tmp_path):
    (tmp_path / "catalog").mkdir()
    client = make_portal(MPP_CATALOG=load_test_catalog(tmp_path / "catalog", ALL_TYPES))
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    return client


def url(page):
    return f"/layanan/{SERVICE}/{page}"


def post(client, page, data):
    body = form_values(client.get(url(page)).get_data(as_text=True))
    for name, value in data.items():
        body.poplist(name)
        if value is not None:
            body.setlist(name, value if isinstance(value, list) else [value])
    return client.post(url(page), data=body)


def test_every_type_renders_with_a_label_or_legend(client):
    html = client.get(url("satu")).get_data(as_text=True)
    for name in ("teks", "catatan", "jumlah", "berat", "tanggal", "pekerjaan"):
        assert f'for="{name}"' in html and f'id="{name}"' in html, name
    assert '<select class="select" id="pekerjaan"' in html  # many options: a drop-down
    assert 'type="date"' in html and 'inputmode="decimal"' in html and 'inputmode="numeric"' in html
    assert html.count('<fieldset class="fieldset" id="warna"') == 1 and html.count('type="checkbox"') == 3
    assert 'id="setuju"' in html and html.count('name="setuju"') == 2


def test_every_type_round_trips_through_the_draft(client):
    assert post(client, "satu", ANSWERS_ONE).location.endswith(url("dua"))

    html = client.get(url("dua")).get_data(as_text=True)
    assert 'type="email"' in html and 'type="tel"' in html and 'class="fieldset group" id="alamat"' in html
    post(client, "dua", {"desa--province": "73", "_action": "pilih:desa"})
    post(client, "dua", {"desa--regency": "73.06", "_action": "pilih:desa"})
    post(client, "dua", {"desa--district": "73.06.01", "_action": "pilih:desa"})
    html = client.get(url("dua")).get_data(as_text=True)
    village = form_values(html)
    first_village = html.split('name="desa--village"')[1].split('<option value="')[2].split('"')[0]
    assert village["desa--district"] == "73.06.01"
    post(client, "dua", {"_action": "tambah:anggota"})
    response = post(
        client,
        "dua",
        {**ANSWERS_TWO, "desa--village": first_village, "anggota-0-nama": "Rudi", "anggota-0-lahir": "01-02-2010"},
    )
    assert response.status_code == 302, [
        line
        for line in response.get_data(as_text=True).splitlines()
        if 'href="#' in line or "notice" in line or "error-message" in line
    ]
    assert response.location.endswith(url("unggah-dokumen"))

    # read everything back (a fresh page load is what "return" shows)
    one = form_values(client.get(url("satu")).get_data(as_text=True))
    assert (
        one["teks"] == "Halo Dunia"
        and one["jumlah"] == "3"
        and one["berat"] == "2.5"
        and one["tanggal"] == "2024-08-17"
    )
    assert (
        one.getlist("warna") == ["merah", "biru"] and one["setuju"] == "ya" and one["pekerjaan"] == "PELAJAR-MAHASISWA"
    )
    assert "baris dua" in one["catatan"]
    two = form_values(client.get(url("dua")).get_data(as_text=True))
    assert two["surel"] == "ani@contoh.id" and two["ponsel"] == "+6281234567890" and two["nik"] == "7306014501900002"
    assert (
        two["desa--village"] == first_village and two["alamat-0-jalan"] == "Jl. Mawar 1" and two["alamat-0-rt"] == "4"
    )
    assert two["anggota-0-nama"] == "Rudi" and two["anggota-0-lahir"] == "2010-02-01" and two["benar"] == "y"

    # a conditional document (jumlah > 2), checked by content
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    html = client.get(url("unggah-dokumen")).get_data(as_text=True)
    assert 'name="foto"' in html
    response = client.post(
        url("unggah-dokumen"), data={"foto": (io.BytesIO(PDF), "foto.png")}, content_type="multipart/form-data"
    )
    assert "Jenis berkas tidak diterima" in response.get_data(as_text=True)
    response = client.post(
        url("unggah-dokumen"), data={"foto": (io.BytesIO(png), "фото.png")}, content_type="multipart/form-data"
    )  # a name in Cyrillic was shown as "_.png"
    assert response.location.endswith(url("periksa-jawaban"))
    summary = client.get(url("periksa-jawaban")).get_data(as_text=True)
    for shown in (
        "Halo Dunia",
        "Pelajar/mahasiswa",
        "Merah, Biru",
        "17 Agustus 2024",
        "+6281234567890",
        "Jl. Mawar 1",
        "Rudi",
        "фото.png",
        "Kabupaten Gowa",
    ):
        assert shown in summary, shown


def test_a_false_condition_hides_a_page_and_drops_its_answers(client):
    post(client, "satu", {"teks": "Halo", "setuju": "ya"})
    post(client, "dua", {"surel": "ani@contoh.id", "alamat-0-jalan": "Jl. A", "benar": "y"})
    response = post(client, "satu", {"teks": "Halo", "setuju": "tidak"})
    assert response.location.endswith(url("periksa-jawaban"))  # page two and the photo are skipped
    assert client.get(url("dua")).status_code == 302
    assert "ani@contoh.id" not in client.get(url("periksa-jawaban")).get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("teks", "1", "Paling sedikit 2 karakter."),
        ("teks", "Halo 2", "Huruf saja"),  # the definition's pattern_message, not the generic words
        ("jumlah", "11", "Paling besar 10."),
        ("berat", "abc", "Masukkan angka"),
        ("setuju", None, "Wajib diisi."),
    ],
)
def test_each_constraint_shows_its_message(client, field, value, message):
    response = post(client, "satu", {"teks": "Halo", "setuju": "ya", field: value})
    html = response.get_data(as_text=True)
    target = f"{field}-0" if field == "setuju" else field  # a yes/no question: its first option, a control
    assert response.status_code == 200 and message in html and f'href="#{target}"' in html


def test_a_whole_number_may_group_its_thousands_with_dots():
    from framework.forms.compile import WHOLE_NUMBER

    assert all(WHOLE_NUMBER.fullmatch(text) for text in ("7", "1.500", "-12.000.000", "+3"))
    assert not any(WHOLE_NUMBER.fullmatch(text) for text in ("1.5", "2.0", "1.50", "12.3456", ".500", "1..500"))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("jumlah", "9" * 5000, "Masukkan bilangan bulat"),  # more digits than int() converts: was a ValueError, a 500
        ("jumlah", "1.5", "Masukkan bilangan bulat"),  # the dots were dropped: saved as 15
        ("jumlah", "2.0", "Masukkan bilangan bulat"),
        ("berat", "nan", "Masukkan angka"),  # NaN passed every min/max check and is not JSON
        ("berat", "inf", "Masukkan angka"),
        ("berat", "1e999", "Masukkan angka"),
    ],
)
def test_numbers_that_are_not_numbers_get_a_message_not_a_traceback(client, name, value, message):
    response = post(client, "satu", {**ANSWERS_ONE, name: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'href="#{name}"' in html and message in html
    assert form_values(client.get(url("satu")).get_data(as_text=True))[name] == value  # what was typed is kept


def test_each_text_input_says_the_cleaners_length_limit(client):
    """A paste of 10,000 characters was refused only after sending ("Paling banyak 500 karakter"): the box now
    stops at the limit the cleaner enforces, the definition's own or the type's default."""
    one = client.get(url("satu")).get_data(as_text=True)
    assert re.search(r'<input[^>]*id="teks"[^>]*maxlength="500"', one)  # text: no max_length, the default
    assert re.search(r'<textarea[^>]*id="catatan"[^>]*maxlength="500"', one)  # the definition's max_length
    post(client, "satu", ANSWERS_ONE)
    two = client.get(url("dua")).get_data(as_text=True)
    assert re.search(r'<input[^>]*id="surel"[^>]*maxlength="254"', two)
    assert re.search(r'<input[^>]*id="alamat-0-jalan"[^>]*maxlength="500"', two)
    assert re.search(r'<input[^>]*id="nik"[^>]*maxlength="20"', two)  # a NIK keeps its own


def test_an_email_address_longer_than_rfc_5321_allows_is_refused():
    """An address with a 5,000-character local part matched the pattern and was kept."""
    from framework.core.text import Text
    from framework.definition.model import FieldSpec
    from framework.forms.types import FIELD_TYPES, Invalid

    spec = FieldSpec("surel", "email", Text("Email"), "dua")
    longest_kept = "a" * 241 + "@contoh.co.id"
    assert len(longest_kept) == 254 and FIELD_TYPES["email"].clean(spec, longest_kept) == longest_kept
    with pytest.raises(Invalid) as refused:
        FIELD_TYPES["email"].clean(spec, "a" * 5000 + "@contoh.id")
    assert refused.value.code == "too_long" and refused.value.params == {"max_length": 254}
    assert FIELD_TYPES["email"].schema(spec)["maxLength"] == 254
