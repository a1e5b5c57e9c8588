"""A regional variant may tighten its national service, never loosen it.

Each loosening edit a regional author could try is refused with its code, at
the line and column of the variant file where it was written; tightening and
neutral edits, and changes to what the national service marks
`regional: open`, are accepted. The variant's lines 1-4 are HEAD; what a test
adds starts at line 5.
"""

from __future__ import annotations

import pytest
from defhelpers import CONTEXT, MINIMAL, at, mutate, with_fields

from framework.definition import load_catalog
from framework.definition.tightening import Verdict, condition, differences, implies

NATIONAL = """\
service: adminduk.contoh
version: 1
title: {id: Contoh, en: Example}
summary: {id: Layanan contoh, en: An example service}
sector: adminduk
provider: dukcapil
standard:
  requirements:
    - {id: KTP-el, en: Electronic ID card}
  sla: 1d
  fee: 0
  complaints: lapor
prefill:
  pemohon: {source: ikd, by: applicant}
pages:
  - id: satu
    title: {id: Satu, en: One}
    fields:
      - id: nama
        type: text
        label: {id: Nama, en: Name}
        prefill: pemohon.nama_lengkap
        locked: true
      - id: tanggal_lahir
        type: date
        label: {id: Tanggal lahir, en: Date of birth}
        required: true
      - id: alasan
        type: choice
        label: {id: Alasan, en: Reason}
        required: true
        options:
          BARU: {id: Baru, en: New}
          HILANG: {id: Hilang, en: Lost}
      - id: catatan
        type: text
        label: {id: Catatan, en: Notes}
        max_length: 200
      - id: kronologi
        type: textarea
        label: {id: Kronologi, en: What happened}
        required: true
        when: alasan == 'HILANG'
      - id: hobi
        type: text
        label: {id: Hobi, en: Hobby}
documents:
  - id: surat_kehilangan
    label: {id: Surat kehilangan, en: Police report}
    accept: [pdf]
    max_mb: 2
    required: true
    when: alasan == 'HILANG'
  - id: foto
    label: {id: Foto, en: Photo}
    accept: [jpg, png]
    max_mb: 1
rules:
  - id: umur
    when: alasan == 'BARU' and umur(tanggal_lahir) < 17
    field: alasan
    message: {id: Belum 17 tahun., en: Not 17 yet.}
  - id: catatan_pendek
    regional: open
    when: alasan == 'HILANG' and len(catatan) < 10
    message: {id: Ceritakan lebih banyak., en: Tell us more.}
steps:
  - id: verifikasi
    title: {id: Verifikasi, en: Check}
    role: operator
    sla: 3h
    actions: [approve, return, reject]
  - id: tanda_tangan
    title: {id: Tanda tangan, en: Signature}
    role: kepala_dinas
    sla: 2h
    actions: [approve, reject]
  - id: arsip
    title: {id: Arsip, en: Filing}
    role: arsiparis
    sla: 1h
    actions: [approve, return]
    regional: open
notify:
  submitted: [inbox, email]
"""

HEAD = """\
service: adminduk.contoh-soppeng
version: 1
extends: adminduk.contoh
region: "73.12"
"""

FIELD = "pages:\n  - id: satu\n    fields:\n      - id: {}\n"  # lines 5-8; the field's keys from line 9
DOCUMENT = "documents:\n  - id: {}\n"  # lines 5-6; the document's keys from line 7
RULE = "rules:\n  - id: {}\n"
STEP = "steps:\n  - id: {}\n"


def variant(check, body: str, national: str = NATIONAL):
    """Problems of the variant file ``contoh.yaml`` (the national service is ``nasional.yaml``)."""
    return check(HEAD + body, nasional=national)


def test_the_national_service_is_valid(check):
    assert check(NATIONAL) == []


# --- loosening: refused, located in the variant file ---------------------------------


def test_a_rule_switched_off_is_refused(check):
    error = at(variant(check, RULE.format("umur") + '    when: "false"\n'), "VARIANT_LOOSENS_RULE", 7, 11)
    assert "rule `umur`" in error.message and '"false"' in error.message


def test_a_rule_written_differently_is_refused(check):
    body = RULE.format("umur") + "    when: alasan == 'BARU' and umur(tanggal_lahir) < 16\n"
    at(variant(check, body), "VARIANT_LOOSENS_RULE", 7, 11)


def test_a_required_field_hidden_behind_false_is_refused(check):
    error = at(
        variant(check, FIELD.format("tanggal_lahir") + '        when: "false"\n'), "VARIANT_LOOSENS_CONDITION", 9, 15
    )
    assert "field `tanggal_lahir`" in error.message


def test_a_narrower_condition_on_a_required_field_is_refused(check):
    body = FIELD.format("kronologi") + "        when: alasan == 'HILANG' and catatan == 'x'\n"
    at(variant(check, body), "VARIANT_LOOSENS_CONDITION", 9, 15)


def test_hiding_an_optional_field_a_rule_reads_is_refused(check):
    at(variant(check, FIELD.format("catatan") + '        when: "false"\n'), "VARIANT_LOOSENS_CONDITION", 9, 15)


def test_a_required_document_hidden_behind_false_is_refused(check):
    error = at(
        variant(check, DOCUMENT.format("surat_kehilangan") + '    when: "false"\n'), "VARIANT_LOOSENS_CONDITION", 7, 11
    )
    assert "document `surat_kehilangan`" in error.message


def test_a_page_of_required_fields_hidden_is_refused(check):
    found = variant(check, "pages:\n  - id: satu\n    when: alasan == 'BARU'\n")
    assert "WHEN_READS_LATER_PAGE" in [e.code for e in found]  # the page reads its own field: also a warning
    at([e for e in found if e.code != "WHEN_READS_LATER_PAGE"], "VARIANT_LOOSENS_CONDITION", 7, 11)


def test_unlocking_a_locked_field_is_refused(check):
    error = at(variant(check, FIELD.format("nama") + "        locked: false\n"), "VARIANT_UNLOCKS", 9, 17)
    assert "field `nama`" in error.message


def test_taking_a_value_from_elsewhere_is_refused(check):
    body = FIELD.format("nama") + "        prefill: pemohon.nama_ibu\n"
    at(variant(check, body), "VARIANT_CHANGES_PREFILL", 9, 18)


def test_removing_return_from_a_step_is_refused(check):
    error = at(
        variant(check, STEP.format("verifikasi") + "    actions: [approve, reject]\n"), "VARIANT_WEAKENS_STEP", 7, 14
    )
    assert "`return`" in error.message


def test_removing_reject_from_a_step_is_refused(check):
    at(variant(check, STEP.format("verifikasi") + "    actions: [approve, return]\n"), "VARIANT_WEAKENS_STEP", 7, 14)


def test_approving_automatically_at_the_deadline_is_refused(check):
    error = at(
        variant(check, STEP.format("verifikasi") + "    on_deadline: approve\n"), "VARIANT_LOOSENS_DEADLINE", 7, 18
    )
    assert "`on_deadline`" in error.message


def test_handing_a_step_to_another_role_is_refused(check):
    body = STEP.format("tanda_tangan") + "    role: sekretaris\n"
    error = at(variant(check, body), "VARIANT_CHANGES_ROLE", 7, 11)
    assert "`kepala_dinas`" in error.message and "`sekretaris`" in error.message


def test_another_provider_is_refused(check):
    at(variant(check, "provider: kemenkes\n"), "VARIANT_CHANGES_ROLE", 5, 11)


def test_accepting_other_file_types_is_refused(check):
    at(
        variant(check, DOCUMENT.format("surat_kehilangan") + "    accept: [pdf, jpg]\n"),
        "VARIANT_LOOSENS_UPLOAD",
        7,
        13,
    )


def test_accepting_larger_files_is_refused(check):
    at(variant(check, DOCUMENT.format("surat_kehilangan") + "    max_mb: 5\n"), "VARIANT_LOOSENS_UPLOAD", 7, 13)


def test_a_longer_answer_is_refused(check):
    at(variant(check, FIELD.format("catatan") + "        max_length: 500\n"), "VARIANT_LOOSENS_FIELD", 9, 21)


def test_more_options_are_refused(check):
    body = FIELD.format("alasan") + (
        "        options:\n"
        "          BARU: {id: Baru, en: New}\n"
        "          HILANG: {id: Hilang, en: Lost}\n"
        "          RUSAK: {id: Rusak, en: Damaged}\n"
    )
    at(variant(check, body), "VARIANT_LOOSENS_FIELD", 10, 11)


def test_dropping_a_notification_channel_is_refused(check):
    at(variant(check, "notify:\n  submitted: [inbox]\n"), "VARIANT_DROPS_NOTICE", 6, 14)


def test_a_variant_cannot_open_an_element_itself(check):
    body = RULE.format("umur") + '    regional: open\n    when: "false"\n'
    errors = variant(check, body)
    assert sorted(e.code for e in errors) == ["VARIANT_LOOSENS_RULE", "VARIANT_SELF_OPENS"]
    at([e for e in errors if e.code == "VARIANT_SELF_OPENS"], "VARIANT_SELF_OPENS", 7, 15)


def test_moving_complaints_elsewhere_is_refused(tmp_path):
    from dataclasses import replace

    from defhelpers import Checker

    check = Checker(tmp_path / "definitions")
    check.write("nasional.yaml", NATIONAL)
    check.write("contoh.yaml", HEAD + "standard:\n  complaints: kotak_saran\n")
    context = replace(CONTEXT, complaint_channels=frozenset({"lapor", "kotak_saran"}))
    errors = [e for e in load_catalog(check.root, context=context).errors if e.file.endswith("contoh.yaml")]
    at(errors, "VARIANT_LOOSENS_STANDARD", 6, 15)


KEPT_TWO_YEARS = NATIONAL.replace("  complaints: lapor\n", "  complaints: lapor\n  retention: 2y\n")


def test_keeping_the_citizens_data_longer_is_refused(check):
    error = at(variant(check, "standard:\n  retention: 5y\n", KEPT_TWO_YEARS), "VARIANT_LOOSENS_STANDARD", 6, 14)
    assert "from 2 years to 5 years" in error.text.en and "dari 2 tahun menjadi 5 tahun" in error.text.id


@pytest.mark.parametrize("national", [KEPT_TWO_YEARS, NATIONAL], ids=["shorter", "first"])
def test_a_shorter_or_first_retention_is_accepted(check, national):
    """The region removes the citizen's data sooner; the audit trail and the statistics stay (judges.py)."""
    assert [str(e) for e in variant(check, "standard:\n  retention: 18m\n", national)] == []


def test_two_variants_for_one_region_are_both_refused(check):
    other = HEAD.replace("contoh-soppeng", "contoh-soppeng-baru")
    catalog = check.catalog({"contoh.yaml": HEAD, "kedua.yaml": other, "nasional.yaml": NATIONAL})
    for name in ("contoh.yaml", "kedua.yaml"):
        error = at([e for e in catalog.errors if e.file.endswith(name)], "DUPLICATE_VARIANT", 4, 9)
        assert "73.12" in error.message
    assert "adminduk.contoh-soppeng" not in catalog.specs and "adminduk.contoh" in catalog.specs


def test_a_variant_filed_under_another_regions_folder_is_refused_at_its_region(check):
    """`region` decides where it is offered (the folder only files it): the remedy names both codes."""
    (check.root / "regions" / "73.06").mkdir(parents=True)
    catalog = check.catalog({"nasional.yaml": NATIONAL, "regions/73.06/contoh.yaml": HEAD})
    error = at([e for e in catalog.errors if e.file.endswith("contoh.yaml")], "REGION_FOLDER_MISMATCH", 4, 9)
    assert error.file.endswith("regions/73.06/contoh.yaml")
    assert 'in the folder `regions/73.06/` but declares `region: "73.12"`' in error.text.en
    assert "move the file to `regions/73.12/`" in error.text.en and 'write `region: "73.06"`' in error.text.en
    assert "pindahkan berkas ke `regions/73.12/`" in error.text.id
    assert "adminduk.contoh-soppeng" not in catalog.specs and "adminduk.contoh" in catalog.specs


def test_a_variant_in_its_own_regions_folder_is_accepted(check):
    (check.root / "regions" / "73.12").mkdir(parents=True)
    catalog = check.catalog({"nasional.yaml": NATIONAL, "regions/73.12/contoh.yaml": HEAD})
    assert [str(e) for e in catalog.errors] == [] and "adminduk.contoh-soppeng" in catalog.specs


def test_a_variant_whose_steps_outgrow_its_sla_is_refused(check):
    body = STEP.format("lapangan") + (
        "    title: {id: Cek lapangan, en: Field check}\n"
        "    role: petugas_lapangan\n"
        "    sla: 4h\n"
        "    actions: [approve, return, reject]\n"
    )
    error = at(variant(check, body), "STEPS_EXCEED_SLA", 6, 3)  # 3h + 2h + 1h + 4h > 1d (8h)
    assert "10 working hours" in error.message


def test_a_variant_that_shortens_its_sla_below_its_steps_is_refused(check):
    at(variant(check, "standard:\n  sla: 4h\n"), "STEPS_EXCEED_SLA", 6, 8)


def test_a_national_service_whose_steps_outgrow_its_sla_is_refused_even_with_automatic_decisions(check):
    slow = "    sla: 4h\n    actions: [approve, reject]\n    on_deadline: approve\n"
    second = (
        "  - {id: dua, title: {id: Dua, en: Two}, role: pejabat, sla: 5h, actions: [approve], on_deadline: approve}\n"
    )
    text = mutate(MINIMAL, {"    sla: 4h\n    actions: [approve, reject]\n": slow}) + second
    at(check(text), "STEPS_EXCEED_SLA", 8, 8)


# --- the same refusals hold for a template's hard rules, and nothing else -------------


def test_a_profession_may_rewrite_its_templates_rules(check):
    template = NATIONAL.replace("version: 1\n", "version: 1\ntemplate: true\n", 1)
    body = 'rules:\n  - id: umur\n    when: "false"\n'
    assert check("service: adminduk.profesi\nversion: 1\nextends: adminduk.contoh\n" + body, nasional=template) == []


# --- tightening and neutral edits: accepted ----------------------------------------------

ACCEPTED = {
    "a rule that catches more": RULE.format("umur")
    + "    when: \"alasan == 'BARU' and umur(tanggal_lahir) < 17 or umur(tanggal_lahir) > 120\"\n",
    "a rule the nation opened": RULE.format("catatan_pendek") + "    when: alasan == 'HILANG' and len(catatan) < 3\n",
    ("a new rule"): (
        "rules:\n  - when: len(catatan) > 150\n    field: catatan\n    message: {id: Terlalu panjang., en: Too long.}\n"
    ),
    "a required field asked in more cases": FIELD.format("kronologi")
    + "        when: alasan == 'HILANG' or alasan == 'BARU'\n",
    "a required field asked always": FIELD.format("kronologi") + '        when: "true"\n',
    "an optional field nobody reads, hidden": FIELD.format("hobi") + '        when: "false"\n',
    "an optional document, hidden": DOCUMENT.format("foto") + '    when: "false"\n',
    "an optional field made required": FIELD.format("catatan") + "        required: true\n",
    "a new required field": FIELD.format("rt")
    + "        type: text\n        label: {id: RT, en: RT}\n        required: true\n",
    "fewer file types": DOCUMENT.format("foto") + "    accept: [png]\n",
    "smaller files": DOCUMENT.format("surat_kehilangan") + "    max_mb: 1\n",
    "a shorter answer": FIELD.format("catatan") + "        max_length: 100\n",
    "fewer options": FIELD.format("alasan") + "        options:\n          BARU: {id: Baru, en: New}\n",
    "a shorter step": STEP.format("verifikasi") + "    sla: 2h\n",
    "escalation at the deadline": STEP.format("verifikasi") + "    on_deadline: escalate\n",
    "a step the nation opened, handed to another role": STEP.format("arsip")
    + "    role: arsip_daerah\n    actions: [approve]\n",
    "new texts": FIELD.format("nama") + "        label: {id: Nama lengkap, en: Full name}\n",
    "one more notification channel": "notify:\n  submitted: [inbox, email, sms]\n",
    "a requirement more": "standard:\n  requirements:\n    - {id: Surat RT, en: Letter from the RT}\n",
}


@pytest.mark.parametrize("body", list(ACCEPTED.values()), ids=list(ACCEPTED))
def test_tightening_and_neutral_variants_are_accepted(check, body):
    assert [str(e) for e in variant(check, body)] == []


# --- the judgement itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a == 1", "a == 1", True),
        ("a == 1", "a==1", True),
        ("a == 1", "a == 1 or b == 2", True),
        ("a == 1", "b == 2 or a == 1", False),  # `b == 2` may fail first and fail the whole condition
        ("a == 1 and b == 2", "a == 1", True),
        ("a and b == 2", "a", False),  # `a` may be a text: true-ish, but not true
        ("a == 1", "a == 1 and b == 2", False),
        ("a == 1", "true", True),
        ("false", "a == 1", True),
        ("a == 1", "false", False),
        ("a == 1 or b == 2", "b == 2 or a == 1 or c", False),
        ("a == 1 or b == 2", "a == 1 or b == 2 or c == 3", True),
        ("a == 1 or b == 2", "(a == 1 or b == 2) or c == 3", True),
        ("a == 1 or b == 2", "a == 1 or c == 3 or b == 2", False),
        (None, "a == 1", False),
        ("a == 1", None, True),
    ],
)
def test_implication_is_proven_or_refused(old, new, expected):
    assert implies(condition(old), condition(new)) is expected


def test_every_difference_is_judged():
    base = {"service": "a.b", "version": 1, "steps": [{"id": "s", "role": "r", "sla": "1d", "actions": ["approve"]}]}
    changed = {**base, "steps": [{"id": "s", "role": "r", "sla": "1d", "actions": ["approve"], "unknown_key": 1}]}
    [difference] = differences(base, changed)
    assert (difference.verdict, difference.code) == (Verdict.LOOSENS, "VARIANT_WEAKENS_STEP")


# --- any definition: a choice compared with what is not an option ---------------------

CHOICE = (
    "      - id: jk\n        type: choice\n        label: {id: Jenis kelamin, en: Sex}\n"
    "        options_from: codelists/jenis-kelamin\n"
    "      - id: status\n        type: choice\n        label: {id: Status, en: Status}\n"
    "        options: {KAWIN: {id: Kawin, en: Married}, BELUM: {id: Belum, en: Not yet}}\n"
)


def test_a_condition_comparing_a_choice_with_a_value_not_offered(check):
    # `        when: status == 'KAWN'` puts the value at column 25
    error = at(check(with_fields(CHOICE + "        when: status == 'KAWN'\n")), "EXPR_NOT_AN_OPTION", 26, 25)
    assert "did you mean `KAWIN`?" in error.message


@pytest.mark.parametrize(
    "condition_text",
    ["jk == 'PRIA'", "jk in ['LAKI-LAKI', 'WANITA']", "'PRIA' == jk", "jk != 'pria'"],
)
def test_values_of_a_code_list_are_checked_too(check, condition_text):
    errors = check(with_fields(CHOICE + f'        when: "{condition_text}"\n'))
    assert [e.code for e in errors] == ["EXPR_NOT_AN_OPTION"]


def test_values_that_are_options_pass(check):
    assert check(with_fields(CHOICE + "        when: jk == 'PEREMPUAN' and status in ['KAWIN', 'BELUM']\n")) == []


def test_a_removal_between_two_versions_is_said_without_a_template():
    """`mpp diff` and the ministry's review compare two versions of one service: no template, no variant gone."""
    step = {"id": "s", "role": "r", "sla": "1d", "actions": ["approve"]}
    base = {"service": "a.b", "version": 1, "steps": [step, {**step, "id": "t"}]}
    [removed] = [d for d in differences(base, {**base, "version": 2, "steps": [step]}) if d.kind == "step"]
    assert (removed.kind, removed.change, removed.verdict) == ("step", "removed", Verdict.LOOSENS)
    assert "dihapus" in removed.reason.id and "dari templat hilang" not in removed.reason.id
    assert "removed" in removed.reason.en and "of the template is gone" not in removed.reason.en
