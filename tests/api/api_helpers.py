"""Constants and request builders of the API tests (the reference example)."""

from __future__ import annotations

CITIZEN_NIK = "7312010101900001"
MOTHER_NIK = "7312014501900001"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SERVICE = "adminduk.akta-kelahiran"
REGION = "73.12"


def reference_answers(**changes):
    answers = {
        "nik_pemohon": CITIZEN_NIK,
        "nama_pemohon": "Andi",
        "hubungan": "ayah",
        "nama_anak": "Budi",
        "jenis_kelamin": "LAKI-LAKI",
        "tanggal_lahir": "2024-03-01",
        "tempat_lahir": "73.12",
        "kembar": False,
        "nik_ibu": MOTHER_NIK,
        "nama_ibu": "Siti",
        "pernyataan": True,
    }
    answers.update(changes)
    return answers


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def multipart(answers=None, region=REGION, files=None):
    import io
    import json

    data = {
        "payload": json.dumps({"region": region, "answers": answers if answers is not None else reference_answers()})
    }
    for name, content in (files if files is not None else {"surat_keterangan_lahir": PDF}).items():
        data[name] = (io.BytesIO(content), f"{name}.pdf")
    return data
