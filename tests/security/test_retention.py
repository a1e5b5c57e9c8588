"""Issue 12, item 12: a retention period per service; `mpp purge` removes the personal data of closed
applications past it and keeps anonymous statistics (service, region, state, dates)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api.api_helpers import CITIZEN_NIK, REGION, SERVICE, bearer, multipart
from click.testing import CliRunner
from mpp_testing import REFERENCE_EXAMPLE, load_test_catalog
from sqlalchemy import func, select, update

from framework.cli import main
from framework.services import audit_trail
from framework.services.accounts import add_user, issue_token
from framework.services.retention import purge, retention_period
from framework.storage import LocalStorage
from framework.store.models import Application, IdempotencyKey, TransitionRecord
from framework.store.types import utcnow


def with_retention(text: str) -> str:
    return REFERENCE_EXAMPLE.read_text(encoding="utf-8").replace(
        "\nstandard:\n", f"\nstandard:\n  retention: {text}\n", 1
    )


@pytest.fixture(scope="module")
def kept_five_years(tmp_path_factory):
    return load_test_catalog(tmp_path_factory.mktemp("retention"), with_retention("5y"))


@pytest.fixture
def filed(make_app, kept_five_years, session, tmp_path):
    """Three applications: rejected 6 years ago, rejected 1 year ago, and one still waiting."""
    app = make_app(MPP_CATALOG=kept_five_years)
    client = app.test_client()
    add_user(session, "operator", "operator_dukcapil", REGION)
    citizen, officer = bearer(issue_token(session, citizen=CITIZEN_NIK)), bearer(issue_token(session, user="operator"))
    numbers = []
    for key in ("old", "recent", "open"):
        answer = client.post(
            f"/api/v1/services/{SERVICE}/applications",
            data=multipart(),
            headers={**citizen, "Idempotency-Key": key},
        )
        assert answer.status_code == 201, answer.get_json()
        numbers.append(answer.get_json()["tracking_number"])
    for number, age in zip(numbers[:2], (6 * 365, 365), strict=True):
        url = f"/api/v1/applications/{number}/transitions"
        decided = client.post(url, json={"action": "reject", "comment": "Data ibu keliru."}, headers=officer)
        assert decided.status_code == 200, decided.get_json()
        session.execute(
            update(Application)
            .where(Application.tracking_number == number)
            .values(decided_at=utcnow() - timedelta(days=age))
        )
        session.commit()
    return app, dict(zip(("old", "recent", "open"), numbers, strict=True))


def application(session, number):
    session.expire_all()
    return session.scalar(select(Application).where(Application.tracking_number == number))


def test_retention_periods():
    assert retention_period("5y") == timedelta(days=5 * 365)
    assert retention_period("18m") == timedelta(days=540) and retention_period("90d") == timedelta(days=90)
    assert retention_period(None) is None and retention_period("5 tahun") is None


def test_purge_removes_personal_data_past_retention_and_keeps_statistics(filed, kept_five_years, session, tmp_path):
    app, numbers = filed
    storage = LocalStorage(tmp_path / "uploads")
    old = application(session, numbers["old"])
    document_key = old.documents["surat_keterangan_lahir"]["key"]
    assert storage.open(document_key)
    result = purge(session, kept_five_years.specs.values(), storage)
    assert result.applications == 1 and result.documents == 1
    old = application(session, numbers["old"])
    assert old.answers == {} and old.prefill == {} and old.documents == {} and old.applicant_nik == "-"
    assert old.purged_at is not None
    with pytest.raises(KeyError):
        storage.open(document_key)
    history = session.scalars(select(TransitionRecord).where(TransitionRecord.application_id == old.id)).all()
    assert all(step.comment is None and step.actor != CITIZEN_NIK for step in history)
    assert session.scalar(select(func.count()).where(IdempotencyKey.application_id == old.id)) == 0
    # anonymous statistics stay: service, region, state and dates
    assert (old.service_id, old.region, old.state) == (SERVICE, REGION, "rejected")
    assert old.submitted_at is not None and old.decided_at is not None
    for kept in ("recent", "open"):
        assert application(session, numbers[kept]).applicant_nik == CITIZEN_NIK
    assert audit_trail.verify(session).ok  # the trail is kept whole and still chains


def test_without_a_retention_nothing_is_purged(filed, reference_catalog, session, tmp_path):
    _app, numbers = filed
    result = purge(session, reference_catalog.specs.values(), LocalStorage(tmp_path / "uploads"))
    assert result.applications == 0 and SERVICE in result.kept_without_retention
    assert application(session, numbers["old"]).answers


def test_mpp_purge_dry_run_then_for_real(filed, kept_five_years, session, database_url, monkeypatch, tmp_path):
    folder = tmp_path / "definitions"
    folder.mkdir()
    load_test_catalog(folder, with_retention("5y"))
    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    monkeypatch.setenv("MPP_DEFINITIONS", str(folder))
    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path))
    dry = CliRunner().invoke(main, ["purge", "--dry-run"])
    assert dry.exit_code == 0 and "would purge 1 applications" in dry.output, dry.output
    assert application(session, filed[1]["old"]).answers
    done = CliRunner().invoke(main, ["purge"])
    assert done.exit_code == 0 and "purged 1 applications" in done.output, done.output
    assert application(session, filed[1]["old"]).answers == {}
