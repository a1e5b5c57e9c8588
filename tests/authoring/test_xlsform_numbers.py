"""Numbers in an XLSForm's cells: one that is not ASCII digits is a located problem, never a traceback.

``"²".isdigit()`` is true but ``int("²")`` fails, and ``int()`` refuses more
than 4,300 digits; both are cells a spreadsheet happily holds.
"""

from __future__ import annotations

import pytest
from xlsforms import row, write_xlsform

from framework.authoring.xlsform_import import import_xlsform

BAD = ["\u00b2", "9" * 5000, "0", "-3"]


@pytest.mark.parametrize("version", BAD)
def test_a_bad_version_is_assumed_to_be_one(tmp_path, version):
    form = write_xlsform(
        tmp_path / "f.xlsx",
        [row("text", "nama", ("Nama", "Name"))],
        settings={"form_title": "Contoh", "form_id": "sosial.contoh", "version": version},
    )
    result = import_xlsform(form)
    assert result.data["version"] == 1
    assert any(p.code == "XLSFORM_ASSUMED" and p.cell == "settings!C2" for p in result.problems)


@pytest.mark.parametrize("count", ["\u00b2", "9" * 5000])
def test_a_bad_repeat_count_is_a_located_bad_value(tmp_path, count):
    survey = [
        row("begin_repeat", "anggota", ("Anggota", "Member"), mpp_repeat_max=count),
        row("text", "nama", ("Nama", "Name")),
        row("end_repeat"),
    ]
    result = import_xlsform(write_xlsform(tmp_path / "f.xlsx", survey))
    assert [p.code for p in result.problems if p.header == "mpp_repeat_max"] == ["XLSFORM_BAD_VALUE"]
