"""A definition's `version` is stored in a 32-bit INTEGER column: the language refuses one it cannot hold.

Before, `version: 99999999999999999999` passed `mpp validate` and the admin's
check, and proposing it failed in the database driver (a 500), or stored
another number than the author wrote.
"""

from __future__ import annotations

import pytest
from defhelpers import at, mutate

from framework.core.numbers import INTEGER_MAX

COLUMN_MAX = 2**31 - 1  # PostgreSQL's `integer`, what `definition_versions.version` is


def test_the_largest_version_the_column_holds_is_valid(check):
    assert INTEGER_MAX == COLUMN_MAX
    assert check(mutate(replace={"version: 1": f"version: {COLUMN_MAX}"})) == []


@pytest.mark.parametrize(
    "version", [COLUMN_MAX + 1, 99999999999999999999, int("9" * 400)], ids=["column+1", "20 digits", "400 digits"]
)
def test_a_version_past_the_column_is_out_of_range_where_it_is_written(check, version):
    error = at(check(mutate(replace={"version: 1": f"version: {version}"})), "OUT_OF_RANGE", 2, 10)
    assert error.message.startswith(f"`version` at the top level must be at most {COLUMN_MAX}")


def test_the_limit_is_said_in_indonesian_too(check, monkeypatch):
    monkeypatch.setenv("MPP_LANG", "id")
    error = at(check(mutate(replace={"version: 1": "version: 99999999999999999999"})), "OUT_OF_RANGE", 2, 10)
    assert f"paling banyak {COLUMN_MAX}" in error.message
