"""The ministry's view of the loci: figures per region, filtered, sorted, with an inactive flag.

Every locus (``framework.services.loci``: the file and the regions onboarded
since) and every other region with applications gets one row: services
offered, applications filed in the last 30 and 90 days, and over the
decisions (approvals and rejections) of the last 90 days: median and 90th
percentile of the processing time in working days, the share decided within
the SLA, the shares returned at least once and rejected; complaints filed in
90 days; applications overdue now; the last filing and the **inactive** flag
(nothing filed in ``inactive_days``). The region's own page is
``framework.services.region_performance``.

Live: the filings (counts, the last one: the inactive flag) and complaints,
each a few index look-ups. From the statistics table the worker refreshes
every few minutes (``framework.services.performance_stats``): the decision
figures — medians and percentiles need every value ranked, which is too
slow on each view with a million applications (``docs/performance.md`` has
the measurements) — and the applications overdue when it ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from framework.core.errors import FieldError, field_error
from framework.core.numbers import whole_number
from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.forms.regions import level_of, region_table
from framework.services import performance_stats
from framework.services.percentiles import Spread
from framework.services.performance_stats import EVERY, Decisions, Stats, citizen_terms, distinct_regions
from framework.store.complaints import Complaint
from framework.store.performance import ApplicationFigures as F
from framework.store.types import utcnow
from framework.workflow.loci import FROM_ONBOARDING, Loci, Locus
from framework.workflow.offering import filed_by_region, offering_errors

PERIOD_DAYS = performance_stats.PERIOD_DAYS  # decisions, complaints and the longer count look this far back
RECENT_DAYS = 30
DEFAULT_INACTIVE_DAYS = 30  # `MPP_INACTIVE_DAYS`: a region with nothing filed for this long is flagged

# the wave filter: a locus's cohort in loci.yaml, a region that joined by application, or not a locus at all
ONBOARDED, NOT_A_LOCUS = "bergabung", "bukan-lokus"
WAVES: dict[str, Text] = {
    "2023-06": Text("Juni 2023", "June 2023"),
    "2023-12": Text("Desember 2023", "December 2023"),
    ONBOARDED: Text("Bergabung lewat pengajuan", "Joined by application"),
    NOT_A_LOCUS: Text("Bukan lokus", "Not a locus"),
}


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` (0–1), or None when there is nothing to share out: no figure, not a zero."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Figures:
    """One group's figures (a region, or a service in a region) over the periods."""

    filed_recent: int = 0  # filed in the last RECENT_DAYS
    filed: int = 0  # filed in the last PERIOD_DAYS
    decided: int = 0  # approved or rejected in the last PERIOD_DAYS
    spread: Spread | None = None  # processing time of those decisions, working minutes
    within_sla: int = 0
    with_sla: int = 0  # decisions whose service states a time limit
    returned: int = 0  # decisions that had been returned to the applicant at least once
    rejected: int = 0
    complaints: int = 0
    auto_approved: int = 0  # steps approved by their deadline, no officer deciding (fiktif positif)

    @classmethod
    def of(cls, decisions: Decisions, filed_recent: int = 0, filed: int = 0, complaints: int = 0) -> Figures:
        return cls(
            filed_recent,
            filed,
            decisions.decided,
            decisions.spread,
            decisions.within_sla,
            decisions.with_sla,
            decisions.returned,
            decisions.rejected,
            complaints,
            decisions.auto_approved,
        )

    @property
    def median_days(self) -> float | None:
        return None if self.spread is None else self.spread.median_days

    @property
    def p90_days(self) -> float | None:
        return None if self.spread is None else self.spread.p90_days

    @property
    def sla_share(self) -> float | None:
        return share(self.within_sla, self.with_sla)

    @property
    def returned_share(self) -> float | None:
        return share(self.returned, self.decided)

    @property
    def rejected_share(self) -> float | None:
        return share(self.rejected, self.decided)


@dataclass(frozen=True)
class RegionRow:
    region: str
    name: str
    province: str
    province_name: str
    wave: str  # a key of WAVES
    services: int  # offered there now
    figures: Figures
    last_filed: datetime | None
    overdue: int
    inactive: bool
    joined_by: str | None = None  # the onboarding application's tracking number


@dataclass(frozen=True)
class OverviewQuery:
    """What the ministry narrowed and sorted the overview by."""

    province: str = ""
    wave: str = ""
    sort: str = "name"
    descending: bool = False
    inactive_days: int = DEFAULT_INACTIVE_DAYS


@dataclass(frozen=True)
class Overview:
    rows: list[RegionRow]
    query: OverviewQuery
    provinces: list[tuple[str, str]]  # (code, name) of the provinces that have a row, for the filter
    now: datetime
    computed_at: datetime | None  # when the worker last ranked the decisions (None: not yet)
    inactive: int = 0  # rows flagged inactive (after filtering)
    totals: Figures = field(default_factory=Figures)
    nation: Figures = field(default_factory=Figures)  # every decision in the country, ranked as one
    overdue_total: int = 0  # the shown rows' applications overdue now, added up (a count: it adds up)


# column key → the value it sorts by (the table's headers link to these)
SORT_KEYS: dict[str, Callable[[RegionRow], Any]] = {
    "name": lambda row: row.name,
    "province": lambda row: row.province_name,  # then by name: sort_rows breaks every tie by name
    "wave": lambda row: row.wave,
    "services": lambda row: row.services,
    "filed_recent": lambda row: row.figures.filed_recent,
    "filed": lambda row: row.figures.filed,
    "decided": lambda row: row.figures.decided,
    "median": lambda row: row.figures.median_days,
    "p90": lambda row: row.figures.p90_days,
    "sla": lambda row: row.figures.sla_share,
    "returned": lambda row: row.figures.returned_share,
    "rejected": lambda row: row.figures.rejected_share,
    "complaints": lambda row: row.figures.complaints,
    "auto_approved": lambda row: row.figures.auto_approved,
    "overdue": lambda row: row.overdue,
    "last_filed": lambda row: row.last_filed,
}
# column key → its header, as the overview's table writes it (and names it in a bad `urut`'s message)
SORT_COLUMNS: dict[str, Text] = {
    "name": Text("Daerah", "Region"),
    "province": Text("Provinsi", "Province"),
    "wave": Text("Gelombang", "Wave"),
    "services": Text("Layanan", "Services"),
    "filed_recent": Text("Diajukan 30 hari", "Filed, 30 days"),
    "filed": Text("Diajukan 90 hari", "Filed, 90 days"),
    "decided": Text("Keputusan 90 hari", "Decisions, 90 days"),
    "median": Text("Median (hari kerja)", "Median (working days)"),
    "p90": Text("Persentil ke-90", "90th percentile"),
    "sla": Text("Sesuai SLA", "Within SLA"),
    "returned": Text("Dikembalikan", "Returned"),
    "rejected": Text("Ditolak", "Rejected"),
    "complaints": Text("Pengaduan", "Complaints"),
    "auto_approved": Text("Disetujui otomatis", "Approved by default"),
    "overdue": Text("Terlambat", "Overdue"),
    "last_filed": Text("Terakhir diajukan", "Last filed"),
}


ASCENDING, DESCENDING = "naik", "turun"
MAX_INACTIVE_DAYS = 3650
# the overview's address parameters (Indonesian, as the page's links write them)
PARAMETERS = {"province": "provinsi", "wave": "gelombang", "sort": "urut", "direction": "arah", "days": "tidak_aktif"}


def read_query(args: Mapping[str, str], default_inactive_days: int) -> tuple[OverviewQuery, list[FieldError]]:
    """The overview's filters and order from the address; each bad value is named, and left at its default."""
    errors: list[FieldError] = []
    province = args.get(PARAMETERS["province"], "").strip()
    if province and (level_of(province) != "province" or province not in region_table().by_code):
        errors.append(
            field_error(
                PARAMETERS["province"],
                "unknown_province",
                f"`{province[:20]}` bukan kode provinsi (dua angka, mis. 73).",
                f"`{province[:20]}` is not a province code (two digits, e.g. 73).",
            )
        )
        province = ""
    wave = args.get(PARAMETERS["wave"], "").strip()
    if wave and wave not in WAVES:
        errors.append(_choice_error(PARAMETERS["wave"], wave, WAVES))
        wave = ""
    sort = args.get(PARAMETERS["sort"], "name").strip() or "name"
    if sort not in SORT_KEYS:
        errors.append(_sort_error(sort))
        sort = "name"
    direction = args.get(PARAMETERS["direction"], ASCENDING).strip() or ASCENDING
    if direction not in (ASCENDING, DESCENDING):
        errors.append(_choice_error(PARAMETERS["direction"], direction, {ASCENDING: 0, DESCENDING: 0}))
        direction = ASCENDING
    days, problem = _inactive_days(args.get(PARAMETERS["days"], "").strip(), default_inactive_days)
    errors += problem
    return OverviewQuery(province, wave, sort, direction == DESCENDING, days), errors


def _inactive_days(typed: str, default: int) -> tuple[int, list[FieldError]]:
    if not typed:
        return default, []
    days = whole_number(typed, low=1, high=MAX_INACTIVE_DAYS)
    if days is not None:
        return days, []
    return default, [
        field_error(
            PARAMETERS["days"],
            "inactive_days",
            f"Jumlah hari harus bilangan bulat 1 sampai {MAX_INACTIVE_DAYS}.",
            f"The number of days must be a whole number from 1 to {MAX_INACTIVE_DAYS}.",
        )
    ]


def _choice_error(name: str, typed: str, choices: Mapping[str, Any]) -> FieldError:
    known = ", ".join(choices)
    return field_error(
        name,
        "unknown_choice",
        f"`{typed}` tidak dikenal; pilih salah satu: {known}.",
        f"Unknown `{typed}`; choose one of: {known}.",
    )


def _sort_error(typed: str) -> FieldError:
    """A bad `urut` names the columns by their headers: the reader sorts by clicking those, not by keys."""
    known = {language: ", ".join(column.get(language) for column in SORT_COLUMNS.values()) for language in ("id", "en")}
    return field_error(
        PARAMETERS["sort"],
        "unknown_choice",
        f"Urutan `{typed[:20]}` tidak dikenal; urutkan menurut salah satu kolom: {known['id']}.",
        f"Unknown order `{typed[:20]}`; sort by one of the columns: {known['en']}.",
    )


def overview(
    session: Session,
    loci: Loci,
    specs: Sequence[ServiceSpec],
    definitions: Path,
    query: OverviewQuery = OverviewQuery(),
    *,
    now: datetime | None = None,
) -> Overview:
    """Every locus and every other region with applications, with their figures, filtered and sorted."""
    now = now or utcnow()
    stats = performance_stats.read(session, regions_only=True)
    rows = region_rows(session, loci, specs, definitions, query.inactive_days, now, stats=stats)
    provinces = sorted({(row.province, row.province_name) for row in rows}, key=lambda pair: pair[1])
    shown = sort_rows([row for row in rows if _matches(row, query)], query)
    nation = Figures.of(stats.get(EVERY))
    return Overview(
        shown,
        query,
        provinces,
        now,
        stats.computed_at,
        sum(row.inactive for row in shown),
        _totals(shown),
        nation,
        sum(row.overdue for row in shown),
    )


def region_rows(
    session: Session,
    loci: Loci,
    specs: Sequence[ServiceSpec],
    definitions: Path,
    inactive_days: int,
    now: datetime,
    only: str | None = None,
    stats: Stats | None = None,
    ministry: frozenset[str] | None = None,
) -> list[RegionRow]:
    """The overview's rows; ``only``: just that region's (its page), each query narrowed to it.

    ``stats`` and ``ministry`` (``performance_stats.ministry_services``): as the caller already read them.
    """
    table = region_table(definitions)
    stats = stats if stats is not None else performance_stats.read(session, only, regions_only=True)
    ministry = ministry if ministry is not None else performance_stats.ministry_services(session)
    filings = _filings(session, now, only, ministry)
    regions = sorted(set(filings) | {locus.region for locus in loci})
    if only is not None:
        regions = [only] if only in regions else []
    complaints = _complaints(session, now, only, ministry)
    rows = []
    for region in regions:
        last_filed, recent, filed = filings.get(region, (None, 0, 0))
        decided = stats.get(region)
        rows.append(
            _row(
                region,
                loci.by_region.get(region),
                table,
                Figures.of(decided, recent, filed, complaints.get(region, 0)),
                (last_filed, decided.overdue),
                len(for_citizens(offered_there(specs, region, definitions, loci))),
                now - timedelta(days=inactive_days),
            )
        )
    return rows


def _row(
    region: str,
    locus: Locus | None,
    table: Any,
    figures: Figures,
    activity: tuple[datetime | None, int],
    services: int,
    inactive_before: datetime,
) -> RegionRow:
    province = region.split(".")[0]
    last_filed, overdue = activity
    return RegionRow(
        region=region,
        name=locus.name if locus else table.name(region),
        province=province,
        province_name=table.name(province),
        wave=wave_of(locus),
        services=services,
        figures=figures,
        last_filed=last_filed,
        overdue=overdue,
        inactive=last_filed is None or last_filed < inactive_before,
        joined_by=locus.tracking_number if locus else None,
    )


def wave_of(locus: Locus | None) -> str:
    if locus is None:
        return NOT_A_LOCUS
    if locus.source == FROM_ONBOARDING:
        return ONBOARDED
    return locus.cohort if locus.cohort in WAVES else ONBOARDED


def offered_there(specs: Iterable[ServiceSpec], region: str, definitions: Path, loci: Loci) -> list[ServiceSpec]:
    """The services that can be filed in ``region`` now (the offering rule, once per service), the region's own
    application to the ministry included (its figures and its wait belong on the region's page)."""
    specs = list(specs)
    variants = [spec for spec in specs if spec.region]  # the only ones the rule looks for among the others
    return [spec for spec in specs if not offering_errors(spec, region, definitions, variants, loci)]


def for_citizens(specs: Iterable[ServiceSpec]) -> list[ServiceSpec]:
    """Those of ``specs`` citizens file: not a region's own application to the ministry (joining MPP Digital).

    Why: counted as a service, it made every locus offer one service more
    than its citizens have, and a region that is no locus offer one.
    """
    return [spec for spec in specs if not filed_by_region(spec)]


def _matches(row: RegionRow, query: OverviewQuery) -> bool:
    return (not query.province or row.province == query.province) and (not query.wave or row.wave == query.wave)


def sort_rows(rows: list[RegionRow], query: OverviewQuery) -> list[RegionRow]:
    """Rows by the column, either way; ties (the many regions with 0) always by name A–Z, which a reader scans.

    Two stable sorts, because reversing one sort on (value, name) also turned the names Z–A.
    """
    key = SORT_KEYS.get(query.sort, SORT_KEYS["name"])
    by_name = sorted(rows, key=lambda row: row.name)
    present = [row for row in by_name if key(row) is not None]
    missing = [row for row in by_name if key(row) is None]
    return sorted(present, key=key, reverse=query.descending) + missing


def _totals(rows: Sequence[RegionRow]) -> Figures:
    """The shown rows added up (counts only: a median of medians would be no median)."""
    return Figures(
        filed_recent=sum(row.figures.filed_recent for row in rows),
        filed=sum(row.figures.filed for row in rows),
        decided=sum(row.figures.decided for row in rows),
        within_sla=sum(row.figures.within_sla for row in rows),
        with_sla=sum(row.figures.with_sla for row in rows),
        returned=sum(row.figures.returned for row in rows),
        rejected=sum(row.figures.rejected for row in rows),
        complaints=sum(row.figures.complaints for row in rows),
        auto_approved=sum(row.figures.auto_approved for row in rows),
    )


# --- the queries ----------------------------------------------------------------------------


def _filings(
    session: Session, now: datetime, only: str | None, ministry: frozenset[str]
) -> dict[str, tuple[datetime | None, int, int]]:
    """Every region with applications: (last filed, filed in RECENT_DAYS, filed in PERIOD_DAYS).

    The regions come from the filing index by skipping from one region to the
    next (a recursive query: one index seek per region, not a scan of a
    million rows); each figure is a correlated look-up on the same index. The
    figures count citizens' applications only (``ministry``); a region whose
    only application is its own to the ministry has a row, with nothing filed.
    """
    regions = distinct_regions() if only is None else select(literal(only).label("region")).subquery()
    inner = F.__table__.alias("inner_figures")
    citizens = citizen_terms(inner.c.service_id, ministry)

    def filed_since(moment: datetime) -> Any:
        return (
            select(func.count())
            .where(inner.c.region == regions.c.region, inner.c.submitted_at >= moment, citizens)
            .scalar_subquery()
        )

    last = select(func.max(inner.c.submitted_at)).where(inner.c.region == regions.c.region, citizens).scalar_subquery()
    filed_at_all = select(inner.c.region).where(inner.c.region == regions.c.region).exists()
    query = select(
        regions.c.region,
        last,
        filed_since(now - timedelta(days=RECENT_DAYS)),
        filed_since(now - timedelta(days=PERIOD_DAYS)),
    ).where(regions.c.region.is_not(None), filed_at_all)
    return {
        region: (_aware(last_filed), int(recent), int(period))
        for region, last_filed, recent, period in session.execute(query)
    }


def _aware(moment: Any) -> datetime | None:
    """A raw MAX() comes back without the column type's conversion: naive UTC (or a SQLite string)."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _complaints(session: Session, now: datetime, only: str | None, ministry: frozenset[str]) -> dict[str, int]:
    since = now - timedelta(days=PERIOD_DAYS)
    where = [Complaint.region == only] if only else [Complaint.region.is_not(None)]
    if ministry:  # a complaint about no service in particular is a citizen's too
        where.append(Complaint.service_id.is_(None) | citizen_terms(Complaint.service_id, ministry))
    query = (
        select(Complaint.region, func.count()).where(*where, Complaint.created_at >= since).group_by(Complaint.region)
    )
    return {str(region): int(count) for region, count in session.execute(query)}
