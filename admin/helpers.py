"""What admin templates share: the officer in the header, labels for roles and regions, SLA clocks."""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from flask_babel import gettext as _

from admin.access import officer
from framework.core.text import Text
from framework.definition.checks import STEP_ROLES
from framework.forms.pageview import anchor
from framework.forms.regions import region_table
from framework.web.services import catalog
from framework.web.site import language
from framework.workflow.calendar import MINUTES_PER_DAY
from framework.workflow.machine import CITIZEN, SYSTEM
from framework.workflow.roles import ADMINISTRATIVE_ROLES


def register_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        current_officer=lambda: (officer() or (None, None))[0],
        role_label=role_label,
        region_label=region_label,
        sla_text=sla_text,
        anchor=anchor,  # the portal's field macros link errors to their field
    )


PARTIES = {  # who else acts on an application: the timeline names them in the page's language
    CITIZEN: Text("pemohon", "applicant"),
    SYSTEM: Text("sistem", "system"),
}


ROLE_NAMES = STEP_ROLES  # a step role's name, kept with the definitions so a region can read them


def role_label(role: str | None) -> str:
    """A role by its name in the page's language: an admin wondering what `bo_dpmptsp` means reads
    "Petugas back office DPMPTSP". A role no code list names is shown by its code."""
    if role in ADMINISTRATIVE_ROLES:
        return ADMINISTRATIVE_ROLES[role].get(language())
    if role in PARTIES:
        return PARTIES[role].get(language())
    named = catalog().codelists.get(ROLE_NAMES, {}).get(role or "")
    if named is not None:
        return Text.required(named).get(language())
    return (role or "").replace("_", " ")


def region_label(code: str | None) -> str:
    """`Kabupaten Soppeng (73.12)`."""
    if not code:
        return _("Nasional")
    return f"{region_table().name(code)} ({code})"


def _phrases() -> dict[str, str]:
    """The SLA clock's phrases in the page's language, looked up once per request (a queue shows fifty clocks)."""
    if "mpp_sla_phrases" not in g:
        g.mpp_sla_phrases = {
            "days": _("%(count)s hari kerja"),
            "hours": _("%(count)s jam"),
            "moment": _("kurang dari 1 jam"),
            "late": _("terlambat %(time)s"),
            "left": _("%(time)s lagi"),
        }
    return dict(g.mpp_sla_phrases)


def _duration(minutes: int, phrases: dict[str, str]) -> str:
    days, rest = divmod(minutes, MINUTES_PER_DAY)
    hours = rest // 60
    parts = []
    if days:
        parts.append(phrases["days"] % {"count": days})
    if hours or not days:
        parts.append(phrases["hours"] % {"count": hours} if hours else phrases["moment"])
    return " ".join(parts)


def sla_text(minutes: Any) -> str:
    """Working time left (`1 hari kerja 2 jam lagi`) or overdue (`terlambat 3 jam`)."""
    if minutes is None:
        return "—"
    phrases = _phrases()
    if minutes < 0:
        return phrases["late"] % {"time": _duration(-minutes, phrases)}
    return phrases["left"] % {"time": _duration(minutes, phrases)}
