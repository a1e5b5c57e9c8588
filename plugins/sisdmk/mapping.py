"""SISDMK / SATUSEHAT SDMK health-worker record → definition attribute names."""

from __future__ import annotations

FIELD_MAP: dict[str, tuple[str, str]] = {
    "nik": ("nik", "NIK"),
    "nama": ("nama", "name as registered"),
    "profesi": ("profesi", "profession code (codelists/profesi-nakes)"),
    "nomor_str": ("str.nomor", "STR number"),
    "str_berlaku_sampai": ("str.berlaku_sampai", "STR valid until (empty when valid for life)"),
    "str_seumur_hidup": ("str.seumur_hidup", "STR valid for life (Law 17/2023)"),
    "skp": ("skp", "SKP credit points"),
    "pendidikan_terakhir": ("pendidikan.jenjang", "highest education"),
    "institusi_pendidikan": ("pendidikan.institusi", "school or university"),
    "nomor_ijazah": ("pendidikan.nomor_ijazah", "diploma number"),
    "tahun_lulus": ("pendidikan.tahun_lulus", "year of graduation"),
    "tempat_praktik": ("tempat_praktik", "current practice places"),
    "jumlah_sip_aktif": ("jumlah_sip_aktif", "number of active SIPs"),
}

ATTRIBUTES: dict[str, str] = {name: description for name, (_key, description) in FIELD_MAP.items()}

# the field type an attribute fits (`mpp generate` publishes it for authors: generated/authoring/)
TYPES: dict[str, str] = {
    "nik": "nik",
    "nama": "text",
    "profesi": "choice: codelists/profesi-nakes",
    "nomor_str": "text",
    "str_berlaku_sampai": "date",
    "str_seumur_hidup": "boolean",
    "skp": "integer",
    "pendidikan_terakhir": "choice: codelists/pendidikan",
    "institusi_pendidikan": "text",
    "nomor_ijazah": "text",
    "tahun_lulus": "integer",
    "tempat_praktik": "list (name, address, regency, SIP number per place): not a field",
    "jumlah_sip_aktif": "integer",
}
