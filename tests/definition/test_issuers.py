"""Issuers declared, not coded (issue 13, item 5): the files under definitions/issuers/ and `issuer:` in a service.

Line numbers of the service refer to MINIMAL in defhelpers.py (24: the first
line after it).
"""

from __future__ import annotations

from defhelpers import MINIMAL, at, mutate

from framework.core import settings
from framework.definition import load_catalog

expect = at

SURAT = """\
issuer: surat-desa
region: "73.12"
name: {id: Kantor Desa Contoh, en: Village office}
numbering: "470/{sequence:03}/{region}/{year}"
signatory: kepala_desa
letter:
  title: {id: Surat Keterangan, en: Certificate}
  body: {id: "Menerangkan bahwa {applicant} berpenghasilan {penghasilan}.", en: "Certifies that {applicant} earns {penghasilan}."}
"""  # noqa: E501


def issuer_errors(check, name: str, text: str) -> list:
    (check.root / "issuers").mkdir(exist_ok=True)
    catalog = check.catalog({f"issuers/{name}.yaml": text, "contoh.yaml": MINIMAL})
    return [e for e in catalog.errors if e.file.endswith(f"{name}.yaml")]


def test_the_bundled_issuers_replace_the_providers_that_only_issued():
    catalog = load_catalog(settings.definitions_dir())
    assert {"dukcapil", "kemenkes", "dpmptsp", "dinsos-gowa"} <= set(catalog.issuers)
    assert catalog.issuers["dinsos-gowa"].name.id == "Dinas Sosial Kabupaten Gowa"
    assert catalog.specs["adminduk.kk"].provider == "dukcapil"  # `provider:` naming a declared issuer still works


def test_unknown_issuer(check):
    error = expect(check(MINIMAL + "issuer: dinsos-gowaa\n"), "UNKNOWN_ISSUER", 24, 9)
    assert error.text.en.endswith("did you mean `dinsos-gowa`?") and "definitions/issuers/" in error.text.en


def test_an_issuer_instead_of_a_provider(check):
    catalog = check.catalog({"contoh.yaml": mutate(drop=("provider: dukcapil\n",), append="issuer: dinsos-gowa\n")})
    assert catalog.ok, [str(e) for e in catalog.errors]
    spec = catalog.specs["adminduk.contoh"]
    assert (spec.issuer, spec.provider) == ("dinsos-gowa", "dinsos-gowa")


def test_neither_provider_nor_issuer(check):
    error = expect(check(mutate(drop=("provider: dukcapil\n",))), "MISSING_KEY", 1, 1)
    assert error.text.en.startswith("`issuer` is missing at the top level")


def test_a_provider_that_is_neither_issuer_nor_plugin(check):
    error = expect(check(mutate(replace={"provider: dukcapil": "provider: dinsos"})), "UNKNOWN_PROVIDER", 6, 11)
    assert "neither an issuer declared in definitions/issuers/ nor an installed plugin" in error.text.en


def test_a_letter_placeholder_that_is_not_a_field(check):
    (check.root / "issuers").mkdir()
    check.write("issuers/surat-desa.yaml", SURAT)
    error = expect(check(MINIMAL + "issuer: surat-desa\n"), "UNKNOWN_PLACEHOLDER", 24, 9)
    assert "uses `{penghasilan}`, which is not a top-level field of this service" in error.text.en


def test_a_letter_placeholder_that_is_a_field_is_fine(check):
    (check.root / "issuers").mkdir()
    check.write("issuers/surat-desa.yaml", SURAT.replace("{penghasilan}", "{nama}"))
    assert check(MINIMAL + "issuer: surat-desa\n") == []


def test_an_unknown_placeholder_in_the_numbering(check):
    # `numbering: "470/` is 16 characters: the error points at `{nomor}`
    errors = issuer_errors(check, "surat-desa", SURAT.replace("{sequence:03}", "{sequence:03}-{nomor}"))
    error = expect(errors, "UNKNOWN_PLACEHOLDER", 4, 31)
    assert error.text.en.startswith("`{nomor}` is not known in a numbering")


def test_a_numbering_without_a_sequence(check):
    errors = issuer_errors(check, "surat-desa", SURAT.replace("{sequence:03}", "{month_roman}"))
    error = expect(errors, "BAD_FORMAT", 4, 12)
    assert "`{sequence}`" in error.text.en


def test_a_placeholder_that_is_no_name(check):
    errors = issuer_errors(
        check, "surat-desa", SURAT.replace("berpenghasilan {penghasilan}", "berpenghasilan {penghasilan bulanan}")
    )
    error = expect(errors, "BAD_FORMAT", 8, 60)
    assert "is not a placeholder name" in error.text.en


def test_the_issuer_is_named_by_its_file(check):
    errors = issuer_errors(check, "surat", SURAT)
    error = expect(errors, "BAD_VALUE", 1, 9)
    assert "write `issuer: surat`" in error.text.en


def test_the_issuer_file_has_a_shape(check):
    errors = issuer_errors(check, "surat-desa", SURAT.replace("signatory: kepala_desa\n", "penandatangan: kepala\n"))
    assert [e.code for e in errors] == ["MISSING_KEY", "UNKNOWN_KEY"]


def test_an_issuer_in_a_region_that_does_not_exist(check):
    errors = issuer_errors(check, "surat-desa", SURAT.replace('"73.12"', '"73.99"'))
    expect(errors, "UNKNOWN_REGION", 2, 9)


def test_a_variant_may_not_change_the_issuer(check):
    variant = (
        'service: adminduk.contoh-soppeng\nversion: 1\nextends: adminduk.contoh\nregion: "73.12"\nissuer: kemenkes\n'
    )
    errors = [e for e in check.catalog({"contoh.yaml": MINIMAL, "soppeng.yaml": variant}).errors if "soppeng" in e.file]
    error = expect(errors, "VARIANT_CHANGES_ROLE", 5, 9)
    assert "`kemenkes`" in error.text.en


def test_an_issuer_name_may_carry_only_the_regency(check):
    # `name: {id: "` is 12 characters: the error points at `{kota}`
    errors = issuer_errors(check, "surat-desa", SURAT.replace("{id: Kantor Desa Contoh,", '{id: "Kantor Desa {kota}",'))
    error = expect(errors, "UNKNOWN_PLACEHOLDER", 3, 25)
    assert error.text.en.startswith("`{kota}` is not known here; a name, an address and a signatory's title may only")
    fine = SURAT.replace("{id: Kantor Desa Contoh,", '{id: "Kantor Desa {region}",')
    assert issuer_errors(check, "surat-desa", fine) == []


def test_a_service_writes_its_own_letter_in_place_of_its_issuers(check):
    """The issuer's `{penghasilan}` no longer matters where the service writes its own body."""
    (check.root / "issuers").mkdir()
    check.write("issuers/surat-desa.yaml", SURAT)
    own = 'letter:\n  holder: "{nama}"\n  body: {id: "Untuk {nama}.", en: "For {nama}."}\n'
    assert check(MINIMAL + "issuer: surat-desa\n" + own) == []
    wrong = own.replace("Untuk {nama}.", "Untuk {namaa}.")
    # `  body: {id: "Untuk ` is 20 characters: the error points at `{namaa}`
    error = expect(check(MINIMAL + "issuer: surat-desa\n" + wrong), "UNKNOWN_PLACEHOLDER", 27, 21)
    assert error.text.en.startswith("`{namaa}` is neither a top-level field of this service nor one of")
    assert "did you mean `nama`?" in error.text.en
