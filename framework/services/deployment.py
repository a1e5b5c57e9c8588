"""What the database says about a deployment: was it ever a demo?

`mpp serve` seeds demo officers (password ``demo``) and applications filed by
synthetic citizens. Such a database must never serve production: the web app
and `mpp worker` refuse to start on it. The seed leaves a marker in the
append-only audit trail, so deleting the demo officers does not make the
database look clean.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.text import bilingual, msg
from framework.services import audit_trail
from framework.store.models import AuditEvent, User
from framework.workflow.actors import Actor

DEMO_USERNAME_PREFIX = "demo."
DEMO_SEEDED = "demo.seeded"


def record_demo_seed(session: Session, seeded_by: str) -> None:
    """Mark this database as demo-seeded (in the caller's transaction)."""
    audit_trail.record(session, Actor.system(seeded_by), DEMO_SEEDED, None, {"production": "refused"})


def demo_seeded(session: Session) -> bool:
    return session.scalar(select(AuditEvent.id).where(AuditEvent.action == DEMO_SEEDED).limit(1)) is not None


def demo_accounts(session: Session) -> list[str]:
    query = select(User.username).where(User.username.like(f"{DEMO_USERNAME_PREFIX}%")).limit(5)
    return list(session.scalars(query))


def database_problems(session: Session) -> list[str]:
    """Why this database cannot serve production (bilingual lines), or nothing."""
    problems = []
    accounts = demo_accounts(session)
    if accounts:
        problems.append(
            bilingual(
                msg(
                    f"basis data berisi akun demo ({', '.join(accounts)}, kata sandi `demo`)",
                    "the database holds demo accounts (password `demo`)",
                )
            )
        )
    if demo_seeded(session):
        problems.append(
            bilingual(
                msg(
                    "basis data pernah diisi data demo (`mpp serve`); pakai basis data baru",
                    "the database was seeded with demo data (`mpp serve`); use a fresh database",
                )
            )
        )
    return problems
