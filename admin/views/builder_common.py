"""What every builder screen needs: where the live catalog lives, and the draft asked for (in the admin's region)."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app

from admin.access import actor
from framework.core import settings
from framework.services import builder
from framework.store.builder import BuilderDraft
from framework.web.database import db_session
from framework.workflow.errors import ApplicationError


def places() -> builder.Places:
    return builder.Places(Path(current_app.config["MPP_DEFINITIONS"]), settings.instance_dir() / "published")


def open_draft(draft_id: int) -> BuilderDraft:
    """The draft, or 404 when it is another region's (or gone)."""
    try:
        return builder.draft(db_session(), actor(), draft_id)
    except ApplicationError as refused:
        abort(refused.status)
