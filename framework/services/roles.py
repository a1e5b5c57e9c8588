"""The two administrative roles, in one place: who manages a region, who speaks for the ministry.

Step roles come from the definitions (`steps[].role`); these two do not. A
regional admin (``admin_daerah``) manages its region's officers and proposes
its region's definitions; the ministry (``auditor_kementerian``) reviews and
publishes definitions and audits the whole catalog. Every service function,
admin screen and command reads the names from here.
"""

from __future__ import annotations

from framework.core.text import Text

ADMIN_ROLE = "admin_daerah"  # a region's officers, audit trail, parked messages; proposes the region's definitions
MINISTRY_ROLE = "auditor_kementerian"  # reviews and publishes definitions; audits every region's catalog
ADMINISTRATIVE_ROLES: dict[str, Text] = {
    ADMIN_ROLE: Text("Admin daerah", "Regional admin"),
    MINISTRY_ROLE: Text("Auditor kementerian", "Ministry auditor"),
}
