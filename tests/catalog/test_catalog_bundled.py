"""Every bundled definition compiles strictly: no error, no warning (every text bilingual)."""

from __future__ import annotations

import os

from click.testing import CliRunner
from mpp_testing import PROJECT

from framework.cli import main


def test_catalog_has_no_problem_at_all(bundled):
    assert [str(e) for e in bundled.errors] == []


def test_catalog_holds_the_services_of_the_domain(bundled):
    offered = [s for s in bundled.offered() if s.region is None]
    assert sorted(s.id for s in offered if s.sector == "adminduk") == [
        "adminduk.akta-kelahiran",
        "adminduk.akta-kematian",
        "adminduk.datang",
        "adminduk.kia",
        "adminduk.kk",
        "adminduk.ktp-el",
        "adminduk.perubahan-biodata",
        "adminduk.pindah",
    ]
    assert len([s for s in offered if s.sector == "nakes"]) == 31
    assert len([s for s in bundled.offered() if s.region]) >= 3


def test_templates_are_not_offered(bundled):
    templates = {s.id for s in bundled.specs.values() if s.template}
    assert templates == {"adminduk.layanan-template", "nakes.sip-template"}
    assert not templates & {s.id for s in bundled.offered()}


def test_every_health_licence_is_built_on_the_national_template(bundled):
    nakes = [s for s in bundled.offered() if s.sector == "nakes" and s.region is None]
    assert {s.extends for s in nakes} == {"nakes.sip-template"}
    for spec in nakes:
        assert spec.standard.sla.text == "5d" and spec.provider == "dpmptsp"
        assert [s.role for s in spec.steps] == ["fo_dpmptsp", "teknis_dinkes", "bo_dpmptsp", "kepala_dpmptsp"]
        assert all(s.on_deadline == "approve" for s in spec.steps)
        assert sum(s.sla.working_hours for s in spec.steps) <= spec.standard.sla.working_hours
        assert spec.field("profesi").prefill.lookup == "nakes" and spec.field("profesi").locked


def test_every_adminduk_service_keeps_the_disdukcapil_chain(bundled):
    for spec in (s for s in bundled.offered() if s.sector == "adminduk" and s.region is None):
        assert [s.role for s in spec.steps] == ["operator_dukcapil", "verifikator_dukcapil", "kepala_dukcapil"]
        assert spec.standard.sla.text == "1d" and spec.standard.fee == 0 and spec.standard.fee_basis
        assert spec.field("nik_pemohon").prefill.lookup == "pemohon" and spec.field("nik_pemohon").locked


def test_police_report_only_when_the_ktp_was_lost(bundled):
    document = next(d for d in bundled.specs["adminduk.ktp-el"].documents if d.id == "surat_kehilangan")
    assert document.when.holds({"alasan_ktp": "HILANG"})
    assert not document.when.holds({"alasan_ktp": "RUSAK"})


def test_second_practice_place_needs_the_earlier_sips(bundled):
    spec = bundled.specs["nakes.sip-perawat"]
    document = next(d for d in spec.documents if d.id == "sip_sebelumnya")
    assert document.when.holds({"jenis_permohonan": "BARU", "tempat_praktik_ke": 2})
    assert not document.when.holds({"jenis_permohonan": "BARU", "tempat_praktik_ke": 1})
    fourth = next(r for r in spec.rules if r.id == "paling_banyak_tiga")
    assert fourth.when.holds({"jenis_permohonan": "BARU", "jumlah_sip_aktif": 3})
    assert not fourth.when.holds({"jenis_permohonan": "PERPANJANGAN", "jumlah_sip_aktif": 3})


def test_mpp_validate_strict_passes_on_definitions():
    runner = CliRunner()
    result = runner.invoke(
        main, ["validate", "--strict"], env={**os.environ, "MPP_DEFINITIONS": str(PROJECT / "definitions")}
    )
    assert result.exit_code == 0, result.output
