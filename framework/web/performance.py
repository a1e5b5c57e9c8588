"""`/kinerja`: how each MPP Digital locus performs, for anyone, signed in or not.

A region's public page shows its services, how long a decision takes (median,
in working days) and the share decided within the SLA, over the last 90 days:
counts and times only, never a name, a NIK or a tracking number
(``framework.services.region_performance.public_figures``). The index lists
the loci with links; the portal's footer links to it. The number formats the
ministry's screens share (working days, shares) and the size of an uploaded file
(``ukuran``, on the portal's and the officers' pages alike) are registered here too.
"""

from __future__ import annotations

import logging
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from flask import Blueprint, Flask, abort, current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from framework.core.numbers import size_text
from framework.core.settings import SettingError, number_setting
from framework.forms.regions import region_table
from framework.services.performance import DEFAULT_INACTIVE_DAYS, MAX_INACTIVE_DAYS
from framework.services.region_performance import ServiceRow, public_figures
from framework.web.charts import Bar, bar_chart
from framework.web.database import db_session
from framework.web.services import catalog, definitions_dir, loci
from framework.web.site import language

log = logging.getLogger(__name__)
bp = Blueprint("kinerja", __name__, url_prefix="/kinerja")
EMPTY = "—"
INACTIVE_DAYS_SETTING = "MPP_INACTIVE_DAYS"


def register(app: Flask) -> None:
    app.config[INACTIVE_DAYS_SETTING] = _configured_inactive_days(app)
    app.register_blueprint(bp)
    app.jinja_env.filters.setdefault("hari_kerja", days_text)
    app.jinja_env.filters.setdefault("persen", share_text)
    app.jinja_env.filters.setdefault("ukuran", lambda size: size_text(size, language()))


def days_text(value: float | None) -> str:
    """Working days with one decimal in the page's language (`1,3` / `1.3`); a dash when there is none."""
    return EMPTY if value is None else _localized(_rounded(value, TENTH), ",.1f")


def share_text(value: float | None) -> str:
    """A share as a whole percentage in the page's language (`1.234%` / `1,234%`); a dash when there is none."""
    return EMPTY if value is None else _localized(_rounded(value, ONE, 100), ",.0f") + _symbols(str(get_locale()))[2]


# Babel's format_decimal and format_percent give these same strings (rounding half to even on the
# decimal value, the locale's separators) but cost ~0.15 ms a call, and a region's page shows a few
# hundred numbers: formatting them was a third of the page's time. The locale's symbols are read once.
TENTH, ONE = Decimal("0.1"), Decimal("1")


def _rounded(value: float, step: Decimal, scale: int = 1) -> Decimal:
    return (Decimal(str(value)) * scale).quantize(step, rounding=ROUND_HALF_EVEN)


def _localized(number: Decimal, pattern: str) -> str:
    decimal, group, _percent = _symbols(str(get_locale()))
    return format(number, pattern).translate({ord(","): group, ord("."): decimal})


@lru_cache(maxsize=16)
def _symbols(locale: str) -> tuple[str, str, str]:
    """The locale's decimal separator, group separator and percent sign."""
    symbols = Locale.parse(locale).number_symbols["latn"]
    return symbols["decimal"], symbols["group"], symbols["percentSign"]


def inactive_days() -> int:
    """N of the inactive flag: ``MPP_INACTIVE_DAYS``, read and checked once when the app starts."""
    return int(current_app.config.get(INACTIVE_DAYS_SETTING, DEFAULT_INACTIVE_DAYS))


def _configured_inactive_days(app: Flask) -> int:
    """``MPP_INACTIVE_DAYS`` (app config, then the environment), 30 when unset; anything but a number of days
    from 1 to ten years stops the start with the setting's name, like every numeric setting."""
    days = number_setting(INACTIVE_DAYS_SETTING, DEFAULT_INACTIVE_DAYS, app.config, whole=True)
    if not 1 <= days <= MAX_INACTIVE_DAYS:
        raise SettingError(
            f"{INACTIVE_DAYS_SETTING}=`{days}`: harus jumlah hari 1 sampai {MAX_INACTIVE_DAYS} / "
            f"must be a number of days from 1 to {MAX_INACTIVE_DAYS}"
        )
    return int(days)


@bp.get("/")
def index() -> str:
    table = region_table(definitions_dir())
    rows = sorted(
        ((locus.region, locus.name, table.name(locus.region.split(".")[0])) for locus in loci()),
        key=lambda row: (row[2], row[1]),
    )
    return render_template("performance/index.html", loci=rows)


@bp.get("/<region>")
def region(region: str) -> str:
    found = public_figures(db_session(), region, loci(), catalog().offered(), definitions_dir())
    if found is None:
        abort(404)
    bars = service_bars(found.services)
    chart = bar_chart(bars, "grafik-layanan") if bars else None
    return render_template("performance/region.html", figures=found, chart_svg=chart)


def service_bars(services: list[ServiceRow]) -> list[Bar]:
    """Median decision time per service with decisions, slowest first; the 90th percentile as the marker."""
    lang = language()
    decided = [row for row in services if row.figures.spread is not None]
    decided.sort(key=lambda row: -(row.figures.spread.median if row.figures.spread else 0))
    return [
        Bar(
            row.title.get(lang),
            row.figures.spread.median_days,
            _("%(days)s hari kerja", days=days_text(row.figures.spread.median_days)),
            row.figures.spread.p90_days,
        )
        for row in decided
        if row.figures.spread is not None
    ]
