"""Each regional variant shows its change in the compiled spec, and only there."""

from __future__ import annotations


def test_gowa_adds_a_sub_district_verification_step(bundled):
    national, gowa = bundled.specs["adminduk.kk"], bundled.specs["adminduk.kk.gowa"]
    assert gowa.region == "73.06" and gowa.extends == "adminduk.kk"
    assert [s.id for s in gowa.steps] == ["pemeriksaan_berkas", "verifikasi_kecamatan", "validasi", "tanda_tangan"]
    assert gowa.step("verifikasi_kecamatan").role == "operator_kecamatan"
    assert "verifikasi_kecamatan" not in [s.id for s in national.steps]
    assert sum(s.sla.working_hours for s in gowa.steps) <= gowa.standard.sla.working_hours
    assert "verifikasi_kecamatan" in gowa.states


def test_yogyakarta_registers_births_in_four_hours(bundled):
    national, yogya = bundled.specs["adminduk.akta-kelahiran"], bundled.specs["adminduk.akta-kelahiran.yogyakarta"]
    assert yogya.region == "34.71"
    assert yogya.standard.sla.working_hours == 4 < national.standard.sla.working_hours
    assert sum(s.sla.working_hours for s in yogya.steps) <= 4
    assert [f.id for f in yogya.iter_fields()] == [f.id for f in national.iter_fields()]


def test_soppeng_midwives_name_their_puskesmas(bundled):
    national, soppeng = bundled.specs["nakes.sip-bidan"], bundled.specs["nakes.sip-bidan.soppeng"]
    assert soppeng.region == "73.12"
    field = soppeng.field("puskesmas_pembina")
    assert field.required and field.page == "tempat_praktik"
    ids = [f.id for f in soppeng.iter_fields()]
    assert ids.index("puskesmas_pembina") == ids.index("alamat_praktik") + 1
    assert "puskesmas_pembina" not in [f.id for f in national.iter_fields()]


def test_variants_keep_the_national_requirements(bundled):
    for variant in (s for s in bundled.offered() if s.region):
        national = bundled.specs[variant.extends]
        assert set(national.standard.requirements) <= set(variant.standard.requirements)
        assert variant.standard.fee == national.standard.fee == 0
