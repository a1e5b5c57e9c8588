"""Who acts: the applicant, an officer (role + region scope) or the system.

Officers act inside their region. Ministry staff (``auditor_kementerian``)
have no region: they act in every region, but only where a service's steps
name their role — the regions' applications to the ministry, such as joining
MPP Digital (``kementerian.pengajuan-lokus``).
"""

from __future__ import annotations

from dataclasses import dataclass

from framework.workflow.machine import CITIZEN, SYSTEM
from framework.workflow.roles import MINISTRY_ROLE

OFFICER = "officer"  # the kind of actor who works in a region's office (or the ministry's)


@dataclass(frozen=True, slots=True)
class Actor:
    """``kind`` is ``citizen``, ``officer`` or ``system``; ``id`` the NIK, username or process name."""

    kind: str
    id: str
    role: str
    region: str | None = None
    ip: str | None = None

    @classmethod
    def citizen(cls, nik: str, ip: str | None = None) -> Actor:
        return cls(CITIZEN, nik, CITIZEN, None, ip)

    @classmethod
    def officer(cls, username: str, role: str, region: str | None, ip: str | None = None) -> Actor:
        return cls(OFFICER, username, role, region, ip)

    @classmethod
    def system(cls, name: str = "sla") -> Actor:
        return cls(SYSTEM, name, SYSTEM)

    @property
    def is_officer(self) -> bool:
        return self.kind == OFFICER

    @property
    def is_citizen(self) -> bool:
        return self.kind == CITIZEN

    @property
    def national(self) -> bool:
        """Ministry staff without a region: every region is theirs."""
        return self.is_officer and self.region is None and self.role == MINISTRY_ROLE

    def covers(self, region: str) -> bool:
        """An officer scoped to `73.12` acts in `73.12` (and below); a province scope `73` covers its regencies."""
        if self.region is None:
            return self.national
        return region == self.region or region.startswith(self.region + ".")

    def owns(self, applicant_nik: str) -> bool:
        return self.is_citizen and self.id == applicant_nik
