"""The README's officer tour works as written, on the demo data `make run` seeds."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from framework.core.settings import PROJECT_ROOT
from framework.storage import LocalStorage
from framework.store.models import Application
from framework.worker import loop as worker
from plugins.sandbox import demo

TOUR = PROJECT_ROOT / "README.md"
BUDI, YUSUF = "3203011205820001", "7306130604780001"


def tour_text() -> str:
    text = TOUR.read_text(encoding="utf-8")
    return text[text.index("### The officer tour") : text.index("`mpp serve` (development only)")]


@pytest.fixture
def seeded(admin_app, sessions, bundled, tmp_path):
    with sessions() as session:
        demo.seed(session, catalog=bundled, count=6, storage=LocalStorage(tmp_path / "uploads"))
    return admin_app


def signed_in(app, username: str):
    client = app.test_client()
    landed = client.post("/masuk/petugas", data={"username": username, "password": demo.PASSWORD})
    assert landed.status_code == 302, username
    return client


SHARP_SCAN = b"%PDF-1.4\n% scanned again, sharp\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # not the filed file


def test_every_officer_the_tour_names_exists_and_signs_in(seeded):
    names = set(re.findall(r"`(demo\.[a-z0-9.-]+)`", tour_text()))
    assert len(names) >= 5
    for username in names:
        client = signed_in(seeded, username)
        assert client.get("/admin/", follow_redirects=True).status_code == 200


def test_steps_one_to_four(seeded, sessions, file_application, tmp_path):
    text = tour_text()
    assert "Nama anak" in text and "Surat keterangan kelahiran" in text and YUSUF in text
    number = file_application("adminduk.akta-kelahiran", nik=BUDI, region="73.06")  # step 1: Budi files in Gowa
    front = signed_in(seeded, "demo.operator-dukcapil.73.06")
    found = front.get(f"/admin/antrian/?cari={number}").get_data(as_text=True)
    assert f'data-tracking-number="{number}"' in found
    case = front.get(f"/admin/permohonan/{number}").get_data(as_text=True)
    assert (
        "Terverifikasi (dari IKD)" in case and 'value="nama_anak"' in case and 'value="surat_keterangan_lahir"' in case
    )
    returned = front.post(
        f"/admin/permohonan/{number}/keputusan",
        data={
            "action": "return",
            "fields": ["nama_anak", "surat_keterangan_lahir"],
            "reason-nama_anak": "Ejaan nama",
            "reason-surat_keterangan_lahir": "Berkas buram",
        },
    )
    assert returned.status_code == 302
    citizen = seeded.test_client()  # step 2: Budi fixes just those
    with citizen.session_transaction() as session:
        session["citizen_nik"] = BUDI
    assert "Perbaiki permohonan" in citizen.get(f"/lacak/{number}").get_data(as_text=True)
    fixed = {"nama_anak": "ANISA SAPUTRI", "surat_keterangan_lahir": (io.BytesIO(SHARP_SCAN), "surat-lahir.pdf")}
    assert citizen.post(f"/lacak/{number}/perbaiki", data=fixed, content_type="multipart/form-data").status_code == 302
    for username in ("demo.operator-dukcapil.73.06", "demo.verifikator-dukcapil.73.06"):
        officer = signed_in(seeded, username)  # step 3: the chain
        assert officer.post(f"/admin/permohonan/{number}/keputusan", data={"action": "approve"}).status_code == 302
    officer = signed_in(seeded, "demo.kepala-dukcapil.73.06")  # whose approval is the document's signature
    case = officer.get(f"/admin/permohonan/{number}").get_data(as_text=True)
    assert 'type="password" id="passphrase"' in case and "Setujui dan tandatangani" in case
    wrong = officer.post(f"/admin/permohonan/{number}/keputusan", data={"action": "approve", "passphrase": "salah"})
    assert wrong.status_code == 422 and "Passphrase anda salah" in wrong.get_data(as_text=True)
    signed = {"action": "approve", "passphrase": "sandbox-tte-1"}
    assert officer.post(f"/admin/permohonan/{number}/keputusan", data=signed).status_code == 302
    for _ in range(3):
        worker.run_once(sessions, worker.WorkerConfig(worker_id="tour", base_delay=0))
    assert "Unduh dokumen (PDF)" in citizen.get(f"/lacak/{number}").get_data(as_text=True)
    case = officer.get(f"/admin/permohonan/{number}").get_data(as_text=True)  # the kepala's case file
    assert "ditandatangani secara elektronik oleh SANDBOX Kepala Dinas Kependudukan" in case
    code = re.search(r'href="/verifikasi/(\w+)"', case).group(1)
    pdf = citizen.get(f"/dokumen/{number}.pdf").data
    checked = seeded.test_client().post(
        f"/verifikasi/{code}", data={"berkas": (io.BytesIO(pdf), "akta.pdf")}, content_type="multipart/form-data"
    )
    assert "sama persis dengan dokumen yang diterbitkan" in checked.get_data(as_text=True)

    desk = signed_in(seeded, "demo.operator-dukcapil.73.06.13.2002")  # step 4: the desa counter
    assert "Penerbitan Kartu Keluarga (KK)" in desk.get("/admin/loket/").get_data(as_text=True)
    assert desk.post("/admin/loket/", data={"layanan": "adminduk.kk.gowa", "nik": YUSUF}).status_code == 302
    assert "YUSUF SAPUTRA" in desk.get("/admin/loket/adminduk.kk.gowa/halaman/pemohon").get_data(as_text=True)
    with sessions() as session:
        assert session.scalar(select(Application.state).where(Application.tracking_number == number)) == "issued"
