"""Migration 0006 back-fills each application's area from its definition snapshot, as filing would set it."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import column, insert, table, text

from framework.store import make_engine, upgrade
from framework.store.types import JSONData

pytestmark = pytest.mark.database  # an old schema of its own, on PostgreSQL when the suite runs there

CANONICAL = json.dumps(
    {
        "pages": [
            {"id": "pemohon", "fields": [{"id": "wilayah_pemohon", "type": "region"}, {"id": "nama", "type": "text"}]},
            {"id": "anak", "fields": [{"id": "tempat_lahir", "type": "region"}]},
        ]
    }
)
ROWS = [
    # (region, answers, prefill, expected area)
    ("32.03", {"wilayah_pemohon": "32.03.01.2004"}, {"wilayah_pemohon": {"verified": True}}, "32.03.01.2004"),
    (
        "32.03",
        {"wilayah_pemohon": "73.06.13.2002"},
        {"wilayah_pemohon": {"verified": True}},
        "32.03",
    ),  # lives elsewhere
    ("32.03", {"tempat_lahir": "32.03.05"}, {}, "32.03.05"),  # a typed answer, when nothing verified is deeper
    (
        "32.03",
        {"tempat_lahir": "32.03.05.2001", "wilayah_pemohon": "32.03.01.2004"},
        {"wilayah_pemohon": {"verified": True}},
        "32.03.01.2004",
    ),
    ("32.03", {"nama": "32.03.01.2004"}, {}, "32.03"),  # not a region field
]


@pytest.fixture
def old_database(tmp_path):
    import os

    base = os.environ.get("MPP_TEST_DATABASE_URL")
    if base:
        name = f"mpp_area_{uuid.uuid4().hex[:10]}"
        admin = make_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
        url = base.rsplit("/", 1)[0] + "/" + name
        yield url
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
        return
    yield f"sqlite:///{tmp_path / 'old.sqlite3'}"


def test_the_area_is_back_filled_by_the_rule_filing_uses(old_database):
    upgrade(old_database, "0005_drafts")
    snapshots = table(
        "definition_snapshots",
        *(column(name) for name in ("content_hash", "service_id", "service_version", "canonical", "created_at")),
    )
    old_applications = table(
        "applications",
        *(
            column(name)
            for name in (
                "tracking_number",
                "service_id",
                "service_version",
                "content_hash",
                "region",
                "applicant_nik",
                "state",
                "created_at",
                "version",
            )
        ),
        column("answers", JSONData),
        column("prefill", JSONData),
        column("documents", JSONData),
        column("return_fields", JSONData),
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    engine = make_engine(old_database)
    with engine.begin() as connection:
        connection.execute(
            insert(snapshots).values(
                content_hash="h", service_id="s", service_version=1, canonical=CANONICAL, created_at=now
            )
        )
        for number, (region, answers, prefill, _area) in enumerate(ROWS):
            connection.execute(
                insert(old_applications).values(
                    tracking_number=f"T{number}",
                    service_id="s",
                    service_version=1,
                    content_hash="h",
                    region=region,
                    applicant_nik="3203011205820001",
                    state="pemeriksaan_berkas",
                    created_at=now,
                    version=1,
                    answers=answers,
                    prefill=prefill,
                    documents={},
                    return_fields=[],
                )
            )
    engine.dispose()
    upgrade(old_database)
    engine = make_engine(old_database)
    with engine.connect() as connection:
        found = dict(connection.execute(text("SELECT tracking_number, area FROM applications")).all())
    engine.dispose()
    assert found == {f"T{number}": row[3] for number, row in enumerate(ROWS)}
