"""Inbox messages keep their subject and body in each language apart.

A message was stored as one text in the language(s) the citizen had chosen:
with the default ``both``, ``"Permohonan diterima / Application received"``
and an Indonesian line followed by an English one. The page could not tell
the languages apart, so none of them carried a ``lang`` attribute. The new
columns ``subject_id``, ``body_id``, ``subject_en`` and ``body_en`` hold each
language on its own; ``subject`` and ``body`` stay as they were sent.

Rows already stored are split where their shape says how: a subject that is
one of the known Indonesian/English subject pairs joined by `` / `` with a
body of exactly two lines (how ``both`` was written) is split in two; a known
English subject alone is English; anything else (a known Indonesian subject,
or text that cannot be told apart) is kept whole as Indonesian, the default
language, so it still shows, marked ``lang="id"``. The subjects are copied
here as they were at this revision (a migration never imports the code that
may change after it).

Revision ID: 0021_inbox_languages
Revises: 0020_deadline_approvals
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_inbox_languages"
down_revision = "0020_deadline_approvals"
branch_labels = None
depends_on = None

# framework/services/notifications.py's subjects at this revision: (Indonesian, English)
SUBJECTS = (
    ("Permohonan diterima", "Application received"),
    ("Permohonan dikembalikan", "Application returned"),
    ("Perbaikan diterima", "Correction received"),
    ("Permohonan disetujui", "Application approved"),
    ("Permohonan ditolak", "Application rejected"),
    ("Permohonan dibatalkan", "Application withdrawn"),
    ("Permohonan melewati batas waktu", "Application past its deadline"),
    ("Pengaduan ditanggapi", "Complaint answered"),
    ("Dokumen terbit", "Document issued"),
    ("Kabar permohonan", "Application update"),
)
BOTH = {f"{indonesian} / {english}": (indonesian, english) for indonesian, english in SUBJECTS}
ENGLISH = {english for _indonesian, english in SUBJECTS}
BATCH = 1000

messages = sa.table(
    "inbox_messages",
    sa.column("id", sa.BigInteger),
    sa.column("subject", sa.String),
    sa.column("body", sa.Text),
    sa.column("subject_id", sa.String),
    sa.column("body_id", sa.Text),
    sa.column("subject_en", sa.String),
    sa.column("body_en", sa.Text),
)


def split(subject: str, body: str) -> dict[str, str | None]:
    """The new columns of a stored (subject, body): both languages, English alone, or kept whole as Indonesian."""
    lines = body.split("\n")
    if subject in BOTH and len(lines) == 2:  # `both` wrote one line per language
        indonesian, english = BOTH[subject]
        return {"subject_id": indonesian, "body_id": lines[0], "subject_en": english, "body_en": lines[1]}
    if subject in ENGLISH:
        return {"subject_id": None, "body_id": None, "subject_en": subject, "body_en": body}
    return {"subject_id": subject, "body_id": body, "subject_en": None, "body_en": None}


def upgrade() -> None:
    with op.batch_alter_table("inbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject_id", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("body_id", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("subject_en", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("body_en", sa.Text(), nullable=True))
    connection = op.get_bind()
    columns = ("subject_id", "body_id", "subject_en", "body_en")
    update = (
        messages.update()
        .where(messages.c.id == sa.bindparam("row"))
        .values({name: sa.bindparam(f"new_{name}") for name in columns})
    )
    last = 0
    while True:  # a batch at a time by id: a large inbox table is never read into memory whole
        rows = connection.execute(
            sa.select(messages.c.id, messages.c.subject, messages.c.body)
            .where(messages.c.id > last)
            .order_by(messages.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        split_rows = [(row.id, split(row.subject or "", row.body or "")) for row in rows]
        connection.execute(
            update,
            [{"row": key, **{f"new_{name}": value for name, value in new.items()}} for key, new in split_rows],
        )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("inbox_messages", schema=None) as batch_op:
        batch_op.drop_column("body_en")
        batch_op.drop_column("subject_en")
        batch_op.drop_column("body_id")
        batch_op.drop_column("subject_id")
