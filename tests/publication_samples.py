"""Definitions the publication tests propose: a Gowa SKTM (certificate of low income), new to the catalog.

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
pages:
  - id: pemohon
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
