"""Definitions the publication tests propose: a Gowa SKTM (certificate of low income), new to the catalog.

``SKTM`` passes `mpp validate --strict` (a proposal must); ``SKTM_PARTIAL`` publishes only part of the service
standard and asks the applicant's name again, what `--strict` and the audit refuse.

Imported by the service, admin and browser tests of the publication workflow.
"""

from __future__ import annotations

GOWA = "73.06"
SKTM = """\
service: sosial.sktm-gowa
version: {version}
region: "73.06"
title: {{id: Surat Keterangan Tidak Mampu, en: Certificate of low income}}
summary: {{id: Keterangan tidak mampu untuk keringanan biaya, en: A certificate of low income for fee waivers}}
sector: sosial
provider: dpmptsp
standard:
  sla: 3d
  fee: 0
  complaints: lapor
  legal_basis: [Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik]
  requirements: [{{id: Surat pengantar RT/RW, en: A letter from the neighbourhood head}}]
  procedure: [{{id: Isi formulir daring, en: Fill in the online form}}]
  product: {{id: Surat Keterangan Tidak Mampu, en: Certificate of low income}}
  facilities: {{id: Loket DPMPTSP dan portal daring, en: The DPMPTSP counter and the online portal}}
  staff_competence: {{id: Petugas DPMPTSP terlatih, en: Trained DPMPTSP officers}}
  oversight: {{id: Kepala DPMPTSP, en: The head of DPMPTSP}}
  staff_count: {{id: Dua petugas, en: Two officers}}
  guarantee: {{id: Maklumat pelayanan DPMPTSP, en: The DPMPTSP service pledge}}
  security: {{id: Data pemohon dilindungi, en: Applicants' data is protected}}
  evaluation: {{id: Evaluasi tiap semester, en: An evaluation every semester}}
pages:
  - id: keterangan
    title: {{id: Pemohon, en: Applicant}}
    fields:
      - id: nama
        type: text
        label: {{id: Nama, en: Name}}
        required: true
      - id: penghasilan
        type: integer
        label: {{id: Penghasilan per bulan, en: Monthly income}}
        required: true
        min: 0
steps:
  - id: verifikasi
    title: {{id: Verifikasi, en: Verification}}
    role: operator_dpmptsp
    sla: 2d
    actions: [approve, return, reject]
"""
# A Gowa variant of the national KTP-el that switches the age rule off: loosening, refused.
KTP_GOWA_LOOSE = """\
service: adminduk.ktp-el.gowa
version: 1
extends: adminduk.ktp-el
region: "73.06"
rules:
  - id: belum_wajib_ktp
    when: "false"
"""
# The SKTM before its standard was complete: the audit's findings, refused by `--strict`, so it cannot be proposed.
SKTM_PARTIAL = SKTM.replace(SKTM[SKTM.index("  legal_basis:") : SKTM.index("pages:")], "").replace(
    "  - id: keterangan\n", "  - id: pemohon\n"
)
