"""What admin templates share: the officer in the header, labels for roles and regions, SLA clocks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, g
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from admin.access import officer
from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.forms.language_parts import in_language
from framework.forms.pageview import anchor
from framework.forms.regions import region_table
from framework.services.move_words import move_words
from framework.web.services import catalog
from framework.web.site import language
from framework.workflow.calendar import MINUTES_PER_DAY
from framework.workflow.machine import CITIZEN, SYSTEM
from framework.workflow.roles import role_name


def register_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        current_officer=lambda: (officer() or (None, None))[0],
        role_label=role_label,
        region_label=region_label,
        move_part=move_part,
        sla_text=sla_text,
        anchor=anchor,  # the portal's field macros link errors to their field
    )


PARTIES = {  # who else acts on an application: the timeline names them in the page's language
    CITIZEN: Text("pemohon", "applicant"),
    SYSTEM: Text("sistem", "system"),
}


def role_label(role: str | None) -> str:
    """A role by its name in the page's language: an admin wondering what `bo_dpmptsp` means reads
    "Petugas back office DPMPTSP" (:func:`role_name`, which the published standard uses too). A role no
    code list names is shown by its code."""
    if role in PARTIES:
        return PARTIES[role].get(language())
    return role_name(role or "", catalog().codelists).get(language())


def move_part(spec: ServiceSpec, entry: Mapping[str, Any]) -> Markup:
    """One entry of a case's history as what was done and where: "Disetujui: Pemeriksaan Berkas → Verifikasi
    oleh Kecamatan" (a step's title without English marked ``lang="id"``)."""
    words = move_words(spec, entry["from"], entry["to"], entry["action"], entry["role"])
    shown = escape(words.what.get(language()))
    if words.step is not None:
        shown += Markup(": ") + in_language(words.step, language())
    if words.next_step is not None:
        shown += Markup(" → ") + in_language(words.next_step, language())
    return shown


def region_label(code: str | None) -> str:
    """`Kabupaten Soppeng (73.12)`."""
    if not code:
        return _("Nasional")
    return region_table().labelled(code)


def _phrases() -> dict[str, str]:
    """The SLA clock's phrases in the page's language, looked up once per request (a queue shows fifty clocks)."""
    if "mpp_sla_phrases" not in g:
        g.mpp_sla_phrases = {
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
        parts.append(_counted("days", days))
    if hours or not days:
        parts.append(_counted("hours", hours) if hours else phrases["moment"])
    return " ".join(parts)


def _counted(unit: str, count: int) -> str:
    """`1 hari kerja`, `3 jam`: in English "1 working day" but "2 working days" (not "day(s)").

    Looked up once per unit and count a request, like the other phrases.
    """
    memo = g.setdefault("mpp_sla_counts", {})
    if (unit, count) not in memo:
        memo[unit, count] = (
            ngettext("%(num)d hari kerja", "%(num)d hari kerja", count)
            if unit == "days"
            else ngettext("%(num)d jam", "%(num)d jam", count)
        )
    return str(memo[unit, count])


def sla_text(minutes: Any) -> str:
    """Working time left (`1 hari kerja 2 jam lagi`) or overdue (`terlambat 3 jam`)."""
    if minutes is None:
        return "—"
    phrases = _phrases()
    if minutes < 0:
        return phrases["late"] % {"time": _duration(-minutes, phrases)}
    return phrases["left"] % {"time": _duration(minutes, phrases)}
