"""Issue 12, item 13: uploads in an S3-compatible object store, against a real S3 server on loopback
(moto's server process, started by the `s3_server` fixture), so every web node and worker shares them."""

from __future__ import annotations

import pytest
from api.api_helpers import CITIZEN_NIK, PDF, REGION, SERVICE, bearer, multipart

from framework.services.accounts import add_user, issue_token
from framework.storage import LocalStorage, configured_storage
from framework.storage.s3 import S3Storage, from_environment


def test_save_open_delete_through_the_server(s3_bucket):
    client, bucket, _settings = s3_bucket
    store = from_environment()
    assert isinstance(store, S3Storage)
    info = store.save(PDF, "../../akta.html")
    assert info.filename == "akta.pdf" and info.kind == "pdf"
    stored = client.get_object(Bucket=bucket, Key=info.key)
    assert stored["Body"].read() == PDF and stored["ContentType"] == "application/pdf"
    assert store.open(info.key) == PDF
    store.delete(info.key)
    with pytest.raises(KeyError):
        store.open(info.key)
    with pytest.raises(KeyError):
        store.open("../etc/passwd")


def test_without_a_bucket_the_local_folder_stays_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("MPP_S3_BUCKET", raising=False)
    assert isinstance(configured_storage(tmp_path), LocalStorage)


def test_an_upload_through_the_api_lands_in_the_bucket_and_not_on_disk(s3_bucket, make_app, session, tmp_path):
    client, bucket, _settings = s3_bucket
    add_user(session, "operator", "operator_dukcapil", REGION)
    app = make_app()
    web = app.test_client()
    citizen, officer = bearer(issue_token(session, citizen=CITIZEN_NIK)), bearer(issue_token(session, user="operator"))
    filed = web.post(f"/api/v1/services/{SERVICE}/applications", data=multipart(), headers=citizen)
    assert filed.status_code == 201, filed.get_json()
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert len(keys) == 1 and client.get_object(Bucket=bucket, Key=keys[0])["Body"].read() == PDF
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())
    seen = web.get(f"/api/v1/applications/{filed.get_json()['tracking_number']}", headers=officer).get_json()
    assert seen["documents"]["surat_keterangan_lahir"]["sha256"]


def test_the_bucket_lists_its_keys_under_the_prefix_and_nothing_else(s3_bucket, monkeypatch):
    """What `mpp purge` sweeps: the objects named like a key under MPP_S3_PREFIX, with when they were written."""
    client, bucket, _settings = s3_bucket
    monkeypatch.setenv("MPP_S3_PREFIX", "mpp/uploads")
    store = from_environment()
    assert isinstance(store, S3Storage)
    saved = store.save(PDF, "akta.pdf")
    client.put_object(Bucket=bucket, Key="mpp/uploads/catatan operator.txt", Body=b"-")  # not a key
    client.put_object(Bucket=bucket, Key="lain/" + "b" * 32, Body=b"-")  # outside the prefix
    listed = list(store.stored())
    assert [item.key for item in listed] == [saved.key]
    assert listed[0].written_at.tzinfo is not None
    store.delete(saved.key)
    assert list(store.stored()) == []
