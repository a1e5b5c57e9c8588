"""What the sign-in pages share: their templates (in the portal's layout), CSRF and the safe return path.

The templates live in ``plugins/signin/templates/signin/`` and extend the
site's layout; the sandbox IKD identity provider, a stand-alone app without
the portal, renders the same picker in a bare layout of its own.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template

from framework.web.simple_pages import EXPIRED, checks_csrf_itself, csrf_ok, error_rows, message_page, safe_next

__all__ = ["EXPIRED", "checks_csrf_itself", "csrf_ok", "error_rows", "message_page", "render", "safe_next"]


def render(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    """A sign-in page in the site's layout, or the bare one in an app without the portal."""
    layout = "portal/base.html" if "portal" in current_app.blueprints else "signin/standalone.html"
    return render_template(template, layout=layout, **context), status
