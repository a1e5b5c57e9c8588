"""The two administrative roles, in one place: who manages a region, who speaks for the ministry.

Step roles come from the definitions (`steps[].role`); these two do not. A
regional admin (``admin_daerah``) manages its region's officers and proposes
its region's definitions; the ministry (``auditor_kementerian``) reviews and
publishes definitions and audits the whole catalog; without a region it acts
in every region where a service's steps name its role (a region's own
application to the ministry, which the region's admin files). Every service function,
admin screen and command reads the names from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from framework.core.text import Text
from framework.definition.checks import STEP_ROLES

ADMIN_ROLE = "admin_daerah"  # a region's officers, audit trail, parked messages; proposes the region's definitions
MINISTRY_ROLE = "auditor_kementerian"  # reviews and publishes definitions; audits every region's catalog
ADMINISTRATIVE_ROLES: dict[str, Text] = {
    ADMIN_ROLE: Text("Admin daerah", "Regional admin"),
    MINISTRY_ROLE: Text("Auditor kementerian", "Ministry auditor"),
}


def role_name(role: str, codelists: Mapping[str, Mapping[str, Any]]) -> Text:
    """What a role is called, in both languages: ``fo_dpmptsp`` → "Petugas front office DPMPTSP".

    One lookup for every reader (the admin's screens, the published service
    standard): the two administrative roles by their own names, a step role by
    the code list ``peran-petugas``; a role a region adds without a name there
    is shown by its code, the same in both languages.
    """
    if role in ADMINISTRATIVE_ROLES:
        return ADMINISTRATIVE_ROLES[role]
    named = codelists.get(STEP_ROLES, {}).get(role)  # the code list the check of a role's spelling reads
    return Text.required(named) if named is not None else Text(role, role)
