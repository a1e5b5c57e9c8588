"""Migration 0015: earlier answers join the history; the old default language becomes `both` (no one chose it)."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from framework.store.migrate import upgrade


def test_answers_given_before_are_kept_and_nobody_loses_a_language(tmp_path):
    url = f"sqlite:///{tmp_path / 'mpp.sqlite3'}"
    upgrade(url, "0014_builder_title_en")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO complaints (reference, citizen_nik, category, title, narrative, event_date, place, "
                "attachments, anonymous, confidential, channel, status, created_at, updated_at, reply, replied_by, "
                "replied_at) VALUES ('ADU-1', '7312011505900001', 'pengaduan', 'Judul', 'Isi', '2026-11-01', "
                "'Soppeng', '[]', 0, 0, 'lapor', 'closed', '2026-11-02 08:00:00', '2026-11-03 08:00:00', "
                "'Sudah selesai.', 'fo', '2026-11-03 08:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO citizen_profiles (nik, name, email, phone, language, muted, updated_at) "
                "VALUES ('7312011505900001', 'Andi', '', '', 'id', '[]', '2026-11-01 08:00:00')"
            )
        )
    upgrade(url, "head")
    with engine.connect() as connection:
        replies = connection.execute(text("SELECT status, reply, replied_by FROM complaint_replies")).all()
        language = connection.scalar(text("SELECT language FROM citizen_profiles"))
    engine.dispose()
    assert [tuple(row) for row in replies] == [("closed", "Sudah selesai.", "fo")]
    assert language == "both"
