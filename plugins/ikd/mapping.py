"""IKD person record → the attribute names definitions use.

Record keys follow Dukcapil integrations (see shared/DOMAIN.md); what MPP
Digital receives exactly is not public, so the mapping lives in one table
that is easy to correct.
"""

from __future__ import annotations

# attribute used in definitions: (key in the IKD record, description)
FIELD_MAP: dict[str, tuple[str, str]] = {
    "nik": ("nik", "NIK"),
    "no_kk": ("no_kk", "family-card (KK) number"),
    "nama_lengkap": ("nama_lgkp", "full name"),
    "tempat_lahir": ("tmpt_lhr", "place of birth"),
    "tanggal_lahir": ("tgl_lhr", "date of birth (YYYY-MM-DD)"),
    "jenis_kelamin": ("jenis_klmin", "sex: LAKI-LAKI or PEREMPUAN"),
    "golongan_darah": ("gol_darah", "blood type"),
    "agama": ("agama", "religion"),
    "status_perkawinan": ("status_kawin", "marital status"),
    "hubungan_keluarga": ("stat_hbkel", "relation in the family"),
    "pendidikan": ("pddk_akh", "last education"),
    "pekerjaan": ("jenis_pkrjn", "occupation"),
    "kewarganegaraan": ("kewarganegaraan", "citizenship"),
    "alamat": ("alamat", "street address"),
    "rt": ("no_rt", "RT (neighbourhood) number"),
    "rw": ("no_rw", "RW (hamlet) number"),
    "kode_pos": ("kode_pos", "postal code"),
    "provinsi": ("no_prop", "province code"),
    "nama_provinsi": ("prop_name", "province name"),
    "kabupaten_kota": ("no_kab", "regency/city code"),
    "nama_kabupaten_kota": ("kab_name", "regency/city name"),
    "kecamatan": ("no_kec", "district code"),
    "nama_kecamatan": ("kec_name", "district name"),
    "kelurahan": ("no_kel", "village code"),
    "nama_kelurahan": ("kel_name", "village name"),
    "nik_ibu": ("nik_ibu", "mother's NIK"),
    "nama_ibu": ("nama_lgkp_ibu", "mother's full name"),
    "nik_ayah": ("nik_ayah", "father's NIK"),
    "nama_ayah": ("nama_lgkp_ayah", "father's full name"),
}

ATTRIBUTES: dict[str, str] = {name: description for name, (_key, description) in FIELD_MAP.items()}

# the field type an attribute fits (`mpp generate` publishes it for authors: generated/authoring/)
TYPES: dict[str, str] = {
    "nik": "nik",
    "no_kk": "kk",
    "nama_lengkap": "text",
    "tempat_lahir": "text",
    "tanggal_lahir": "date",
    "jenis_kelamin": "choice: codelists/jenis-kelamin",
    "golongan_darah": "choice: codelists/golongan-darah",
    "agama": "choice: codelists/agama",
    "status_perkawinan": "choice: codelists/status-perkawinan",
    "hubungan_keluarga": "choice: codelists/hubungan-keluarga",
    "pendidikan": "choice: codelists/pendidikan",
    "pekerjaan": "choice: codelists/pekerjaan",
    "kewarganegaraan": "choice: codelists/kewarganegaraan",
    "alamat": "text",
    "rt": "text",
    "rw": "text",
    "kode_pos": "text",
    "provinsi": "region: province",
    "nama_provinsi": "text",
    "kabupaten_kota": "region: regency",
    "nama_kabupaten_kota": "text",
    "kecamatan": "region: district",
    "nama_kecamatan": "text",
    "kelurahan": "region: village",
    "nama_kelurahan": "text",
    "nik_ibu": "nik",
    "nama_ibu": "text",
    "nik_ayah": "nik",
    "nama_ayah": "text",
}
