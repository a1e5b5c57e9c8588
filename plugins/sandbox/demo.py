"""Demo data for `mpp serve`: a living system a minute after cloning.

Officers for every role of the approval chains in three demo regions (with
the password ``demo``), ministry staff (``demo.kementerian``) with Kabupaten
Garut's request to join MPP Digital waiting for them, and a few hundred
applications filed by citizens of
the sandbox population, spread over the last ten working days and moved to
various states — waiting at a step, further along, returned, rejected,
approved — all through ``framework.services.applications``, the functions the API and
the portal call, so the demo can never hold what the system could not.

Runs once per database (it does nothing when demo officers exist) and never
in production, where there are no sandbox citizens to file for.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core import settings
from framework.definition import Catalog, load_catalog
from framework.definition.model import ServiceSpec
from framework.forms.examples import client_answers, example_documents
from framework.services import applications
from framework.services.accounts import add_user, hash_password
from framework.services.deployment import record_demo_seed
from framework.services.returnable import returnable
from framework.storage import LocalStorage, Storage, UploadInfo
from framework.store.models import Application, User
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.offering import filed_by_region
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

# Kab. Soppeng, Kab. Gowa, Kota Yogyakarta: loci with villages in the reference data and a regional variant each.
DEMO_REGIONS = ("73.12", "73.06", "34.71")
# A desa front office in Gowa (desa Pallantikang, kecamatan 73.06.13), where sandbox citizens live: the counter tour.
DESA_FRONT_OFFICE = ("operator_dukcapil", "73.06.13.2002")
MINISTRY_USERNAME = "demo.kementerian"  # the ministry's reviewer and auditor (no region: it sees every one)
# Ministry staff (national: no region) and a region that asks to join MPP Digital: Kabupaten Garut, not a locus,
# whose admin has filed the onboarding application the ministry finds in its queue (docs/performance.md).
JOINING = ("32.05", "3203011205820001")  # the region, and its signing official (BUDI SAPUTRA in the sandbox IKD)
ONBOARDING = "kementerian.pengajuan-lokus"
JOINING_ANSWERS = {
    "jabatan": "Kepala DPMPTSP",
    "instansi": "DPMPTSP Kabupaten Garut",
    "telepon_pemohon": "+6281234567890",
    "email_pemohon": "dpmptsp@garutkab.go.id",
    "layanan": ["ADMINDUK", "NAKES"],
    "mpp_fisik": "BELUM",
    "jumlah_petugas": 12,
    "uraian_kesiapan": "Jaringan dinas sudah tersambung; dua belas petugas DPMPTSP dan Disdukcapil siap dilatih.",
    "pernyataan_benar": True,
}
APPLICATIONS = 300
PASSWORD = "demo"
USERNAME_PREFIX = "demo."
SEED = 20231207
ATTEMPTS = 3  # citizens tried per application before giving up (registry rules may refuse one for every service)

# what happens to an application after filing: (fate, weight)
FATES: tuple[tuple[str, int], ...] = (
    ("waiting", 35),
    ("advanced", 25),
    ("returned", 10),
    ("rejected", 8),
    ("approved", 22),
)
RETURN_REASON = (
    "Dokumen pendukung kurang jelas; unggah ulang. / The supporting document is not legible; upload it again."
)
REJECT_REASON = "Persyaratan tidak terpenuhi. / The requirements are not met."


@dataclass(frozen=True)
class DemoResult:
    officers: int = 0
    states: Counter = field(default_factory=Counter)
    skipped: bool = False

    @property
    def applications(self) -> int:
        return sum(self.states.values())


def offered_in(catalog: Catalog, region: str) -> list[ServiceSpec]:
    """Services a citizen of ``region`` files: its variants, and national services it has no variant of."""
    offered = [s for s in catalog.offered() if not filed_by_region(s)]  # the region's own applications: see below
    replaced = {s.extends for s in offered if s.region == region}
    return [s for s in offered if s.region == region or (s.region is None and s.id not in replaced)]


# Gowa's two heads of office sign personally with a sandbox certificate (plugins.esign.sandbox.SANDBOX_SIGNERS):
# approving the last step asks for the passphrase; the other regions' documents are sealed by the worker
DEMO_TTE = {("kepala_dukcapil", "73.06"): "7306011201700001", ("kepala_dpmptsp", "73.06"): "7306011201700002"}


def _officers(session: Session, catalog: Catalog) -> dict[tuple[str, str], Actor]:
    """Every step role and a regional admin in each demo region, and a desa front office (the README's tour)."""
    actors = {}
    hashed = hash_password(PASSWORD)  # one argon2 hash for all: ~0.4 s each was a third of `mpp serve`'s start-up
    for region in DEMO_REGIONS:
        roles = sorted({step.role for spec in offered_in(catalog, region) for step in spec.steps})
        for role in [*roles, ADMIN_ROLE]:
            username = officer_username(role, region)
            user = add_user(session, username, role, region, password_hash=hashed)
            user.tte_nik = DEMO_TTE.get((role, region))
            actors[(role, region)] = Actor.officer(username, role, region)
    role, village = DESA_FRONT_OFFICE
    add_user(session, officer_username(role, village), role, village, password_hash=hashed)
    actors[(role, village)] = Actor.officer(officer_username(role, village), role, village)
    _ministry(session, hashed)
    actors[(MINISTRY_ROLE, "")] = Actor.officer(MINISTRY_USERNAME, MINISTRY_ROLE, None)
    region = JOINING[0]
    add_user(session, officer_username(ADMIN_ROLE, region), ADMIN_ROLE, region, password_hash=hashed)
    actors[(ADMIN_ROLE, region)] = Actor.officer(officer_username(ADMIN_ROLE, region), ADMIN_ROLE, region)
    return actors


def _ministry(session: Session, hashed: str | None = None) -> None:
    """The ministry's demo account (the README's ministry tour), added also to a database seeded before it existed."""
    if session.scalar(select(User.id).where(User.username == MINISTRY_USERNAME)) is None:
        add_user(session, MINISTRY_USERNAME, MINISTRY_ROLE, None, password_hash=hashed or hash_password(PASSWORD))


def _ask_to_join(
    session: Session, catalog: Catalog, officers: dict[tuple[str, str], Actor], files: DemoFiles
) -> Application | None:
    """Garut's admin files the onboarding application at the counter; it waits for the ministry."""
    from framework.forms.prefill import resolve_prefill

    spec = catalog.specs.get(ONBOARDING)
    if spec is None:
        return None
    region, official = JOINING
    answers = dict(JOINING_ANSWERS, rencana_mulai=(utcnow() + timedelta(days=60)).date().isoformat())
    return applications.submit(
        session,
        spec,
        region=region,
        answers=answers,
        applicant_nik=official,
        prefill=(prefill := resolve_prefill(spec, official, answers)),
        documents=files.uploads(spec, {**answers, **{name: item.value for name, item in prefill.items()}}),
        others=catalog.offered(),
        counter=officers[(ADMIN_ROLE, region)],
        now=utcnow() - timedelta(days=2),
    )


def officer_username(role: str, region: str) -> str:
    """``demo.<role with dashes>.<region>``, e.g. ``demo.operator-dukcapil.73.12``."""
    return f"{USERNAME_PREFIX}{role.replace('_', '-')}.{region}"


def _refused_by_registry(spec: ServiceSpec, prefill: Mapping[str, Any]) -> bool:
    """Does a rule on a registry-filled, locked field refuse this citizen whatever they type?

    Checked before the full filing: a health worker tried against every SIP
    service was refused by ``profesi_sesuai`` about 40 times per application,
    most of the demo's seeding time.
    """
    values = {name: value.value for name, value in prefill.items() if value.verified}
    locked = {item.id for item in spec.iter_fields() if item.locked}
    return any(rule.field in locked and rule.field in values and rule.when.holds(values) for rule in spec.rules)


class DemoFiles:
    """The demo applications' documents: a tiny example file per kind, stored afresh for every application.

    Each application gets its own stored copy, as a real filing does, so that
    `mpp purge` deleting one purged application's documents never takes a
    file another application still names.
    """

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def uploads(self, spec: ServiceSpec, answers: Mapping[str, Any]) -> dict[str, UploadInfo]:
        """One stored file per document of ``spec`` the answers ask for, of the first kind it accepts."""
        return {doc_id: self._save(*file) for doc_id, file in example_documents(spec, answers).items()}

    def forget(self, uploads: dict[str, UploadInfo]) -> None:
        """Delete the files of a filing that was refused, so the demo leaves no file nothing names."""
        for info in uploads.values():
            self.storage.delete(info.key)

    def _save(self, name: str, data: bytes) -> UploadInfo:
        return self.storage.save(data, name)


def _citizens() -> tuple[list[str], list[str]]:
    """(adults, health workers) of the sandbox population, by NIK."""
    from plugins.sandbox.population import REFERENCE_DATE, population

    people = population()
    adults = sorted(
        nik
        for nik, person in people.people.items()
        if int(str(person.record.get("tgl_lhr", "2000"))[:4]) <= REFERENCE_DATE.year - 17
    )
    return adults, sorted(people.health_workers)


def _file_one(
    session: Session,
    catalog: Catalog,
    rng: random.Random,
    citizens: tuple[list[str], list[str]],
    files: DemoFiles,
    when: datetime,
) -> Application | None:
    """One application by a random citizen: the first service of a random sector their registry data allows."""
    from framework.forms.prefill import resolve_prefill

    region = rng.choice(DEMO_REGIONS)
    services = offered_in(catalog, region)
    sector = rng.choice(sorted({s.sector for s in services}))
    pool = citizens[1] if sector == "nakes" else citizens[0]
    candidates = [s for s in services if s.sector == sector]
    for _ in range(ATTEMPTS):
        nik = rng.choice(pool)
        for spec in rng.sample(candidates, len(candidates)):
            if _refused_by_registry(spec, resolve_prefill(spec, nik, {})):  # the registry's record alone rules them out
                continue
            answers = client_answers(spec, region, rng.choice)
            prefill = resolve_prefill(spec, nik, answers)
            documents = files.uploads(spec, {**answers, **{name: item.value for name, item in prefill.items()}})
            try:
                return applications.submit(
                    session,
                    spec,
                    region=region,
                    answers=answers,
                    applicant_nik=nik,
                    prefill=prefill,
                    documents=documents,
                    others=services,
                    now=when,
                )
            except applications.Invalid:
                files.forget(documents)
                continue  # a rule refused this citizen for this service (profession, age, places): try another
    return None


def _act(
    session: Session,
    application: Application,
    spec: ServiceSpec,
    officers: dict[tuple[str, str], Actor],
    action: str,
    when: datetime,
) -> Application:
    step = spec.step(application.state)
    actor = officers[(step.role, application.region)]
    comment = {"return": RETURN_REASON, "reject": REJECT_REASON}.get(action)
    # a document when one applies (what officers return most), else the first field the citizen can fix
    fixable = [name for name, _label in returnable(spec, application.answers or {})]
    documents = [name for name in fixable if name in {document.id for document in spec.documents}]
    fields = (documents or fixable)[:1] if action == "return" else None
    return applications.transition(
        session, application.tracking_number, action=action, actor=actor, comment=comment, fields=fields, now=when
    )


def _move(
    session: Session,
    application: Application,
    spec: ServiceSpec,
    officers: dict[tuple[str, str], Actor],
    fate: str,
    rng: random.Random,
    when: datetime,
    latest: datetime,
) -> Application:
    """Approve along the chain as far as the fate says, then return or reject where it says.

    No decision is later than ``latest`` (the seeding's own time): the
    applications filed last would otherwise be decided in the future.
    """
    steps = [s.id for s in spec.steps]
    stop = {"waiting": 0, "approved": len(steps)}.get(fate, rng.randrange(1, len(steps)) if len(steps) > 1 else 0)
    for _number in range(stop):
        when = min(when + timedelta(hours=rng.randint(1, 6)), latest)
        application = _act(session, application, spec, officers, "approve", when)
    final = {"returned": "return", "rejected": "reject"}.get(fate)
    if final and final in spec.step(application.state).actions:
        application = _act(session, application, spec, officers, final, min(when + timedelta(hours=1), latest))
    return application


def _already_seeded(session: Session) -> bool:
    return session.scalar(select(User.id).where(User.username.like(f"{USERNAME_PREFIX}%")).limit(1)) is not None


def seed(
    session: Session,
    *,
    catalog: Catalog | None = None,
    count: int = APPLICATIONS,
    storage: Storage | None = None,
    random_seed: int = SEED,
) -> DemoResult:
    """Create the demo officers and applications once; a second call does nothing."""
    if settings.is_production():
        return DemoResult(skipped=True)
    if _already_seeded(session):
        _ministry(session)
        return DemoResult(skipped=True)
    catalog = catalog or load_catalog(settings.definitions_dir(), cache_dir=settings.cache_dir())
    rng = random.Random(random_seed)
    record_demo_seed(session, "demo")  # production refuses this database from now on
    officers = _officers(session, catalog)
    files = DemoFiles(storage or LocalStorage(settings.instance_dir() / "uploads"))
    citizens = _citizens()
    states: Counter = Counter()
    now = utcnow()
    start = now - timedelta(days=14)
    fates, weights = zip(*FATES, strict=False)
    if _ask_to_join(session, catalog, officers, files) is not None:
        states["penilaian"] += 1
    for number in range(count):
        when = start + timedelta(minutes=number * 14 * 24 * 60 // max(count, 1))
        application = _file_one(session, catalog, rng, citizens, files, when)
        if application is None:
            continue
        spec = catalog.specs[application.service_id]
        application = _move(session, application, spec, officers, rng.choices(fates, weights)[0], rng, when, now)
        states[application.state] += 1
    return DemoResult(len(officers), states)


# Sandbox citizens to sign in as (docs/plugins.md, checked by tests/adapters/test_population.py): NIK, what to try.
DEMO_CITIZENS: tuple[tuple[str, str], ...] = (
    ("3203011205820001", "akta kelahiran: NIK dan nama dari IKD / birth certificate: NIK and name from IKD"),
    ("3203014204850001", "ketik NIK ini sebagai NIK ibu / type this NIK as the mother's"),
    ("3203011109870001", "tenaga kesehatan (TTK): layanan SIP / health worker (TTK): SIP services"),
    (
        "7306130604780001",
        "warga desa Pallantikang, Gowa: diajukan di loket oleh demo.operator-dukcapil.73.06.13.2002 "
        "/ a walk-in at that desa's counter",
    ),
)


def sign_ins(session: Session) -> list[str]:
    """Console lines: the demo officers per region (password ``demo``) and the demo citizens, so a newcomer can
    sign in.
    """
    from plugins.sandbox.population import population

    officers: dict[str, list[str]] = {}
    for user in session.scalars(
        select(User).where(User.username.like(f"{USERNAME_PREFIX}%")).order_by(User.region, User.username)
    ):
        officers.setdefault(user.region or "kementerian / ministry", []).append(user.username)
    if not officers:
        return []
    people = population()
    lines = [f"Petugas / officers: /masuk/petugas, kata sandi / password `{PASSWORD}`:"]
    lines += [f"  {region}: {', '.join(names)}" for region, names in officers.items()]
    from plugins.esign.sandbox import SANDBOX_SIGNERS

    for (role, region), nik in DEMO_TTE.items():
        lines.append(
            f"  TTE: {officer_username(role, region)} menandatangani dengan passphrase / signs with passphrase "
            f"`{SANDBOX_SIGNERS[nik][1]}`"
        )
    lines.append("Warga / citizens: /masuk/ikd (sandbox IKD), pilih / pick:")
    for nik, what in DEMO_CITIZENS:
        person = people.person(nik)
        lines.append(f"  {nik} {person.name if person else '?'} — {what}")
    return lines


def describe(result: DemoResult) -> Iterable[str]:
    """Lines for the console: what was created and how to sign in."""
    if result.skipped:
        return ["demo data: already there (or production): nothing added"]
    lines = [f"demo data: {result.officers} officers (password `{PASSWORD}`), {result.applications} applications"]
    lines += [f"  {state}: {number}" for state, number in sorted(result.states.items())]
    return lines
