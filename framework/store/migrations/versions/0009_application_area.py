"""Applications get an area (the most specific Kemendagri code known), a resubmission time and a counter officer.

The area is back-filled from each application's definition snapshot: the
deepest `region`-type answer inside the filing region (verified registry values
first), else the region itself — the same rule as at filing
(`framework.workflow.areas.most_specific`). The queue index reads steps by area
range; on PostgreSQL the column uses the C collation so that range is bytewise.

Revision ID: 0009_application_area
Revises: 0008_audit_chain
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009_application_area"
down_revision = "0008_audit_chain"
branch_labels = None
depends_on = None

AREA = sa.String(length=16).with_variant(sa.String(length=16, collation="C"), "postgresql")
BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area", AREA, nullable=True))
        batch_op.add_column(sa.Column("resubmitted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("filed_by", sa.String(length=80), nullable=True))
    _back_fill_area()
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.alter_column("area", existing_type=AREA, nullable=False)
        batch_op.create_index(
            "ix_applications_area_queue",
            ["state", "area", "service_id", "due_at", "returned_from", "id"],
            unique=False,
        )


def _region_fields(canonical: str) -> list[str]:
    """Ids of the top-level `region` fields of a resolved definition (its canonical JSON), in form order."""
    data = json.loads(canonical)
    return [
        item["id"]
        for page in data.get("pages") or []
        for item in page.get("fields") or []
        if isinstance(item, dict) and item.get("type") == "region" and "id" in item
    ]


def _back_fill_area() -> None:
    from framework.workflow.areas import most_specific

    bind = op.get_bind()
    fields = {
        content_hash: _region_fields(canonical)
        for content_hash, canonical in bind.execute(sa.text("SELECT content_hash, canonical FROM definition_snapshots"))
    }
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, content_hash, region, answers, prefill "
                "FROM applications WHERE id > :last ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        updates = [{"id": row[0], "area": _area(row, fields.get(row[1], []), most_specific)} for row in rows]
        bind.execute(sa.text("UPDATE applications SET area = :area WHERE id = :id"), updates)
        last = rows[-1][0]


def _json(value: Any) -> dict[str, Any]:
    loaded = json.loads(value) if isinstance(value, str) else value
    return loaded if isinstance(loaded, dict) else {}


def _area(row: Any, region_fields: list[str], most_specific: Any) -> str:
    answers, prefill = _json(row[3]), _json(row[4])
    return most_specific(
        row[2], ((answers.get(name), bool((prefill.get(name) or {}).get("verified"))) for name in region_fields)
    )


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_area_queue")
        batch_op.drop_column("filed_by")
        batch_op.drop_column("resubmitted_at")
        batch_op.drop_column("area")
