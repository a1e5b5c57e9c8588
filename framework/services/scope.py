"""An officer's area as a SQL condition: the scope code itself and every code below it.

The same rule as `Actor.covers` and `framework.workflow.areas.inside`, written
as a range so an index answers it (see `framework.workflow.areas.scope_bounds`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_

from framework.workflow.areas import scope_bounds


def in_scope(column: Any, scope: str) -> ColumnElement[bool]:
    """``column`` holds ``scope`` or a code below it."""
    low, high = scope_bounds(scope)
    return and_(column >= low, column < high)
