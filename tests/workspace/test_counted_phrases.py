"""Counts in the workspace take the language's own plural: "1 working day", "2 working days", never "day(s)"."""

from __future__ import annotations

import pytest

from admin.helpers import sla_text
from framework.workflow.calendar import MINUTES_PER_DAY


@pytest.mark.parametrize(
    ("lang", "minutes", "shown"),
    [
        ("id", MINUTES_PER_DAY + 60, "1 hari kerja 1 jam lagi"),
        ("id", -(2 * MINUTES_PER_DAY + 180), "terlambat 2 hari kerja 3 jam"),
        # these two need the catalogs filled with this change's strings
        ("en", MINUTES_PER_DAY + 60, "1 working day 1 hour left"),
        ("en", -(2 * MINUTES_PER_DAY + 180), "2 working days 3 hours overdue"),
    ],
)
def test_the_sla_clock_counts_in_the_page_s_language(admin_app, lang, minutes, shown):
    with admin_app.test_request_context(f"/admin/?lang={lang}"):
        admin_app.preprocess_request()
        assert sla_text(minutes) == shown
        assert "(s)" not in sla_text(minutes)


@pytest.mark.parametrize(
    ("lang", "count", "shown"),
    [
        ("id", 1, "Tersimpan. 1 masalah perlu diperbaiki sebelum diajukan."),
        ("id", 3, "Tersimpan. 3 masalah perlu diperbaiki sebelum diajukan."),
        # these two need the catalogs filled with this change's strings
        ("en", 1, "Saved. 1 problem to fix before it can be proposed."),
        ("en", 3, "Saved. 3 problems to fix before it can be proposed."),
    ],
)
def test_the_builder_counts_the_problems_left_in_the_page_s_language(admin_app, lang, count, shown):
    from types import SimpleNamespace

    from admin.views.builder_edit import _saved_message

    checked = SimpleNamespace(errors=[object()] * count)
    with admin_app.test_request_context(f"/admin/?lang={lang}"):
        admin_app.preprocess_request()
        assert _saved_message(checked) == shown
