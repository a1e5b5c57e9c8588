"""Issue 12, item 10: complaint attachments pass the same checks as application documents:
the kind judged by the bytes, the size, and a sanitised name (`../../x.html` was stored and forwarded)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from framework.services.complaints import forward_payload
from framework.storage import describe, safe_name
from framework.store.complaints import Complaint

CITIZEN = "7312010101900001"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {
    "layanan": "adminduk.akta-kelahiran",
    "category": "pengaduan",
    "title": "Lampiran",
    "narrative": "Petugas tidak menjawab pertanyaan saya selama dua minggu.",
    "event_date": "2026-01-05",
    "place": "MPP Soppeng",
    "wilayah": "73.12",
}


@pytest.fixture
def citizen(make_app):
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = CITIZEN
    return client


def file_with(client, content: bytes, name: str):
    return client.post(
        "/pengaduan/baru",
        data={**FORM, "lampiran": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_a_hostile_attachment_name_is_sanitised_before_it_is_stored_and_forwarded(citizen, session):
    assert file_with(citizen, PDF, "../../x.html").status_code == 302
    complaint = session.scalar(select(Complaint))
    stored = complaint.attachments[0]
    assert stored["name"] == stored["filename"] == "x.pdf" and stored["type"] == "pdf"
    assert forward_payload(complaint)["attachments"] == [{"name": "x.pdf", "type": "pdf"}]


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "bukti.pdf", "file_type"),
        (b"", "kosong.pdf", "file_empty"),
    ],
)
def test_attachments_are_judged_like_application_documents(citizen, session, content, name, code):
    from framework.services.complaints import ATTACHMENT, attachment_errors

    answer = file_with(citizen, content, name)
    assert answer.status_code == 422
    assert [error.code for error in attachment_errors([describe(content, name)])] == [code]
    assert ATTACHMENT.accept == ("pdf", "jpg", "png")
    assert session.scalar(select(Complaint)) is None


@pytest.mark.parametrize(
    ("name", "kind", "shown"),
    [
        ("../../x.html", "pdf", "x.pdf"),
        ("..\\..\\evil.exe", "png", "evil.png"),
        ("a\x00b.pdf", "pdf", "ab.pdf"),
        (".htaccess", None, "htaccess"),
        ("foto.jpeg", "jpg", "foto.jpeg"),
        ("", None, "berkas"),
        ("a<b>:c|d?.pdf", "pdf", "a_b__c_d_.pdf"),  # what a Windows copy may not be named
        # any script's letters, an emoji and an ellipsis are kept: they were "_.jpg" and "surat pernyataan _ _….pdf"
        ("фото.jpg", "jpg", "фото.jpg"),
        ("surat pernyataan 😀 ….pdf", "pdf", "surat pernyataan 😀 ….pdf"),
        ("e\u0301 ktp.pdf", "pdf", "\u00e9 ktp.pdf"),  # NFC: one name, one string
        ("ktp\u202egpj.exe", None, "ktpgpj.exe"),  # a right-to-left override showed it as "ktpexe.jpg"
        ("a\u200bb\u00a0c\tд.pdf", "pdf", "ab c д.pdf"),  # zero width dropped, other spaces one space
        ("я" * 200 + ".pdf", "pdf", "я" * 120 + ".pdf"),
    ],
)
def test_safe_names(name, kind, shown):
    assert safe_name(name, kind) == shown


def test_a_non_latin_attachment_name_is_kept_for_citizens_and_officers(citizen, session):
    assert file_with(citizen, PDF, "фото\u202e.pdf").status_code == 302
    stored = session.scalar(select(Complaint)).attachments[0]
    assert stored["name"] == stored["filename"] == "фото.pdf"


@pytest.mark.parametrize(
    ("disposition", "name", "header"),
    [
        ("inline", "ktp.pdf", 'inline; filename="ktp.pdf"'),
        (
            "attachment",
            "фото 1.jpg",
            "attachment; filename=\"____ 1.jpg\"; filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE%201.jpg",
        ),
    ],
)
def test_a_download_keeps_the_shown_name(disposition, name, header):
    from framework.web.headers import content_disposition

    assert content_disposition(disposition, name) == header


def test_a_stored_upload_is_on_the_disk_before_save_returns(tmp_path, monkeypatch):
    """The row naming an upload commits right after save(); the file and its folder entry are flushed first."""
    import os
    import stat

    from framework.storage import LocalStorage

    synced: list[tuple[str, int]] = []  # (what, size seen when it was flushed)
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        found = os.fstat(descriptor)
        synced.append(("folder" if stat.S_ISDIR(found.st_mode) else "file", found.st_size))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    store = LocalStorage(tmp_path / "uploads")
    info = store.save(PDF, "akta.pdf")
    assert store.open(info.key) == PDF
    assert synced[0] == ("file", len(PDF)), "the whole file is flushed"
    assert [what for what, _ in synced] == ["file", "folder"], "then the folder's entry for it"
    with pytest.raises(FileExistsError):  # a key is never written over
        from framework.storage import write_durably

        write_durably(tmp_path / "uploads" / info.key, b"other")
