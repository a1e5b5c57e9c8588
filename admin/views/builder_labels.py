"""The builder's words: what each input of its forms is called, and the names of the values offered.

The keys are the definition language's (``framework.authoring.builder_forms``);
the words are the interface's, through Flask-Babel, so the builder speaks
the officer's language like every admin screen.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS = {
    "service": (_l("Id layanan"), _l("`<sektor>.<nama>`, huruf kecil, mis. `sosial.sktm-gowa`; unik secara nasional.")),
    "version": (_l("Versi"), _l("Naikkan setiap kali perubahan diajukan.")),
    "title": (_l("Judul"), ""),
    "summary": (_l("Ringkasan"), _l("Satu atau dua kalimat untuk warga.")),
    "sector": (_l("Sektor"), _l("Awal id layanan, mis. `sosial`.")),
    "issuer": (
        _l("Instansi penerbit"),
        _l("Yang menerbitkan dokumen: nama, penomoran dan penandatangan dari definitions/issuers/."),
    ),
    "provider": (
        _l("Penyedia (plugin integrasi)"),
        _l("Hanya untuk integrasi dengan sistem lain, mis. `webhook`; kosongkan bila penerbit yang bertindak."),
    ),
    "prefill": (_l("Isi otomatis dari registri"), _l("`lookup.atribut`, mis. `pemohon.nama_lengkap`.")),
    "notify": (_l("Notifikasi untuk warga"), ""),
    "sla": (_l("Jangka waktu (SLA)"), _l("`5d` = 5 hari kerja, `4h` = 4 jam kerja.")),
    "fee": (_l("Biaya (Rupiah)"), _l("Tulis 0 untuk layanan gratis; angka tanpa titik pemisah ribuan.")),
    "fee_basis": (_l("Dasar hukum biaya"), ""),
    "product": (_l("Produk layanan"), _l("Yang diterima warga; juga judul surat bila penerbit tidak menetapkannya.")),
    "complaints": (_l("Kanal pengaduan"), ""),
    "retention": (_l("Masa retensi data"), _l("Mis. `5y` (tahun), `18m` (bulan) atau `90d` (hari) setelah keputusan.")),
    "legal_basis": (_l("Dasar hukum"), _l("Satu peraturan per baris.")),
    "requirements": (_l("Persyaratan"), ""),
    "procedure": (_l("Prosedur"), ""),
    "facilities": (_l("Sarana dan prasarana"), ""),
    "staff_competence": (_l("Kompetensi pelaksana"), ""),
    "oversight": (_l("Pengawasan internal"), ""),
    "staff_count": (_l("Jumlah pelaksana"), ""),
    "guarantee": (_l("Jaminan pelayanan (maklumat)"), ""),
    "security": (_l("Jaminan keamanan dan keselamatan"), ""),
    "evaluation": (_l("Evaluasi kinerja pelaksana"), ""),
    "id": (_l("Id"), _l("Huruf kecil, angka dan `_`; dipakai dalam kondisi dan API.")),
    "intro": (_l("Pengantar halaman"), ""),
    "when": (_l("Kondisi tampil"), _l("Ditampilkan dan diperiksa hanya bila kondisi ini benar.")),
    "type": (_l("Jenis isian"), ""),
    "label": (_l("Label"), ""),
    "hint": (_l("Petunjuk"), ""),
    "required": (_l("Wajib diisi"), ""),
    "locked": (_l("Dikunci pada nilai dari registri"), ""),
    "min": (_l("Minimum"), _l("Angka: nilai terkecil; pilihan ganda: jumlah pilihan paling sedikit.")),
    "max": (_l("Maksimum"), _l("Angka: nilai terbesar; pilihan ganda: jumlah pilihan paling banyak.")),
    "min_length": (_l("Panjang minimum (karakter)"), ""),
    "max_length": (_l("Panjang maksimum (karakter)"), ""),
    "pattern": (_l("Pola (ekspresi reguler)"), _l("Mis. `^[0-9]{5}$` untuk kode pos.")),
    "pattern_message": (_l("Pesan bila pola tidak cocok"), ""),
    "options": (_l("Pilihan"), _l("Kode disimpan; label ditampilkan. Kosongkan kode agar dibuat dari label.")),
    "options_from": (_l("atau pilihan dari daftar kode"), ""),
    "level": (_l("Tingkat wilayah"), ""),
    "repeat": (_l("Berulang (daftar baris)"), _l("Isi maksimum agar kelompok menjadi daftar, mis. anggota keluarga.")),
    "accept": (_l("Jenis berkas yang diterima"), ""),
    "max_mb": (_l("Ukuran maksimum (MB)"), ""),
    "message": (_l("Pesan untuk warga"), ""),
    "field": (_l("Pesan ditampilkan di kolom"), _l("Bawaan: kolom pertama yang disebut kondisi.")),
    "role": (_l("Peran petugas"), _l("Satu kata, huruf kecil dengan `_`, mis. `operator_dinsos`.")),
    "actions": (_l("Tindakan"), ""),
    "on_deadline": (_l("Saat tenggat lewat"), ""),
}

RULE_WHEN = (
    _l("Kesalahan terjadi bila"),
    _l("Kondisi yang menggambarkan kesalahan, mis. `sum(anggota.penghasilan) >= 3000000`."),
)

FIELD_TYPES = {
    "text": _l("Teks satu baris"),
    "textarea": _l("Teks panjang"),
    "integer": _l("Bilangan bulat"),
    "decimal": _l("Bilangan desimal"),
    "date": _l("Tanggal"),
    "choice": _l("Pilihan (satu)"),
    "multichoice": _l("Pilihan ganda"),
    "boolean": _l("Ya/tidak"),
    "email": _l("Email"),
    "phone": _l("Nomor telepon"),
    "nik": _l("NIK"),
    "kk": _l("Nomor KK"),
    "region": _l("Wilayah"),
    "group": _l("Kelompok (bisa berulang)"),
    "declaration": _l("Pernyataan"),
}

LEVELS = {
    "province": _l("Provinsi"),
    "regency": _l("Kabupaten/kota"),
    "district": _l("Kecamatan"),
    "village": _l("Desa/kelurahan"),
}
ACTIONS = {"approve": _l("Setujui"), "return": _l("Kembalikan"), "reject": _l("Tolak")}
DEADLINE_ACTIONS = {
    "approve": _l("Setujui otomatis"),
    "reject": _l("Tolak otomatis"),
    "escalate": _l("Tandai ke atasan"),
}
OPERATORS = {
    "==": _l("sama dengan"),
    "!=": _l("tidak sama dengan"),
    "<": _l("kurang dari"),
    "<=": _l("paling banyak"),
    ">": _l("lebih dari"),
    ">=": _l("paling sedikit"),
    "in": _l("salah satu dari (pisahkan dengan koma)"),
    "not in": _l("bukan salah satu dari"),
    "answered": _l("sudah diisi"),
    "empty": _l("belum diisi"),
}
EVENTS = {
    "submitted": _l("Diajukan"),
    "returned": _l("Dikembalikan"),
    "resubmitted": _l("Diajukan ulang"),
    "approved": _l("Disetujui"),
    "issued": _l("Diterbitkan"),
    "rejected": _l("Ditolak"),
    "withdrawn": _l("Ditarik"),
    "overdue": _l("Melewati tenggat"),
}
KINDS = {
    "page": _l("Halaman"),
    "field": _l("Kolom"),
    "document": _l("Dokumen"),
    "rule": _l("Aturan"),
    "step": _l("Tahap"),
    "service": _l("Layanan"),
    "standard": _l("Standar pelayanan"),
}
