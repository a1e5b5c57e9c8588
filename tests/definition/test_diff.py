"""`mpp diff OLD NEW`: what changed in meaning and whether it tightens, loosens or is neutral,
in text (Bahasa Indonesia by default) and JSON; files or service ids; reformatting is no change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from defhelpers import AFTER_NAMA, CODELIST, MINIMAL, mutate

from framework.cli import main
from framework.core.settings import PROJECT_ROOT

# a sector where a fee is the ministry's to set (adminduk is free by law: FEE_AGAINST_LAW)
OLD = mutate(
    MINIMAL,
    {
        "service: adminduk.contoh": "service: sosial.contoh",
        "sector: adminduk": "sector: sosial",
        "  sla: 1d\n": "  requirements:\n    - {id: KTP-el, en: ID card}\n  sla: 1d\n",
    },
) + ("documents:\n  - {id: ktp, label: {id: KTP, en: ID card}, accept: [pdf], max_mb: 2, required: true}\n")

NEW = mutate(
    OLD,
    {
        "version: 1": "version: 2",
        "    - {id: KTP-el, en: ID card}\n": "    - {id: KK, en: Family card}\n",
        "  sla: 1d\n  fee: 0": "  sla: 2d\n  fee: 10000",
        "        label: {id: Nama, en: Name}\n": (
            "        label: {id: Nama, en: Name}\n"
            "        required: true\n"
            "      - {id: telepon, type: phone, label: {id: Telepon, en: Phone}}\n"
            "  - id: dua\n"
            "    title: {id: Dua, en: Two}\n"
            "    fields:\n"
            "      - {id: alamat, type: textarea, label: {id: Alamat, en: Address}}\n"
        ),
        "    role: operator\n    sla: 4h\n": "    role: verifikator\n    sla: 2h\n",
        "    actions: [approve, reject]\n": (
            "    actions: [return, reject]\n  - {id: tanda_tangan, title: {id: Tanda "
            "tangan, en: Signature}, role: pejabat, sla: 4h, actions: [approve]}\n"
        ),
        ("max_mb: 2, required: true}\n"): (
            "max_mb: 5, required: true}\n  - {id: kk, label: {id: KK, en: Family card}, accept: [pdf], max_mb: 2}\n"
        ),
    },
)

# OLD, written differently: block style, other key order, comments, defaults written out
OLD_REFORMATTED = """\
# the same service, formatted by someone else
version: 1
service: sosial.contoh
sector: sosial
provider: dukcapil
summary:
  en: An example service
  id: Layanan contoh
title: {en: Example, id: Contoh}
steps:
  - actions:
      - approve
      - reject
    id: verifikasi
    role: operator
    sla: 4h
    title: {id: Verifikasi, en: Check}
pages:
  - title: {id: Satu, en: One}
    id: satu
    fields:
      - label: {id: Nama, en: Name}
        id: nama
        required: false
        type: text
documents:
  - id: ktp
    label:
      id: KTP
      en: ID card
    accept: [pdf]
    max_mb: 2.0
    required: true
standard:
  complaints: lapor
  fee: 0
  sla: 1d
  requirements:
    - id: KTP-el
      en: ID card
"""


def diff(tmp_path: Path, old: str, new: str, *options: str):
    root = tmp_path / "definitions"
    (root / "codelists").mkdir(parents=True, exist_ok=True)
    (root / "codelists" / "jenis-kelamin.yaml").write_text(CODELIST, encoding="utf-8")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    args = ["diff", *options, str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]
    return CliRunner().invoke(main, args, env={"MPP_DEFINITIONS": str(root)}, catch_exceptions=False)


EXPECTED = {
    "~ service: version 1 → 2 (neutral)",
    "+ page `dua` (neutral)",
    '~ page `satu`: field_order ["nama"] → ["nama", "telepon"] (neutral)',
    "~ field `nama`: required false → true (tightens)",
    "+ field `telepon` (neutral)",
    "+ field `alamat` (neutral)",
    "~ document `ktp`: max_mb 2 → 5 (loosens)",
    "+ document `kk` (neutral)",
    '~ step `verifikasi`: role "operator" → "verifikator" (loosens)',
    '~ step `verifikasi`: sla "4h" → "2h" (tightens)',
    '~ step `verifikasi`: actions ["approve", "reject"] → ["return", "reject"] (tightens)',
    "+ step `tanda_tangan` (tightens)",
    "- role `operator` (neutral)",
    "+ role `verifikator` (neutral)",
    "+ role `pejabat` (neutral)",
    "~ standard: fee 0 → 10000 (loosens)",
    '~ standard: sla "1d" → "2d" (loosens)',
    "- requirement `KTP-el` (loosens)",
    "+ requirement `KK` (tightens)",
}


def test_text_diff_lists_every_change_with_its_verdict(tmp_path):
    result = diff(tmp_path, OLD, NEW)
    assert result.exit_code == 0, result.output
    header, *lines = result.stdout.splitlines()
    assert header == "sosial.contoh v1 → sosial.contoh v2"
    assert sorted(lines) == sorted(EXPECTED)
    assert result.stderr == ""  # the version was raised


def test_json_diff_carries_the_verdict_and_both_texts(tmp_path):
    result = diff(tmp_path, OLD, NEW, "--format", "json")
    report = json.loads(result.stdout)
    assert (report["old"], report["new"]) == ("sosial.contoh v1", "sosial.contoh v2")
    changes = report["changes"]
    assert len(changes) == len(EXPECTED)
    fee = next(c for c in changes if c.get("attribute") == "fee")
    assert fee["old"] == 0 and fee["new"] == 10000 and fee["verdict"] == "loosens"
    assert fee["code"] == "VARIANT_RAISES_FEE" and fee["open"] is False
    assert fee["text"] == {
        "id": "~ standar pelayanan: fee 0 → 10000 (melonggarkan)",
        "en": "~ standard: fee 0 → 10000 (loosens)",
    }
    # two versions of one service: the reason speaks of versions, as `--format words` and the review page do;
    # what a variant making this change would be told stays beside it
    assert fee["reason"]["en"] == "this version promises citizens less than the one before"
    assert "Rp 10.000" in fee["variant_reason"]["en"] and "Rp 10.000" in fee["variant_reason"]["id"]
    added = {"kind": "field", "item": "telepon", "change": "added", "verdict": "neutral"}
    assert added.items() <= next(c for c in changes if c["item"] == "telepon").items()
    assert report["summary"] == {"tightens": 5, "neutral": 9, "loosens": 5}
    assert report["warnings"] == []


def test_reformatting_is_no_change(tmp_path):
    result = diff(tmp_path, OLD, OLD_REFORMATTED)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["no semantic changes"]
    assert json.loads(diff(tmp_path, OLD, OLD_REFORMATTED, "--format", "json").stdout)["changes"] == []


def test_an_invalid_version_is_reported_not_diffed(tmp_path):
    result = diff(tmp_path, OLD, mutate(OLD, {"version: 1": "version: 0"}))
    assert result.exit_code == 1
    assert result.stdout == "" and "new.yaml:2:10: OUT_OF_RANGE" in result.stderr


def test_a_change_without_a_new_version_is_warned(tmp_path):
    result = diff(tmp_path, OLD, mutate(OLD, {"  fee: 0": "  fee: 5000"}))
    assert result.exit_code == 0
    assert "warning: `version` was not raised (1 → 1)" in result.stderr
    report = json.loads(diff(tmp_path, OLD, mutate(OLD, {"  fee: 0": "  fee: 5000"}), "--format", "json").stdout)
    assert [w["code"] for w in report["warnings"]] == ["VERSION_NOT_RAISED"]
    assert "tidak dinaikkan" in report["warnings"][0]["message_id"]
    assert diff(tmp_path, OLD, OLD).stderr == ""  # nothing changed: nothing to raise


def test_indonesian_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("MPP_LANG")
    result = diff(tmp_path, OLD, mutate(OLD, {"  fee: 0": "  fee: 5000"}))
    assert "~ standar pelayanan: fee 0 → 5000 (melonggarkan)" in result.stdout.splitlines()
    assert "peringatan: `version` tidak dinaikkan" in result.stderr
    assert "(loosens)" in diff(tmp_path, OLD, mutate(OLD, {"  fee: 0": "  fee: 5000"}), "--lang", "en").stdout


# --- against the bundled catalog: service ids, and the verdicts of regional variants ----

BUNDLED = PROJECT_ROOT / "definitions"


def bundled_diff(*args: str, language: str = "en"):
    env = {"MPP_DEFINITIONS": str(BUNDLED), "MPP_LANG": language}
    return CliRunner().invoke(main, ["diff", *args], env=env, catch_exceptions=False)


def variant_of_ktp(tmp_path: Path, body: str) -> str:
    path = tmp_path / "ktp-el.gowa.yaml"
    path.write_text(
        'service: adminduk.ktp-el.gowa\nversion: 1\nextends: adminduk.ktp-el\nregion: "73.06"\n' + body,
        encoding="utf-8",
    )
    return str(path)


def test_a_variant_that_switches_off_a_national_rule_loosens_it(tmp_path):
    variant = variant_of_ktp(tmp_path, 'rules:\n  - id: belum_wajib_ktp\n    when: "false"\n')
    for language, word in (("en", "loosens"), ("id", "melonggarkan")):
        result = bundled_diff(str(BUNDLED / "adminduk" / "ktp-el.yaml"), variant, language=language)
        assert result.exit_code == 0, result.output
        [line] = [line for line in result.stdout.splitlines() if "belum_wajib_ktp" in line]
        assert line.endswith(f'→ "false" ({word})'), line


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            'pages:\n  - id: permohonan\n    fields:\n      - id: alasan_ktp\n        when: "false"\n',
            "VARIANT_LOOSENS_CONDITION",
        ),
        ('documents:\n  - id: surat_kehilangan\n    when: "false"\n', "VARIANT_LOOSENS_CONDITION"),
        ("pages:\n  - id: pemohon\n    fields:\n      - id: nama_pemohon\n        locked: false\n", "VARIANT_UNLOCKS"),
        ("steps:\n  - id: pemeriksaan_berkas\n    actions: [approve, reject]\n", "VARIANT_WEAKENS_STEP"),
        ("steps:\n  - id: validasi\n    on_deadline: approve\n", "VARIANT_LOOSENS_DEADLINE"),
        ("documents:\n  - id: surat_kehilangan\n    accept: [pdf, jpg, png, jpeg]\n", "VARIANT_LOOSENS_UPLOAD"),
        ("steps:\n  - id: tanda_tangan\n    role: sekretaris_dukcapil\n", "VARIANT_CHANGES_ROLE"),
    ],
)
def test_diff_judges_what_validate_refuses(tmp_path, body, code):
    variant = variant_of_ktp(tmp_path, body)
    report = json.loads(bundled_diff("adminduk.ktp-el", variant, "--format", "json").stdout)
    loosening = [c for c in report["changes"] if c["verdict"] != "neutral"]
    assert [(c["verdict"], c["code"]) for c in loosening] == [("loosens", code)]
    # a variant against its template: the judge's own reason, nothing beside it
    assert loosening[0]["reason"]["en"] and "variant_reason" not in loosening[0]
    refused = CliRunner().invoke(main, ["validate", variant], env={"MPP_DEFINITIONS": str(BUNDLED), "MPP_LANG": "en"})
    assert refused.exit_code == 1 and f" {code} " in refused.stdout


def test_service_ids_name_versions_in_the_catalog():
    result = bundled_diff("adminduk.kk", "adminduk.kk.gowa", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    verdicts = {(c["kind"], c["item"], c.get("attribute")): c["verdict"] for c in report["changes"]}
    assert verdicts[("step", "verifikasi_kecamatan", None)] == "tightens"
    assert verdicts[("step", "validasi", "sla")] == "tightens"
    assert report["summary"]["loosens"] == 0 and report["warnings"] == []


def test_an_unknown_service_id_is_refused_with_a_hint():
    result = bundled_diff("adminduk.kk", "adminduk.kkk")
    assert result.exit_code == 1
    assert "no service `adminduk.kkk` in the catalog; did you mean `adminduk.kk`?" in result.stderr


def test_two_different_services_are_warned_not_silently_compared(tmp_path):
    other = mutate(OLD, {"service: sosial.contoh": "service: sosial.lain"})
    result = diff(tmp_path, OLD, other)
    assert result.exit_code == 0
    assert "warning: these are two different services (sosial.contoh and sosial.lain)" in result.stderr
    assert "not raised" not in result.stderr  # a version only means something within one service
    report = json.loads(diff(tmp_path, OLD, other, "--format", "json").stdout)
    assert [w["code"] for w in report["warnings"]] == ["DIFFERENT_SERVICES"]


CHOICE = "      - {id: jenis, type: choice, label: {id: Jenis, en: Kind}, options: {A: {id: Satu, en: One}, B: Dua}}\n"


def test_rewording_an_option_is_neutral_and_dropping_one_tightens(tmp_path):
    old = mutate(OLD, {AFTER_NAMA: AFTER_NAMA + CHOICE})
    reworded = mutate(old, {"version: 1": "version: 2", "A: {id: Satu, en: One}": "A: {id: Pertama, en: First}"})
    report = json.loads(diff(tmp_path, old, reworded, "--format", "json").stdout)
    [options] = [c for c in report["changes"] if c.get("attribute") == "options"]
    assert options["verdict"] == "neutral"
    fewer = mutate(old, {"version: 1": "version: 2", ", B: Dua}}": "}}"})
    report = json.loads(diff(tmp_path, old, fewer, "--format", "json").stdout)
    assert [c["verdict"] for c in report["changes"] if c.get("attribute") == "options"] == ["tightens"]


MANY = (
    "      - {id: jenis, type: choice, label: {id: Jenis, en: Kind},"
    " options: {A: {id: Satu, en: One}, B: Dua, C: Tiga}}\n"
)


@pytest.mark.parametrize(
    ("before", "after", "english", "indonesian"),
    [
        (
            "C: Tiga}",
            "C: Tiga, KK_RUSAK: {id: Kartu rusak, en: Damaged card}}",
            'option KK_RUSAK "Damaged card" added (loosens)',
            'pilihan KK_RUSAK "Kartu rusak" ditambahkan (melonggarkan)',
        ),
        (", C: Tiga}", "}", 'option C "Tiga" removed (tightens)', 'pilihan C "Tiga" dihapus (mengetatkan)'),
        (
            "A: {id: Satu, en: One}",
            "A: {id: Pertama, en: First}",
            'option A label "One" → "First" (neutral)',
            'label pilihan A "Satu" → "Pertama" (netral)',
        ),
        (
            "A: {id: Satu, en: One}",
            "A: {id: Satu, en: The first}",
            'option A label "One" → "The first" (neutral)',
            'label Inggris pilihan A "One" → "The first" (netral)',
        ),
    ],
)
def test_only_the_options_that_changed_are_shown(tmp_path, before, after, english, indonesian):
    old = mutate(OLD, {AFTER_NAMA: AFTER_NAMA + MANY})
    new = mutate(old, {"version: 1": "version: 2", before: after})
    for language, expected in (("en", english), ("id", indonesian)):
        [line] = [line for line in diff(tmp_path, old, new, "--lang", language).stdout.splitlines() if "jenis" in line]
        assert line.split(": ", 1)[1] == expected, line
    changes = json.loads(diff(tmp_path, old, new, "--format", "json").stdout)["changes"]
    [options] = [c for c in changes if c.get("attribute") == "options"]
    assert options["old"] and options["new"]  # the JSON keeps both whole lists for tools
    assert options["text"]["en"].endswith(english)


def test_a_corrected_english_requirement_is_shown(tmp_path):
    new = mutate(
        OLD,
        {"version: 1": "version: 2", "    - {id: KTP-el, en: ID card}\n": "    - {id: KTP-el, en: Identity card}\n"},
    )
    result = diff(tmp_path, OLD, new, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert '~ requirement `KTP-el`: en "ID card" → "Identity card" (neutral)' in result.stdout.splitlines()


PROCEDURE = """\
  procedure:
    - {id: Isi formulir, en: Fill in the form}
    - {id: Ambil surat, en: Collect the letter}
"""
PAGE_ONE = """\
  - id: satu
    title: {id: Satu, en: One}
    fields:
      - id: nama
        type: text
        label: {id: Nama, en: Name}
"""
PAGE_TWO = """\
  - id: dua
    title: {id: Dua, en: Two}
    fields:
      - {id: alamat, type: text, label: {id: Alamat, en: Address}}
"""


def test_reordering_the_published_procedure_or_the_pages_is_shown(tmp_path):
    old = mutate(MINIMAL, {"  sla: 1d\n": PROCEDURE + "  sla: 1d\n", "steps:\n": PAGE_TWO + "steps:\n"})
    steps = PROCEDURE.splitlines(keepends=True)
    new = mutate(
        old,
        {
            "version: 1": "version: 2",
            PROCEDURE: steps[0] + steps[2] + steps[1],
            PAGE_ONE + PAGE_TWO: PAGE_TWO + PAGE_ONE,
        },
    )
    result = diff(tmp_path, old, new, "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = set(result.stdout.splitlines())
    assert "~ procedure step `Isi formulir`: position 1 → 2 (neutral)" in lines
    assert "~ page `dua`: position 2 → 1 (neutral)" in lines


@pytest.mark.parametrize(
    ("reworded", "verdicts"),
    [
        ("ktp-EL", {"neutral"}),  # case only
        ("KTP el.", {"neutral"}),  # a hyphen for a space, a closing full stop
        ("KTP  -  el", {"neutral"}),  # spacing
        ("KTP/KK", {"loosens", "tightens"}),  # other words: removed and added, as before
        ("KTP-e", {"loosens", "tightens"}),  # alike (difflib 0.91) is not the same promise
    ],
)
def test_a_requirement_reworded_only_in_case_spacing_or_full_stop_is_one_neutral_change(tmp_path, reworded, verdicts):
    new = mutate(OLD, {"version: 1": "version: 2", "{id: KTP-el, en: ID card}": f'{{id: "{reworded}", en: ID card}}'})
    changes = json.loads(diff(tmp_path, OLD, new, "--format", "json").stdout)["changes"]
    listed = [c for c in changes if c["kind"] == "requirement"]
    assert {c["verdict"] for c in listed} == verdicts
    if verdicts == {"neutral"}:
        [change] = listed
        assert (change["item"], change["attribute"], change["old"], change["new"]) == (
            "KTP-el",
            "wording",
            "KTP-el",
            reworded,
        )
        assert change["text"]["en"] == f'~ requirement `KTP-el`: wording "KTP-el" → "{reworded}" (neutral)'


# --- `standard.retention`: how long the citizen's personal data is kept after the decision ----------

KEPT_5Y = mutate(OLD, {"  fee: 0\n": "  fee: 0\n  retention: 5y\n"})


@pytest.mark.parametrize(
    ("written", "english", "indonesian", "verdict"),
    [
        ("  retention: 1y\n", "5 years → 1 year (tightens)", "5 tahun → 1 tahun (mengetatkan)", "tightens"),
        ("  retention: 1825d\n", "5 years → 1825 days (neutral)", "5 tahun → 1825 hari (netral)", "neutral"),
        ("  retention: 10y\n", "5 years → 10 years (loosens)", "5 tahun → 10 tahun (melonggarkan)", "loosens"),
        (
            "",
            "5 years → none, kept for ever (loosens)",
            "5 tahun → tidak ditetapkan, disimpan selamanya (melonggarkan)",
            "loosens",
        ),
    ],
)
def test_a_changed_retention_says_both_periods_in_words_and_shorter_tightens(
    tmp_path, written, english, indonesian, verdict
):
    """Shorter keeps the citizen's data less long (the audit trail and statistics stay): tightens."""
    new = mutate(KEPT_5Y, {"version: 1": "version: 2", "  retention: 5y\n": written})
    for language, expected in (("en", english), ("id", indonesian)):
        result = diff(tmp_path, KEPT_5Y, new, "--lang", language)
        assert result.exit_code == 0, result.output
        [line] = [line for line in result.stdout.splitlines() if "retention" in line]
        assert line.split(": ", 1)[1] == f"retention {expected}", line
    changes = json.loads(diff(tmp_path, KEPT_5Y, new, "--format", "json").stdout)["changes"]
    [change] = [c for c in changes if c.get("attribute") == "retention"]
    assert (change["kind"], change["attribute"], change["old"], change["verdict"]) == (
        "standard",
        "retention",
        "5y",
        verdict,
    )
    assert change["text"] == {
        "en": f"~ standard: retention {english}",
        "id": f"~ standar pelayanan: retention {indonesian}",
    }
    if verdict == "loosens":
        assert change["code"] == "VARIANT_LOOSENS_STANDARD"
        assert "5 years" in change["variant_reason"]["en"] and "5 tahun" in change["variant_reason"]["id"]
    else:
        assert "code" not in change


def test_a_first_retention_tightens_and_a_removed_one_says_the_data_is_kept_for_ever(tmp_path):
    added = json.loads(diff(tmp_path, OLD, mutate(KEPT_5Y, {"version: 1": "version: 2"}), "--format", "json").stdout)
    [change] = added["changes"][1:]  # after the version
    assert (change["attribute"], change["old"], change["new"], change["verdict"]) == (
        "retention",
        None,
        "5y",
        "tightens",
    )
    assert change["text"]["en"] == "~ standard: retention none, kept for ever → 5 years (tightens)"
    removed = json.loads(diff(tmp_path, KEPT_5Y, mutate(OLD, {"version: 1": "version: 2"}), "--format", "json").stdout)
    [change] = removed["changes"][1:]
    assert change["verdict"] == "loosens" and removed["summary"]["loosens"] == 1
    assert change["variant_reason"]["en"].startswith(
        "the data retention of 5 years is removed: `mpp purge` no longer removes"
    )
    assert "disimpan selamanya" in change["variant_reason"]["id"]


def test_a_retention_mpp_purge_cannot_read_is_named_and_loosens():
    """The checker refuses `5 tahun` in a file, but the judge may meet it (an old stored version): it purges
    nothing, so it keeps the data for ever, and the line says so instead of comparing two texts."""
    from framework.definition.diff import change_dict
    from framework.definition.tightening import differences

    old = {"service": "a.b", "version": 1, "standard": {"retention": "18m"}}
    [unreadable] = differences(old, {**old, "standard": {"retention": "5 tahun"}})
    change = change_dict(unreadable)
    assert (change["verdict"], change["code"]) == ("loosens", "VARIANT_LOOSENS_STANDARD")
    assert change["text"]["en"] == (
        "~ standard: retention 18 months → `5 tahun`, not a retention period: kept for ever (loosens)"
    )
    assert "`5 tahun`, yang bukan masa retensi" in change["reason"]["id"]
    [readable] = differences({**old, "standard": {"retention": "5 tahun"}}, old)
    assert readable.verdict.value == "tightens"  # from nothing purged to 18 months


def test_a_bilingual_label_is_quoted_in_the_lines_own_language(tmp_path):
    new = mutate(
        OLD, {"version: 1": "version: 2", "label: {id: Nama, en: Name}": "label: {id: Nama lengkap, en: Full name}"}
    )
    english = diff(tmp_path, OLD, new).stdout.splitlines()
    assert '~ field `nama`: label "Name" → "Full name" (neutral)' in english
    indonesian = diff(tmp_path, OLD, new, "--lang", "id").stdout.splitlines()
    assert '~ kolom `nama`: label "Nama" → "Nama lengkap" (netral)' in indonesian


def test_words_say_the_changes_as_the_review_page_does_loosening_first(tmp_path):
    result = diff(tmp_path, OLD, NEW, "--format", "words")
    assert result.exit_code == 0, result.output
    header, counts, *lines = result.stdout.splitlines()
    assert header == "sosial.contoh v1 → sosial.contoh v2"
    assert counts == "19 changes: 5 tightens, 9 neutral, 5 loosens"
    assert all(line.startswith("[loosens]") for line in lines[:5]) and not lines[5].startswith("[loosens]")
    # two versions of one service: the reason speaks of versions, not of a template and its variant
    assert (
        lines[2]
        == "[loosens] Standard · fee: Rp 0 → Rp 10.000 — this version promises citizens less than the one before"
    )
    assert "[loosens] Requirement: ID card · removed — this version promises" in "\n".join(lines)
    assert "{" not in result.stdout  # no JSON for a reader who does not read YAML
    quiet = diff(tmp_path, OLD, OLD_REFORMATTED, "--format", "words").stdout.splitlines()
    assert quiet[1:] == ["No change in meaning."]


def test_a_removed_requirement_ending_in_a_full_stop_is_named_whole(tmp_path):
    old = mutate(OLD, {"{id: KTP-el, en: ID card}": "{id: Fotokopi KTP-el., en: A copy of the ID card.}"})
    result = diff(tmp_path, old, NEW, "--format", "json")
    [removed] = [
        c for c in json.loads(result.stdout)["changes"] if c["kind"] == "requirement" and c["change"] == "removed"
    ]
    assert removed["variant_reason"]["en"].startswith("requirement `Fotokopi KTP-el.` is removed")
