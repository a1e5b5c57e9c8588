"""Uploaded files nothing refers to any more are deleted by `mpp purge` a day after they were written;
every file a draft, a session, an application or a complaint names is kept."""

from __future__ import annotations

import datetime as dt
import json
import os
from datetime import timedelta

import pytest
from api.api_helpers import CITIZEN_NIK, PDF, SERVICE, bearer, multipart
from click.testing import CliRunner
from sqlalchemy import JSON, Text
from sqlalchemy import select as sql_select

from framework.cli import main
from framework.services import unreferenced_uploads
from framework.services.accounts import issue_token
from framework.services.complaints import ComplaintInput, file_complaint
from framework.storage import LocalStorage
from framework.store.drafts import DraftRecord
from framework.store.models import Application, Base
from framework.store.security import WebSession
from framework.store.types import utcnow

# every JSON column, and whether it can hold an upload: a new one fails the test below until it is placed
HOLDS_NO_UPLOADS = {
    "applications.answers",  # the citizen's answers: a document is never an answer
    "applications.prefill",
    "applications.return_fields",
    "transitions.fields",  # a resubmission's changes name files, never keys
    "audit_events.details",
    "outbox.payload",
    "builder_drafts.problems",
    "citizen_profiles.muted",
    "onboarded_loci.services",
}


def json_columns() -> set[str]:
    return {
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, JSON)
    }


def test_every_json_column_is_either_swept_for_uploads_or_said_to_hold_none():
    placed = {f"{place.column.table.name}.{place.column.name}" for place in unreferenced_uploads.PLACES}
    assert placed.isdisjoint(HOLDS_NO_UPLOADS)
    text_places = {name for name in placed if name not in json_columns()}
    assert text_places == {"web_sessions.data"} and isinstance(WebSession.__table__.c.data.type, Text)
    unplaced = json_columns() - placed - HOLDS_NO_UPLOADS
    assert not unplaced, f"say whether these can hold an upload key: {sorted(unplaced)}"
    assert not HOLDS_NO_UPLOADS - json_columns(), "a column named here no longer exists"


def aged(storage: LocalStorage, key: str, days: float = 2) -> str:
    """Pretend the file was written ``days`` ago."""
    moment = (utcnow() - timedelta(days=days)).timestamp()
    os.utime(storage.root / key, (moment, moment))
    return key


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path / "uploads")


@pytest.fixture
def held(make_app, session, storage):
    """One old file held by each place, and one old file held by nothing; ``{place: key}``."""
    app = make_app()
    citizen = bearer(issue_token(session, citizen=CITIZEN_NIK))
    filed = app.test_client().post(f"/api/v1/services/{SERVICE}/applications", data=multipart(), headers=citizen)
    assert filed.status_code == 201, filed.get_json()
    number = filed.get_json()["tracking_number"]
    application = session.scalar(sql_select(Application).where(Application.tracking_number == number))
    keys = {"application": application.documents["surat_keterangan_lahir"]["key"]}
    keys["draft"] = storage.save(PDF, "draft.pdf").key
    session.add(
        DraftRecord(
            id="d" * 32,
            service=SERVICE,
            owner=CITIZEN_NIK,
            data={"documents": {"surat": {"key": keys["draft"], "filename": "draft.pdf"}}},
        )
    )
    keys["session"] = storage.save(PDF, "kept.pdf").key
    kept = {"correction_uploads": {number: {"bukti": {"key": keys["session"], "filename": "kept.pdf"}}}}
    session.add(WebSession(id_hash="s" * 64, data=json.dumps(kept), subject=f"citizen:{CITIZEN_NIK}"))
    attachment = storage.save(PDF, "bukti.pdf")
    keys["complaint"] = attachment.key
    complaint = ComplaintInput(
        title="Petugas meminta biaya",
        narrative="Saya diminta membayar untuk akta kelahiran yang seharusnya gratis.",
        event_date=dt.date.today(),
        place="Kantor Dukcapil",
        tracking_number=number,
        attachments=(attachment,),
    )
    file_complaint(session, CITIZEN_NIK, complaint)
    session.commit()
    keys["nothing"] = storage.save(PDF, "lost.pdf").key
    for key in storage.stored():
        aged(storage, key.key)
    return keys


def test_a_file_nothing_names_goes_and_every_named_one_stays(held, session, storage):
    every = {item.key for item in storage.stored()}
    assert {"application", "draft", "session", "complaint"} <= set(held) and set(held.values()) <= every
    assert unreferenced_uploads.sweep(session, storage) == len(every) - 4 == 1
    left = {item.key for item in storage.stored()}
    assert {held[place] for place in ("application", "draft", "session", "complaint")} <= left
    assert held["nothing"] not in left
    with pytest.raises(KeyError):
        storage.open(held["nothing"])


def test_a_dry_run_counts_and_deletes_nothing(held, session, storage):
    before = sorted(item.key for item in storage.stored())
    assert unreferenced_uploads.sweep(session, storage, dry_run=True) >= 1
    assert sorted(item.key for item in storage.stored()) == before


def test_a_file_written_within_the_grace_stays_even_at_a_pretended_later_moment(session, storage):
    young = storage.save(PDF, "baru.pdf").key  # stored a moment before the row that will name it commits
    assert unreferenced_uploads.sweep(session, storage, utcnow() + timedelta(days=3650)) == 0
    assert storage.open(young) == PDF
    aged(storage, young, days=0.5)
    assert unreferenced_uploads.sweep(session, storage) == 0
    aged(storage, young, days=1.5)
    assert unreferenced_uploads.sweep(session, storage) == 1


def test_files_not_named_like_a_key_are_not_the_stores_and_never_listed(storage):
    storage.root.mkdir(parents=True)
    (storage.root / "README").write_text("operator's note")
    (storage.root / ("a" * 20)).mkdir()
    key = storage.save(PDF, "akta.pdf").key
    assert [item.key for item in storage.stored()] == [key]
    assert list(LocalStorage(storage.root / "missing").stored()) == []


def test_mpp_purge_reports_and_deletes_the_unreferenced(held, database_url, monkeypatch, tmp_path, storage):
    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path))  # its uploads folder is the test's
    dry = CliRunner().invoke(main, ["purge", "--dry-run"])
    assert dry.exit_code == 0 and "would delete 1 unreferenced uploads" in dry.output, dry.output
    assert storage.open(held["nothing"]) == PDF
    done = CliRunner().invoke(main, ["purge"])
    assert done.exit_code == 0 and "deleted 1 unreferenced uploads" in done.output, done.output
    with pytest.raises(KeyError):
        storage.open(held["nothing"])
    assert storage.open(held["application"]) == PDF
