"""Done-when of issue 6: approved through the JSON API, then `mpp worker` (a real
subprocess) issues the PDF with a working verification code, writes the inbox,
sends the email (caught by a local SMTP server) and calls the private provider's
webhook, signed."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from framework.services.accounts import add_user, issue_token
from framework.store.inbox import CitizenProfile, InboxMessage
from framework.store.products import IssuedProduct
from plugins.providers.signing import verify
from plugins.providers.webhook_receiver import make_app as receiver_app

MPP = Path(sys.executable).parent / "mpp"
CITIZEN = "7312010101900001"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def run_worker(database_url):
    env = {**os.environ, "MPP_DATABASE_URL": database_url}
    done = subprocess.run(
        [str(MPP), "worker", "--once", "--base-delay", "0"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def approve_all(client, tracking_number, officers):
    for token in officers:
        answer = client.post(
            f"/api/v1/applications/{tracking_number}/transitions",
            json={"action": "approve", "comment": "Lengkap"},
            headers=bearer(token),
        )
        assert answer.status_code == 200, answer.get_json()


def test_reference_example_is_issued_with_pdf_inbox_and_email(app, session, database_url, smtp_server):
    add_user(session, "operator", "operator_dukcapil", "73.12")
    add_user(session, "pejabat", "pejabat_dukcapil", "73.12")
    session.add(CitizenProfile(nik=CITIZEN, name="Andi", email="andi@example.test", phone="", muted=[]))
    session.commit()
    client = app.test_client()
    answers = {
        "nik_pemohon": CITIZEN,
        "nama_pemohon": "Andi",
        "hubungan": "ayah",
        "nama_anak": "Budi",
        "jenis_kelamin": "LAKI-LAKI",
        "tanggal_lahir": "2024-03-01",
        "tempat_lahir": "73.12",
        "kembar": False,
        "nik_ibu": "7312014501900001",
        "nama_ibu": "Siti",
        "pernyataan": True,
    }
    form = {
        "payload": json.dumps({"region": "73.12", "answers": answers}),
        "surat_keterangan_lahir": (io.BytesIO(PDF), "skl.pdf"),
    }
    filed = client.post(
        "/api/v1/services/adminduk.akta-kelahiran/applications",
        data=form,
        headers=bearer(issue_token(session, citizen=CITIZEN)),
        content_type="multipart/form-data",
    )
    assert filed.status_code == 201, filed.get_json()
    tracking_number = filed.get_json()["tracking_number"]
    approve_all(client, tracking_number, [issue_token(session, user="operator"), issue_token(session, user="pejabat")])

    run_worker(database_url)
    run_worker(database_url)  # the `issued` notification queued by the first run

    state = client.get(
        f"/api/v1/applications/{tracking_number}", headers=bearer(issue_token(session, citizen=CITIZEN))
    ).get_json()
    assert state["state"] == "issued"
    session.expire_all()
    product = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == tracking_number))
    assert product.pdf.startswith(b"%PDF") and product.provider == "dukcapil"
    page = client.get(f"/verifikasi/{product.code}")
    assert (
        page.status_code == 200
        and "asli dan berlaku" in page.get_data(as_text=True)
        and "7312********0001" in page.get_data(as_text=True)
    )
    events = [
        m.event
        for m in session.scalars(
            select(InboxMessage).where(InboxMessage.citizen_nik == CITIZEN).order_by(InboxMessage.id)
        )
    ]
    assert events == ["submitted", "issued"]
    assert [m["To"] for m in smtp_server.messages] == ["andi@example.test", "andi@example.test"]
    assert "Dokumen terbit" in smtp_server.messages[-1]["Subject"]
    assert f"/dokumen/{tracking_number}.pdf" in smtp_server.messages[-1].get_payload()


def test_private_provider_gets_a_signed_webhook(make_app, plugin_catalog, session, database_url, serve, monkeypatch):
    receiver = receiver_app("shared-secret")
    server = serve(receiver)
    for name, value in {
        "WEBHOOK_MODE": "http",
        "WEBHOOK_URL": f"{server.url}/hook",
        "WEBHOOK_SECRET": "shared-secret",
    }.items():
        monkeypatch.setenv(f"MPP_{name}", value)
    add_user(session, "operator", "operator_dpmptsp", "73.12")
    client = make_app(MPP_CATALOG=plugin_catalog).test_client()
    filed = client.post(
        "/api/v1/services/nakes.uji-swasta/applications",
        json={"region": "73.12", "answers": {"nama_pemohon": "Andi"}},
        headers=bearer(issue_token(session, citizen=CITIZEN)),
    )
    assert filed.status_code == 201, filed.get_json()
    tracking_number = filed.get_json()["tracking_number"]
    approve_all(client, tracking_number, [issue_token(session, user="operator")])

    run_worker(database_url)

    [call] = receiver.calls
    assert verify("shared-secret", call["headers"], call["body"])
    body = json.loads(call["body"])
    assert (
        body["tracking_number"] == tracking_number
        and call["headers"]["Idempotency-Key"] == f"deliver-{tracking_number}"
    )
    assert client.get(f"/verifikasi/{body['product']['code']}").status_code == 200
