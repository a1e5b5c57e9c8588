"""A semantic diff in words: elements by their labels, conditions and durations written out, each change judged."""

from __future__ import annotations

from cataloghelpers import DEFINITIONS
from publication_samples import KTP_GOWA_LOOSE

from framework.definition import load_catalog
from framework.definition.diff import diff_specs
from framework.definition.tightening import Verdict
from framework.generate.changes import change_lines, value_words

KTP_GOWA = KTP_GOWA_LOOSE + "documents:\n  - id: surat_kehilangan\n    max_mb: 1\n"


def loosening_variant(tmp_path):
    path = tmp_path / "ktp-el.gowa.yaml"
    path.write_text(KTP_GOWA, encoding="utf-8")
    catalog = load_catalog(DEFINITIONS, [path], refuse_loosening=False)
    return catalog.specs["adminduk.ktp-el"], catalog.specs["adminduk.ktp-el.gowa"]


def test_a_switched_off_rule_reads_as_loosening_in_both_languages(tmp_path):
    national, variant = loosening_variant(tmp_path)
    diff = diff_specs(national, variant)
    indonesian = change_lines(diff.changes, national, variant, "id")
    first = indonesian[0]
    assert first.verdict is Verdict.LOOSENS, "loosening changes come first"
    assert (first.what, first.after, first.verdict_words) == ("menolak bila", "tidak", "melonggarkan")
    assert first.element.startswith("Aturan “KTP-el baru hanya untuk penduduk berusia 17 tahun")
    assert "“Alasan permohonan” adalah “Baru”" in first.before and "umur" in first.before
    assert "belum_wajib_ktp" in first.reason
    english = change_lines(diff.changes, national, variant, "en")
    assert (english[0].what, english[0].after, english[0].verdict_words) == ("refuses when", "no", "loosens")
    assert "“Reason for the application” is “New”" in english[0].before
    smaller = next(line for line in english if line.what == "largest file (MB)")
    assert (smaller.element, smaller.before, smaller.after, smaller.verdict_words) == (
        "Document “Police report of the loss” (surat_kehilangan)",
        "2",
        "1",
        "tightens",
    )


def test_values_are_written_as_a_reader_of_the_standard_writes_them(bundled):
    kk = bundled.specs["adminduk.kk"]
    assert value_words("sla", "3d", kk, "id") == "3 hari kerja"
    assert value_words("sla", "4h", kk, "en") == "4 working hour(s)"
    assert value_words("fee", 150000, kk, "id") == "Rp 150.000"
    assert value_words("required", True, kk, "id") == "ya"
    assert value_words("on_deadline", "approve", kk, "en") == "approved automatically (fiktif positif)"
    assert value_words("label", {"id": "Nama", "en": "Name"}, kk, "en") == "Name"
    assert value_words("accept", ["pdf", "jpg"], kk, "id") == "pdf, jpg"
    assert value_words("when", "alasan_kk == 'HILANG'", kk, "id").startswith("“")
    assert value_words("prefill", None, kk, "id") == "—"


def test_a_retention_is_written_as_a_period_and_none_as_kept_for_ever(bundled):
    """Without a retention `mpp purge` removes nothing: the reviewer reads that, not a blank."""
    kk = bundled.specs["adminduk.kk"]
    assert value_words("retention", "18m", kk, "id") == "18 bulan"
    assert value_words("retention", "1y", kk, "en") == "1 year"
    assert value_words("retention", None, kk, "id") == "tidak ditetapkan, disimpan selamanya"
    assert value_words("retention", None, kk, "en") == "none, kept for ever"


def test_a_bundled_variant_in_words_tightens_only(bundled):
    national, variant = bundled.specs["adminduk.kk"], bundled.specs["adminduk.kk.gowa"]
    lines = change_lines(diff_specs(national, variant).changes, national, variant, "id")
    assert {line.verdict for line in lines} == {Verdict.TIGHTENS, Verdict.NEUTRAL}
    step = next(line for line in lines if line.element.startswith("Tahap “Verifikasi oleh Kecamatan”"))
    assert (step.what, step.verdict_words) == ("ditambahkan", "mengetatkan")
    sla = next(line for line in lines if "pemeriksaan_berkas" in line.element and line.what == "batas waktu")
    assert (sla.before, sla.after) == ("3 jam kerja", "2 jam kerja")


def test_every_attribute_a_definition_can_change_has_words_of_its_own():
    """A change no word names showed its YAML key (`issuer`) on the reviewer's Indonesian page."""
    from framework.definition.tightening import SERVICE_KEYS
    from framework.generate.changes import ATTRIBUTE_WORDS

    assert set(SERVICE_KEYS) <= set(ATTRIBUTE_WORDS)
    assert ATTRIBUTE_WORDS["issuer"].get("id") == "instansi penerbit"


def test_a_changed_option_reads_as_in_mpp_diff(bundled):
    """The admin's change table and `mpp diff` name only the option that changed, with one verdict."""
    from dataclasses import replace

    from framework.definition.diff import describe
    from framework.definition.tightening import Difference

    old = {"A": {"id": "Satu", "en": "One"}, "B": "Dua"}
    added = Difference(
        "field", "jenis", "changed", "options", old, {**old, "KK_RUSAK": {"id": "Kartu rusak", "en": "Damaged card"}}
    )
    added = replace(added, verdict=Verdict.LOOSENS)
    [line] = change_lines([added], None, None, "id")
    assert (line.what, line.before, line.after, line.verdict_words) == (
        'pilihan KK_RUSAK "Kartu rusak" ditambahkan',
        "",
        "",
        "melonggarkan",
    )
    assert describe(added).get("id").endswith(f": {line.what} (melonggarkan)")
    relabelled = Difference("field", "jenis", "changed", "options", old, {**old, "B": "Kedua"})
    [line] = change_lines([relabelled], None, None, "en")
    assert (line.what, line.verdict_words) == ('option B label "Dua" → "Kedua"', "neutral")


def test_a_text_whose_other_language_changed_does_not_read_as_unchanged(tmp_path):
    """A version dropping a step title's English read `judul: Verifikasi oleh Kecamatan → Verifikasi oleh Kecamatan`."""
    from click.testing import CliRunner

    from framework.cli import main

    source = (DEFINITIONS / "regions" / "73.06" / "kk.yaml").read_text(encoding="utf-8")
    titled = "title: {id: Verifikasi oleh Kecamatan, en: Verification by the sub-district office}"
    assert titled in source and "version: 1\n" in source
    older, newer = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    older.write_text(source, encoding="utf-8")
    newer.write_text(
        source.replace("version: 1\n", "version: 2\n").replace(titled, "title: {id: Verifikasi oleh Kecamatan}"),
        encoding="utf-8",
    )
    shown = CliRunner().invoke(main, ["diff", "--format", "words", "--lang", "id", str(older), str(newer)])
    assert shown.exit_code == 0, shown.output
    assert (
        "[netral] Tahap “Verifikasi oleh Kecamatan” (verifikasi_kecamatan) · judul: "
        "bahasa Inggris: “Verification by the sub-district office” → bahasa Inggris: (tidak ada)"
    ) in shown.output
    catalog = load_catalog(DEFINITIONS, [newer])
    old_spec = load_catalog(DEFINITIONS).specs["adminduk.kk.gowa"]
    new_spec = catalog.specs["adminduk.kk.gowa"]
    [line] = [
        c for c in change_lines(diff_specs(old_spec, new_spec).changes, old_spec, new_spec, "en") if c.what == "title"
    ]
    assert (line.before, line.after) == ("Verification by the sub-district office", "Verifikasi oleh Kecamatan")
    indonesian_changed = source.replace(
        titled, "title: {id: Verifikasi di Kecamatan, en: Verification by the sub-district office}"
    )
    newer.write_text(indonesian_changed.replace("version: 1\n", "version: 2\n"), encoding="utf-8")
    new_spec = load_catalog(DEFINITIONS, [newer]).specs["adminduk.kk.gowa"]
    [line] = [
        c for c in change_lines(diff_specs(old_spec, new_spec).changes, old_spec, new_spec, "en") if c.what == "title"
    ]
    assert (line.before, line.after) == (
        "Indonesian: “Verifikasi oleh Kecamatan”",
        "Indonesian: “Verifikasi di Kecamatan”",
    )
