"""What every builder screen needs: where the live catalog lives, and the draft asked for (in the admin's region)."""

from __future__ import annotations

from flask import abort

from admin.access import actor
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
