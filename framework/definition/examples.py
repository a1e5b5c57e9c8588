"""A small wrong and right example for every error code, shown by `mpp validate --explain CODE`.

An author who reads "WRONG_TYPE" learns more from two lines of YAML than
from a sentence: what they probably wrote, and what to write instead. Each
example is a fragment of a definition (or of a code list or issuer file, as
the comment on its first line says), not a whole file.
"""

from __future__ import annotations

# code -> (wrong, right)
EXAMPLES: dict[str, tuple[str, str]] = {
    "FILE_UNREADABLE": (
        "# a folder, or a file without read permission, named .yaml",
        "# a readable file: chmod a+r kk.yaml",
    ),
    "FILE_TOO_LARGE": (
        "# a 5 MB file: data pasted into a definition",
        "# a few kilobytes; lists go in definitions/codelists/",
    ),
    "NOT_UTF8": (
        "# saved as Windows-1252: title: Contoh \\xf6",
        "# saved as UTF-8 (the editor's 'Save with encoding')",
    ),
    "EMPTY_FILE": ("# only comments", "service: adminduk.contoh\nversion: 1"),
    "YAML_SYNTAX": ("title: Nama: lengkap", 'title: "Nama: lengkap"'),
    "DUPLICATE_KEY": ("version: 1\ntitle: {id: A, en: A}\nversion: 2", "version: 2\ntitle: {id: A, en: A}"),
    "ALIAS_NOT_ALLOWED": ("sla: &batas 1d\n...\n    sla: *batas", "sla: 1d\n...\n    sla: 1d"),
    "TOO_DEEP": ("deep: [[[[[[ ... ]]]]]]   # more than 40 levels", "pages:\n  - id: satu"),
    "TOO_MANY_PROBLEMS": (
        "fields:\n  - {id: f1, kunci: 1}\n  - {id: f2, kunci: 1}\n  ...   # thousands of mistakes",
        "fields:\n  - {id: f1, type: text, label: {id: Satu, en: One}}   # fixed, then checked again",
    ),
    "NOT_A_MAPPING": ("- service: adminduk.contoh\n- version: 1", "service: adminduk.contoh\nversion: 1"),
    "BAD_TAG": ("provider: !env PROVIDER", "provider: dukcapil"),
    "MISSING_KEY": (
        "steps:\n  - id: verifikasi\n    role: operator_dukcapil",
        "steps:\n  - id: verifikasi\n    title: {id: Verifikasi, en: Check}\n    "
        "role: operator_dukcapil\n    sla: 4h\n    actions: [approve, return, reject]",
    ),
    "UNKNOWN_KEY": ("      - id: nama\n        wajib: ya", "      - id: nama\n        required: true"),
    "WRONG_TYPE": ("region: 73.10\nstandard:\n  fee: gratis", 'region: "73.10"\nstandard:\n  fee: 0'),
    "BAD_VALUE": ("        type: tanggal", "        type: date"),
    "BAD_FORMAT": ("    role: operator dukcapil", "    role: operator_dukcapil"),
    "OUT_OF_RANGE": ("version: 0", "version: 1"),
    "TOO_FEW": ("    actions: []", "    actions: [approve, return, reject]"),
    "TOO_MANY": (
        "      - id: nama_lengkap_pemohon_sesuai_kartu_tanda_penduduk_elektronik_yang_masih_berlaku",
        "      - id: nama_pemohon",
    ),
    "DUPLICATE_ID": (
        "      - id: nama\n      ...\n      - id: nama",
        "      - id: nama\n      ...\n      - id: nama_ibu",
    ),
    "UNKNOWN_FIELD": ("rules:\n  - when: umur < 17\n    field: umr", "rules:\n  - when: umur < 17\n    field: umur"),
    "UNKNOWN_LOOKUP": (
        "        prefill: pemohon.nama_lengkap   # no lookup `pemohon`",
        "prefill:\n  pemohon: {source: ikd, by: applicant}",
    ),
    "UNKNOWN_SOURCE": (
        "prefill:\n  pemohon: {source: dukcapil, by: applicant}",
        "prefill:\n  pemohon: {source: ikd, by: applicant}",
    ),
    "UNKNOWN_ATTRIBUTE": ("        prefill: pemohon.nama_lgkp", "        prefill: pemohon.nama_lengkap"),
    "UNKNOWN_CODELIST": ("        options_from: codelists/agamaa", "        options_from: codelists/agama"),
    "UNKNOWN_TEMPLATE": ("extends: adminduk.kartu-keluarga", "extends: adminduk.kk"),
    "UNKNOWN_PROVIDER": ("provider: disdukcapil", "provider: dukcapil"),
    "UNKNOWN_CHANNEL": ("standard:\n  complaints: SP4N-LAPOR", "standard:\n  complaints: lapor"),
    "UNKNOWN_ACTION": ("    actions: [setuju, tolak]", "    actions: [approve, reject]"),
    "UNKNOWN_REGION": ('region: "73.99"', 'region: "73.06"'),
    "KEY_NOT_FOR_TYPE": ("        type: text\n        min: 1", "        type: text\n        min_length: 1"),
    "NO_OPTIONS": ("        type: choice", "        type: choice\n        options_from: codelists/agama"),
    "BAD_REPEAT": ("        repeat: {min: 3, max: 2}", "        repeat: {min: 1, max: 5}"),
    "BAD_RANGE": ("        min: 10\n        max: 1", "        min: 1\n        max: 10"),
    "BAD_DURATION": ("    sla: 4 jam", "    sla: 4h"),
    "THIRD_PARTY_NUMBER_OPEN": (
        "      - {id: no_kk_almarhum, type: kk, prefill: almarhum.no_kk}   # by: field.nik_almarhum",
        "      - {id: no_kk_almarhum, type: kk, prefill: almarhum.no_kk, locked: true}",
    ),
    "FEE_NOT_WHOLE": ("standard:\n  fee: 5.000   # read as 5", "standard:\n  fee: 5000"),
    "FEE_AGAINST_LAW": ("sector: adminduk\nstandard:\n  fee: 50000", "sector: adminduk\nstandard:\n  fee: 0"),
    "BAD_SIZE": ("    max_mb: 0", "    max_mb: 2"),
    "BAD_PATTERN": ('        pattern: "[0-9"', '        pattern: "^[0-9]{5}$"'),
    "LOCKED_WITHOUT_PREFILL": ("        locked: true", "        prefill: pemohon.nama_lengkap\n        locked: true"),
    "BAD_PREFILL_KEY": (
        "# page 1: nama_ibu (prefill: ibu.nama_lengkap); page 2: nik_ibu",
        "# page 1: nik_ibu, then nama_ibu (prefill: ibu.nama_lengkap)",
    ),
    "BAD_DEADLINE_ACTION": (
        "    actions: [return]\n    on_deadline: approve",
        "    actions: [approve, return]\n    on_deadline: approve",
    ),
    "NO_APPROVE_STEP": ("    actions: [return, reject]", "    actions: [approve, return, reject]"),
    "EXPR_SYNTAX": (
        "        when: pilihan == 'lainnya' dan umur >= 17",
        "        when: pilihan == 'lainnya' and umur >= 17",
    ),
    "EXPR_UNKNOWN_NAME": ("        when: pekerjaan == lainnya", "        when: pekerjaan == 'lainnya'"),
    "EXPR_UNKNOWN_FUNCTION": ("        when: age(tanggal_lahir) >= 17", "        when: umur(tanggal_lahir) >= 17"),
    "EXPR_FORBIDDEN": ("        when: nama.upper() == 'BUDI'", "        when: upper(nama) == 'BUDI'"),
    "EXPR_NOT_A_REPEAT": (
        "  - when: sum(alamat.rt) > 10   # `alamat` has no repeat",
        "  - when: sum(anggota.penghasilan) >= 3000000",
    ),
    "EXPR_AGGREGATE_TYPE": ("  - when: sum(anggota.nama) > 0", "  - when: count(anggota) > 0"),
    "BAD_POSITION": ("    after: nama_anakk", "    after: nama_anak"),
    "EXTENDS_CYCLE": ("# a.yaml: extends: b   b.yaml: extends: a", "# a.yaml: template: true   b.yaml: extends: a"),
    "VARIANT_NEEDS_REGION": ("extends: adminduk.kk", 'extends: adminduk.kk\nregion: "73.06"'),
    "VARIANT_OF_VARIANT": ("extends: adminduk.kk.gowa   # Gowa's variant", "extends: adminduk.kk"),
    "VARIANT_DROPS_REQUIRED": (
        "remove: [nik_pemohon]   # required in the template",
        "remove: [keterangan]   # optional in the template",
    ),
    "VARIANT_STEP_AFTER_SIGNATURE": (
        "steps:\n  - id: arsip   # appended after tanda_tangan, the head's signature",
        "steps:\n  - id: arsip\n    before: tanda_tangan",
    ),
    "VARIANT_LONGER_SLA": ("standard:\n  sla: 3d   # the template says 1d", "standard:\n  sla: 4h"),
    "VARIANT_RAISES_FEE": ("standard:\n  fee: 10000   # the template is free", "standard:\n  fee: 0"),
    "VARIANT_CHANGES_ID": ("sector: sosial   # the template's sector is adminduk", "sector: adminduk"),
    "VARIANT_LOOSENS_RULE": (
        "rules:\n  - id: umur_minimal\n    when: 'false'",
        "rules:\n  - id: umur_minimal\n    when: umur < 17 or umur > 90",
    ),
    "VARIANT_LOOSENS_CONDITION": (
        "      - id: nik_ibu\n        when: 'false'",
        "      - id: nik_ibu\n        when: true",
    ),
    "VARIANT_UNLOCKS": (
        "      - id: nama_pemohon\n        locked: false",
        "      - id: nama_pemohon\n        hint: {id: Dari IKD, en: From IKD}",
    ),
    "VARIANT_CHANGES_PREFILL": (
        "      - id: nama_pemohon\n        prefill: null",
        "      - id: nama_pemohon   # keep the template's prefill",
    ),
    "VARIANT_LOOSENS_UPLOAD": (
        "    accept: [pdf, jpg, png]   # the template: [pdf]\n    max_mb: 10",
        "    accept: [pdf]\n    max_mb: 2",
    ),
    "VARIANT_LOOSENS_FIELD": ("        max_length: 500   # the template: 100", "        max_length: 80"),
    "VARIANT_WEAKENS_STEP": (
        "    actions: [approve]   # the template: [approve, return, reject]",
        "    actions: [approve, return, reject]",
    ),
    "VARIANT_CHANGES_ROLE": (
        "    role: operator_kecamatan   # the template: operator_dukcapil",
        "    role: operator_dukcapil",
    ),
    "VARIANT_LOOSENS_DEADLINE": (
        "    on_deadline: approve   # the template decides nothing",
        "    on_deadline: escalate",
    ),
    "VARIANT_LOOSENS_STANDARD": ("standard:\n  complaints: email", "standard:\n  complaints: lapor"),
    "VARIANT_DROPS_NOTICE": (
        "notify:\n  returned: [inbox]   # the template: [inbox, email, sms]",
        "notify:\n  returned: [inbox, email, sms, whatsapp]",
    ),
    "VARIANT_SELF_OPENS": (
        "      - id: rt\n        regional: open   # in a variant",
        "      - id: rt   # `regional: open` belongs in the template",
    ),
    "DUPLICATE_VARIANT": (
        '# regions/73.06/kk.yaml and regions/73.06/kk-baru.yaml: both extends: adminduk.kk, region: "73.06"',
        "# one file per service and region: regions/73.06/kk.yaml",
    ),
    "REGION_FOLDER_MISMATCH": (
        '# regions/73.06/sip-bidan.yaml\nregion: "73.12"',
        '# regions/73.12/sip-bidan.yaml (moved to the folder of its region)\nregion: "73.12"',
    ),
    "STEPS_EXCEED_SLA": ("standard:\n  sla: 1d\nsteps: # 4h + 8h", "standard:\n  sla: 2d\nsteps: # 4h + 8h"),
    "EXPR_TYPE_MISMATCH": (
        "        when: kembar == 'true'\n        # or: tanggal_rekam > today() + 30   (a date plus a number)",
        "        when: kembar == true\n        # or: selisih_hari(tanggal_rekam, today()) > 30",
    ),
    "PAGE_ID_RESERVED": ("  - id: mulai", "  - id: mulai_data"),
    "EXPR_BAD_DATE": (
        "        when: tanggal_lahir < tanggal('2024-13-01')",
        "        when: tanggal_lahir < tanggal('2024-12-01')",
    ),
    "EXPR_NOT_AN_OPTION": ("        when: status == 'KAWN'", "        when: status == 'KAWIN'"),
    "EXPR_BARE_VALUE": (
        "        when: alasan == 'BARU' or 'HILANG'",
        "        when: alasan in ['BARU', 'HILANG']",
    ),
    "EXPR_CONSTANT": (
        "rules:\n  - id: batas_umur\n    when: 'true'",
        "rules:\n  - id: batas_umur\n    when: umur(tanggal_lahir) < 17",
    ),
    "UNKNOWN_ISSUER": ("issuer: dinas-sosial-gowa", "issuer: dinsos-gowa   # definitions/issuers/dinsos-gowa.yaml"),
    "UNKNOWN_PLACEHOLDER": (
        "# issuers/dinsos-gowa.yaml\nnumbering: 460/{nomor}/{tahun}",
        "# issuers/dinsos-gowa.yaml\nnumbering: 460/{sequence:04}/DINSOS/{region}/{year}",
    ),
    "TEXT_SPLIT_BY_COMMA": (
        "label: {id: Akta, en: From a doctor, midwife}",
        'label: {id: Akta, en: "From a doctor, midwife"}',
    ),
    "UNKNOWN_ROLE": ("    role: operatr_kecamatan", "    role: operator_kecamatan"),
    "NOT_BILINGUAL": ("title: Penerbitan KK", "title: {id: Penerbitan KK, en: Family card issuance}"),
    "ROW_LOOKUP_SCOPE": (
        "  anggota_ikd: {source: ikd, by: field.anggota.nik}   # no field `nik` in the repeating group anggota",
        "  anggota_ikd: {source: ikd, by: field.anggota.nik_anggota}",
    ),
    "PREFILL_KEY_TYPE": (
        "  ibu: {source: ikd, by: field.nama_ibu}   # a text field",
        "  ibu: {source: ikd, by: field.nik_ibu}   # type: nik",
    ),
    "WHEN_READS_LATER_PAGE": (
        "  - id: anak\n    fields:\n      - id: nama_kembar\n        when: kembar == true   # kembar: page orang_tua",
        "  - id: anak\n    fields:\n      - id: kembar\n        type: boolean\n      - id: nama_kembar\n"
        "        when: kembar == true",
    ),
    "UNUSED_LOOKUP": (
        "prefill:\n  ayah: {source: ikd, by: field.nik_ayah}   # no field uses ayah.*",
        "        prefill: ayah.nama_lengkap",
    ),
    "STANDARD_INCOMPLETE": (
        "standard:\n  sla: 1d\n  fee: 0",
        "standard:\n  sla: 1d\n  fee: 0\n  legal_basis: [Undang-Undang Nomor "
        "24 Tahun 2013]\n  product: {id: Kartu Keluarga, en: Family card}",
    ),
    "DATA_NOT_MINIMAL": (
        "      - id: nama\n        type: text   # IKD already knows it",
        "      - id: nama\n        type: text\n        prefill: pemohon.nama_lengkap\n        locked: true",
    ),
}


def example_text(code: str) -> str:
    """The wrong and right example of ``code``, indented for `--explain`."""
    wrong, right = EXAMPLES[code]
    return "\n".join(
        [
            "  salah / wrong:",
            *(f"    {line}" for line in wrong.splitlines()),
            "  benar / right:",
            *(f"    {line}" for line in right.splitlines()),
        ]
    )
