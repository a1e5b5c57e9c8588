"""A national database for the performance benchmark: applications, their figures and step visits.

``fill(url, kind, count)`` migrates a fresh database and bulk-loads ``count``
applications over the 60 loci of ``definitions/loci.yaml`` (weights between
0.5 and 1.5, so regions differ; Kabupaten Cianjur, 32.03, gets the most),
filed over the last 365 days under the bundled adminduk and nakes services,
with what ``framework.services.figures`` would have written for each: one
``application_figures`` row, one ``step_visits`` row per step passed. 85 %
decided (77 % approved and issued, 8 % rejected), 1 % withdrawn, 9 % waiting
at a step (a third of them overdue), 5 % returned; a tenth returned once
before the decision. Working minutes per step are drawn around the step's
SLA (log-normal), so some decisions miss the service's time limit. The
bulk load writes rows as a running system would have, not through the
service functions (a million filings would take hours).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from bench_admin_queue import COLUMNS as QUEUE_COLUMNS

MEASURED = "32.03"  # Kabupaten Cianjur: the region whose page is measured (the largest)
SEED = 20231207

APPLICATION_COLUMNS = ("id", *QUEUE_COLUMNS)  # the queue benchmark's columns, with the id (figures refer to it)
FIGURE_COLUMNS = (
    "application_id",
    "region",
    "service_id",
    "submitted_at",
    "state_since",
    "returns",
    "step_minutes",
    "sla_minutes",
    "decided_at",
    "outcome",
    "within_sla",
)
VISIT_COLUMNS = ("application_id", "region", "service_id", "step", "entered_at", "left_at", "minutes", "action")
COMPLAINT_COLUMNS = (
    "reference",
    "citizen_nik",
    "tracking_number",
    "service_id",
    "region",
    "category",
    "title",
    "narrative",
    "event_date",
    "place",
    "attachments",
    "anonymous",
    "confidential",
    "channel",
    "status",
    "created_at",
    "updated_at",
)


def loci() -> list[str]:
    from framework.core import settings
    from framework.workflow.loci import file_loci

    found = file_loci(settings.definitions_dir())
    assert found is not None
    return [locus.region for locus in found]


def services() -> list[Any]:
    from framework.core import settings
    from framework.definition import load_catalog

    catalog = load_catalog(settings.definitions_dir(), cache_dir=settings.cache_dir())
    return [spec for spec in catalog.offered() if not spec.region]


def _minutes(rng: random.Random, sla_minutes: int) -> int:
    """Working minutes at one step: log-normal around 60 % of its SLA, a long tail past it."""
    return max(1, int(rng.lognormvariate(math.log(max(1, sla_minutes) * 0.6), 0.7)))


def _fate(rng: random.Random) -> str:
    draw = rng.random()
    for fate, upto in (("issued", 0.77), ("rejected", 0.85), ("withdrawn", 0.86), ("waiting", 0.95)):
        if draw < upto:
            return fate
    return "returned"


def generate(count: int, specs: list[Any], regions: list[str]) -> Iterator[tuple[tuple, tuple, list[tuple]]]:
    """(application row, figures row, visit rows) for ``count`` applications (deterministic)."""
    from framework.services.figures import sla_minutes
    from framework.services.tracking_numbers import generate as tracking_number

    rng = random.Random(SEED)
    now = datetime.now(UTC).replace(tzinfo=None)
    weights = [2.0 if region == MEASURED else rng.uniform(0.5, 1.5) for region in regions]
    limits = {spec.id: sla_minutes(spec) for spec in specs}
    seen: set[str] = set()
    for number in range(1, count + 1):
        spec = specs[number % len(specs)]
        region = rng.choices(regions, weights)[0]
        submitted = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        fate = _fate(rng)
        steps = (
            spec.steps if fate in ("issued", "rejected", "withdrawn") else spec.steps[: rng.randrange(len(spec.steps))]
        )
        if fate == "rejected":
            steps = spec.steps[: rng.randrange(1, len(spec.steps) + 1)]
        returns = 1 if rng.random() < 0.1 else 0
        moment, visits, total = submitted, [], 0
        for position, step in enumerate(steps):
            minutes = _minutes(rng, step.sla.working_hours * 60)
            left = moment + timedelta(minutes=minutes * 3)  # calendar time: about three times the working time
            last = position == len(steps) - 1
            action = "reject" if fate == "rejected" and last else "approve"
            visits.append((number, region, spec.id, step.id, moment, left, minutes, action))
            total += minutes
            moment = left
        decided = fate in ("issued", "rejected", "withdrawn")
        waiting_step = spec.steps[len(steps)] if not decided else None
        state = fate if decided else (waiting_step.id if fate == "waiting" else "returned")
        due = moment + timedelta(minutes=rng.randrange(-1500, 3000)) if fate == "waiting" else None
        outcome = {"issued": "approved", "rejected": "rejected", "withdrawn": "withdrawn"}.get(fate)
        limit = limits[spec.id]
        within = (total <= limit) if outcome in ("approved", "rejected") and limit is not None else None
        while (code := tracking_number()) in seen:
            pass
        seen.add(code)
        application = (
            number,
            code,
            spec.id,
            spec.version,
            spec.content_hash,
            region,
            region,
            f"{region.replace('.', '')}01{number % 10**10:010d}"[:16],
            state,
            waiting_step.id if fate == "waiting" and waiting_step else None,
            "{}",
            "{}",
            "{}",
            submitted,
            submitted,
            due,
            moment if decided else None,
            waiting_step.id if fate == "returned" and waiting_step else None,
            "[]",
            1,
        )
        figures = (number, region, spec.id, submitted, moment, returns, total, limit, moment if decided else None)
        figures += (outcome, within)
        yield application, figures, visits


def complaints(count: int, regions: list[str], specs: list[Any]) -> Iterator[tuple]:
    rng = random.Random(SEED + 1)
    now = datetime.now(UTC).replace(tzinfo=None)
    for number in range(count):
        created = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        yield (
            f"BENCH-{number:08d}",
            "3203010101900001",
            None,
            rng.choice(specs).id,
            rng.choice(regions),
            "pengaduan",
            "Lambat",
            "Permohonan lambat diproses.",
            created.date(),
            "MPP",
            "[]",
            False,
            False,
            "lapor",
            "diterima",
            created,
            created,
        )


def fill(url: str, kind: str, count: int) -> float:
    """Migrate and bulk-load ``count`` applications with their figures; returns the seconds it took."""
    from sqlalchemy import text

    from framework.store import make_engine, session_factory, upgrade
    from framework.workflow.pinning import snapshot

    upgrade(url)
    specs, regions = services(), loci()
    engine = make_engine(url)
    with session_factory(engine)() as session:
        for spec in specs:
            snapshot(session, spec)
        session.commit()
    started = time.perf_counter()
    writer = _copy if kind == "postgres" else _insert
    raw = engine.raw_connection()
    try:
        writer(raw, "complaints", COMPLAINT_COLUMNS, complaints(count // 100, regions, specs))
        batches: dict[str, list[tuple]] = {"applications": [], "application_figures": [], "step_visits": []}
        for application, figures, visits in generate(count, specs, regions):
            batches["applications"].append(application)
            batches["application_figures"].append(figures)
            batches["step_visits"].extend(visits)
            if len(batches["applications"]) == 50_000:
                _flush(writer, raw, batches)
        _flush(writer, raw, batches)
        raw.commit()
    finally:
        raw.close()
    engine.dispose()
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE" if kind == "postgres" else "ANALYZE"))
        if kind == "postgres":
            connection.execute(text("SELECT setval('applications_id_seq', (SELECT max(id) FROM applications))"))
    engine.dispose()
    return time.perf_counter() - started


COLUMNS = {"applications": APPLICATION_COLUMNS, "application_figures": FIGURE_COLUMNS, "step_visits": VISIT_COLUMNS}


def _flush(writer: Any, raw: Any, batches: dict[str, list[tuple]]) -> None:
    for table, rows in batches.items():
        writer(raw, table, COLUMNS[table], rows)
        rows.clear()


def _copy(raw: Any, table: str, columns: tuple[str, ...], rows: Any) -> None:
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _insert(raw: Any, table: str, columns: tuple[str, ...], rows: Any) -> None:
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cursor = raw.cursor()
    cursor.executemany(statement, (tuple(_sqlite(value) for value in row) for row in rows))


def _sqlite(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.isoformat() if hasattr(value, "isoformat") else value
