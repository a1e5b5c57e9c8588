"""A region adapts a national service in the builder: what the author writes is what the variant says.

Gowa's admin starts a variant of the birth certificate, adapts an inherited
step to shorten its SLA, and gives an inherited field a condition on other
template fields with the condition builder. The variant file holds only
what they changed, with each value written as the template's field needs.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from framework.store.builder import BuilderDraft

TEMPLATE = "adminduk.akta-kelahiran"


def start_variant(client) -> int:
    answer = client.post("/admin/pembuat/varian", data={"template": TEMPLATE})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return int(re.search(r"/admin/pembuat/(\d+)/", answer.headers["Location"])[1])


def adapt(client, draft: int, kind: str, item_id: str, page: str = "") -> str:
    answer = client.post(f"/admin/pembuat/{draft}/sesuaikan", data={"kind": kind, "id": item_id, "page": page})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return answer.headers["Location"]


def stored(sessions, draft: int) -> BuilderDraft:
    with sessions() as session:
        return session.scalars(select(BuilderDraft).where(BuilderDraft.id == draft)).one()


def test_shortening_an_inherited_steps_sla_keeps_its_actions(gowa_admin, sessions):
    """The adapted step's form has no box ticked (the variant's entry lists no actions): saving only a shorter SLA
    wrote `actions: []`, which replaced the template's actions and was refused (TOO_FEW)."""
    draft = start_variant(gowa_admin)
    step = adapt(gowa_admin, draft, "step", "pemeriksaan_berkas")
    assert gowa_admin.post(step, data={"id": "pemeriksaan_berkas", "sla": "2h"}).status_code == 302
    found = stored(sessions, draft)
    assert "  - id: pemeriksaan_berkas\n    sla: 2h\n" in found.source  # block style, one key a line
    assert found.problems == []


def test_an_inherited_documents_form_saved_unticked_keeps_its_file_types(gowa_admin, sessions):
    draft = start_variant(gowa_admin)
    document = adapt(gowa_admin, draft, "document", "surat_keterangan_lahir")
    gowa_admin.post(document, data={"id": "surat_keterangan_lahir", "max_mb": "1"})
    found = stored(sessions, draft)
    assert "accept" not in found.source and found.problems == []


def test_the_condition_builder_writes_a_template_fields_value_as_its_type_needs(gowa_admin, sessions):
    draft = start_variant(gowa_admin)
    name = adapt(gowa_admin, draft, "field", "saudara_kembar", "anak")
    for field, operator, value, written in (
        ("anak_ke", ">", "1", "anak_ke > 1"),
        ("kembar", "!=", "tidak", "kembar != false"),
    ):
        posted = {"id": "saudara_kembar", "when_mode": "builder", "when_field": field, "when_op": operator}
        gowa_admin.post(name, data={**posted, "when_value": value})
        found = stored(sessions, draft)
        assert f"when: {written}" in found.source
        assert "EXPR_TYPE_MISMATCH" not in [problem["code"] for problem in found.problems]


def test_a_condition_on_a_template_field_reopens_in_the_builder_while_the_draft_has_problems(gowa_admin, sessions):
    """While the draft does not compile, the form knew only the variant file's own fields: a condition naming the
    template's `anak_ke` opened on an empty field choice, and the next save dropped it."""
    draft = start_variant(gowa_admin)
    name = adapt(gowa_admin, draft, "field", "nama_anak", "anak")
    posted = {"id": "nama_anak", "when_mode": "builder", "when_field": "anak_ke", "when_op": ">", "when_value": "1"}
    gowa_admin.post(name, data=posted)
    assert stored(sessions, draft).problems  # a required field made conditional: the variant loosens the template
    form = gowa_admin.get(name).get_data(as_text=True)
    assert 'name="when_mode" value="builder" checked' in form
    assert re.search(r'<option value="anak_ke" data-type="integer" selected>', form)


def test_an_adapted_fields_form_shows_the_templates_type_and_leaves_it_out_of_the_file(gowa_admin, sessions):
    """With no type chosen, builder.js hides every type's own input: the author could not shorten `max_length`."""
    draft = start_variant(gowa_admin)
    name = adapt(gowa_admin, draft, "field", "nama_anak", "anak")
    form = gowa_admin.get(name).get_data(as_text=True)
    assert re.search(r'<select class="select" id="type" name="type"[^>]*>.*?<option value="text" selected>', form, re.S)
    gowa_admin.post(name, data={"id": "nama_anak", "type": "text", "max_length": "40"})
    found = stored(sessions, draft)
    assert "    fields:\n      - id: nama_anak\n        max_length: 40\n" in found.source and found.problems == []


def test_the_proposed_variants_changes_are_in_the_page_language(gowa_admin):
    """The page after "Ajukan" listed the diff's raw words (`changed step pemeriksaan_berkas`) on an Indonesian
    page; it now shows the change table of the ministry's review, in the page's language."""
    draft = start_variant(gowa_admin)
    step = adapt(gowa_admin, draft, "step", "pemeriksaan_berkas")
    gowa_admin.post(step, data={"id": "pemeriksaan_berkas", "sla": "2h"})
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/ajukan")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200, page
    assert "changed step" not in page and "changed service" not in page
    changes = page[page.index('class="verdict-summary"') :]
    assert "pemeriksaan_berkas" in changes and "1 mengetatkan" in changes


def test_a_variants_rule_may_be_shown_beside_a_template_field(gowa_admin):
    """The rule form's "field" choice listed only the variant file's own fields: none, in a variant."""
    draft = start_variant(gowa_admin)
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/tambah", data={"kind": "rule"})
    form = gowa_admin.get(answer.headers["Location"]).get_data(as_text=True)
    offered = re.search(r'<select class="select" id="field" name="field"[^>]*>(.*?)</select>', form, re.S)[1]
    assert {"nama_anak", "anak_ke", "nik_ibu"} <= set(re.findall(r'<option value="([^"]+)"', offered))


def test_a_variant_shortens_its_templates_sla_in_the_standard_form(gowa_admin, sessions):
    """A variant file has no `standard` of its own until it changes one: its "Ubah standar pelayanan" answered 404,
    so a region could not publish a shorter SLA or add a requirement from the builder."""
    draft = start_variant(gowa_admin)
    assert gowa_admin.get(f"/admin/pembuat/{draft}/standar").status_code == 200
    posted = {"requirements_rows": "1", "requirements-0-id": "KTP asli", "requirements-0-en": "ID card"}
    assert gowa_admin.post(f"/admin/pembuat/{draft}/standar", data=posted).status_code == 302
    found = stored(sessions, draft)
    assert "- {id: KTP asli, en: ID card}" in found.source and found.problems == []
    gowa_admin.post(f"/admin/pembuat/{draft}/standar", data={**posted, "sla": "4h"})
    found = stored(sessions, draft)  # 4h is shorter than the template's 1d, and shorter than its steps take
    assert "sla: 4h" in found.source
    assert [(p["code"], p["path"]) for p in found.problems] == [("STEPS_EXCEED_SLA", "standard/sla")]


def test_a_variant_draft_is_named_by_its_templates_title_and_region(gowa_admin):
    """The variant file writes no title of its own: the list and the draft's heading said "(tanpa judul)"."""
    draft = start_variant(gowa_admin)
    listed = gowa_admin.get("/admin/pembuat/").get_data(as_text=True)
    row = re.search(rf'<tr data-draft="{draft}">(.*?)</tr>', listed, re.S)[1]
    assert "Penerbitan Akta Kelahiran — Kab. Gowa" in row and "(tanpa judul)" not in row
    heading = re.search(r"<h1>(.*?)</h1>", gowa_admin.get(f"/admin/pembuat/{draft}/").get_data(as_text=True))[1]
    assert heading == "Penerbitan Akta Kelahiran — Kab. Gowa"
    english = gowa_admin.get(f"/admin/pembuat/{draft}/?lang=en").get_data(as_text=True)
    assert "<h1>Birth certificate issuance — Kab. Gowa</h1>" in english


@pytest.mark.parametrize(
    "posted",
    [
        {"kind": "step", "id": "langkah_rekaan"},
        {"kind": "document", "id": "dokumen_rekaan"},
        {"kind": "rule", "id": "aturan_rekaan"},
        {"kind": "page", "id": "halaman_rekaan"},
        {"kind": "field", "id": "kolom_rekaan", "page": "anak"},
        {"kind": "field", "id": "nama_anak", "page": "halaman_rekaan"},
        {"kind": "field", "id": "nama_anak", "page": ""},
        {"kind": "field", "id": "nama_anak", "page": "bukti_kelahiran"},
    ],
)
def test_adapting_what_the_template_does_not_have_is_not_found_and_writes_nothing(gowa_admin, sessions, posted):
    """Only the template's elements are offered, but a hand-made post named any id: the variant got `{id: junk}`."""
    draft = start_variant(gowa_admin)
    before = stored(sessions, draft).source
    assert gowa_admin.post(f"/admin/pembuat/{draft}/sesuaikan", data=posted).status_code == 404
    assert stored(sessions, draft).source == before


def test_an_adapted_elements_form_shows_the_templates_values_beside_its_inputs_and_writes_none(gowa_admin, sessions):
    """The variant's entry holds only what it changes: the adapted field's form opened empty, and the author could
    not see the label, the length or the SLA they were overriding."""
    draft = start_variant(gowa_admin)
    name = adapt(gowa_admin, draft, "field", "nama_anak", "anak")
    form = gowa_admin.get(name).get_data(as_text=True)
    shown = dict(re.findall(r'data-template="([a-z_]+)">Templat: ([^<]*)</p>', form))
    assert {key: shown.get(key) for key in ("label", "required", "max_length")} == {
        "label": "Nama anak / Child&#39;s name",
        "required": "ya",
        "max_length": "60",
    }
    assert shown["pattern"] == "^[A-Za-z]+( [A-Za-z]+)+$"
    assert 'id="max_length" name="max_length" value=""' in form  # a hint, not a value
    gowa_admin.post(name, data={"id": "nama_anak", "type": "text"})
    assert "      - id: nama_anak\n" in stored(sessions, draft).source and "60" not in stored(sessions, draft).source
    standard = gowa_admin.get(f"/admin/pembuat/{draft}/standar").get_data(as_text=True)
    assert re.search(r'data-template="sla">Templat: \w+</p>', standard)


def test_an_adapted_rule_starts_from_the_templates_condition_and_keeps_it_when_saved_unchanged(gowa_admin, sessions):
    """*Sesuaikan* wrote `- {id: belum_wajib_ktp}`: the draft was invalid at once (MISSING_KEY when)."""
    answer = gowa_admin.post("/admin/pembuat/varian", data={"template": "adminduk.ktp-el"})
    draft = int(re.search(r"/admin/pembuat/(\d+)/", answer.headers["Location"])[1])
    rule = adapt(gowa_admin, draft, "rule", "belum_wajib_ktp")
    condition = (
        "alasan_ktp == 'BARU' and umur(tanggal_lahir_pemohon) < 17 and status_perkawinan_pemohon == 'BELUM-KAWIN'"
    )
    assert f"when: {condition}" in stored(sessions, draft).source
    assert "MISSING_KEY" not in str(stored(sessions, draft).problems)
    data = {"id": "belum_wajib_ktp", "when_mode": "expression", "when_expr": condition}
    gowa_admin.post(rule, data=data)
    assert condition in stored(sessions, draft).source, "saved unchanged, the condition stays in the entry"
    assert "MISSING_KEY" not in str(stored(sessions, draft).problems)
