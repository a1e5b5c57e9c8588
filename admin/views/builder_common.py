"""What every builder screen needs: where the live catalog lives, and the draft asked for (in the admin's region)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import abort, url_for

from admin.access import actor
from admin.views import builder_pages as pages
from framework.services import builder
from framework.store.builder import BuilderDraft
from framework.web.database import db_session
from framework.web.services import check_context, definitions_dir, published_dir
from framework.workflow.errors import ApplicationError


def places() -> builder.Places:
    return builder.Places(definitions_dir(), published_dir(), check_context())


def open_draft(draft_id: int) -> BuilderDraft:
    """The draft, or 404 when it is another region's (or gone)."""
    try:
        return builder.draft(db_session(), actor(), draft_id)
    except ApplicationError as refused:
        abort(refused.status)


def problem_link(draft_id: int, data: dict[str, Any]) -> Callable[[Mapping[str, Any]], str | None]:
    """A problem → the address of the form (and input) where it is fixed; None for a problem of no element."""

    def link(problem: Mapping[str, Any]) -> str | None:
        place = pages.problem_place(problem, data)
        if place is None:
            return None
        form, anchor = place
        if form in ("layanan", "standar"):
            return url_for("pembuat.whole", draft_id=draft_id, part=form) + anchor
        return url_for("pembuat.element", draft_id=draft_id, element=form) + anchor

    return link
