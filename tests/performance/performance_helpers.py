"""A small known data set for the ministry's figures: eight applications whose working times are worked out by hand.

The test service has two steps (verifikasi 2d, keputusan 3d) and a 5-day
standard: 2,400 working minutes. Working hours are 08:00–16:00 WIB, Monday to
Friday; Monday 17 August 2026 is Independence Day. Every application is filed
in Kabupaten Soppeng (73.12, a locus of wave 2023-12) unless said otherwise.

| app | moves (WIB) | at steps, working minutes | outcome |
|---|---|---|---|
| A1 | Mon 10 Aug 09:00 filed; 10:00 approve; 13:00 approve | 60 + 180 = 240 | approved, within |
| A2 | 09:00 filed; Tue 09:00 approve; Tue 11:00 reject | 480 + 120 = 600 | rejected, within |
| A3 | 09:00 filed; 11:00 return; Wed 09:00 resubmit; Wed 10:00 approve; Thu 10:00 approve | 120 + 60 + 480 = 660 | approved, within, returned once |
| A4 | 09:00 filed; Fri 14 Aug 15:00 approve; Tue 18 Aug 10:00 approve | 2280 + 180 = 2460 | approved, late |
| A5 | 09:00 filed; 12:00 approve; waits at keputusan (due Thu 13 Aug 12:00) | 180 | waiting, overdue |
| A6 | 09:00 filed; 10:00 withdrawn by the applicant | 60 | withdrawn (no decision) |
| A7 | Tue 1 Sep 09:00 filed; waits at verifikasi (due Thu 3 Sep 09:00) | — | waiting, overdue |
| B1 | in Kabupaten Gowa (73.06): Mon 10 Aug 09:00 filed; 09:30 approve; 10:30 approve | 30 + 60 = 90 | approved, within |

"Now" is Tuesday 15 September 2026 12:00 WIB: A7 is the only filing of the
last 30 days; all eight are in the last 90.
"""  # noqa: E501  (a table of worked examples, one row each)

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from framework.services import applications
from framework.workflow.actors import Actor
from framework.workflow.calendar import WIB

SERVICE = """
service: nakes.sip-uji
version: 1
title: {id: Izin Praktik Uji, en: Test practice licence}
summary: {id: Layanan uji angka kinerja., en: A service to test the performance figures.}
sector: nakes
provider: dpmptsp
standard:
  legal_basis: [Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan]
  requirements: [{id: KTP-el, en: Electronic ID card}]
  sla: 5d
  fee: 0
  product: {id: Surat Izin Praktik, en: Practice licence}
  complaints: lapor
pages:
  - id: data
    title: {id: Data, en: Data}
    fields:
      - {id: nama, type: text, label: {id: Nama, en: Name}, required: true}
      - {id: alamat, type: text, label: {id: Alamat, en: Address}, required: true}
steps:
  - {id: verifikasi, title: {id: Verifikasi, en: Check}, role: operator_dpmptsp, sla: 2d, actions: [approve, return, reject]}
  - {id: keputusan, title: {id: Keputusan, en: Decision}, role: kepala_dpmptsp, sla: 3d, actions: [approve, reject]}
notify:
  submitted: [inbox]
"""  # noqa: E501  (a definition as an author writes it)

SOPPENG, GOWA = "73.12", "73.06"
NIK = "7312011505900001"
ANSWERS = {"nama": "Andi Tenri", "alamat": "Jl. Kemakmuran 1, Watansoppeng"}
MONDAY = datetime(2026, 8, 10, 9, 0, tzinfo=WIB)
NOW = datetime(2026, 9, 15, 12, 0, tzinfo=WIB)


def at(day: int, hour: int, minute: int = 0, month: int = 8) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


@dataclass
class Known:
    numbers: dict[str, str]  # A1 … B1 → tracking number


def officers(region: str) -> tuple[Actor, Actor]:
    return (
        Actor.officer(f"verifier.{region}", "operator_dpmptsp", region),
        Actor.officer(f"head.{region}", "kepala_dpmptsp", region),
    )


def recent_monday(now: datetime) -> datetime:
    """The Monday 09:00 WIB that puts the data set's "now" (its day 36) at ``now`` or just before."""
    start = (now - timedelta(days=36)).astimezone(WIB)
    monday = start - timedelta(days=start.weekday())
    return monday.replace(hour=9, minute=0, second=0, microsecond=0)


def build(session, spec, monday: datetime = MONDAY) -> Known:
    """File and move the eight applications of the table above (shifted to another ``monday`` if given:
    the same weekdays and hours, though holidays may then fall elsewhere)."""
    citizen = Actor.citizen(NIK)
    numbers: dict[str, str] = {}

    def shift(moment: datetime) -> datetime:
        return monday + (moment - MONDAY)

    def file(name: str, region: str = SOPPENG, when: datetime = MONDAY) -> str:
        application = applications.submit(
            session, spec, region=region, answers=ANSWERS, applicant_nik=NIK, now=shift(when)
        )
        numbers[name] = application.tracking_number
        return application.tracking_number

    def move(name: str, action: str, when: datetime, region: str = SOPPENG, step: int = 0, **extra) -> None:
        who = citizen if action == "withdraw" else officers(region)[step]
        applications.transition(session, numbers[name], action=action, actor=who, now=shift(when), **extra)

    file("A1"), move("A1", "approve", at(10, 10)), move("A1", "approve", at(10, 13), step=1)
    file("A2"), move("A2", "approve", at(11, 9)), move("A2", "reject", at(11, 11), step=1, comment="Tidak lengkap")
    file("A3"), move("A3", "return", at(10, 11), comment="Alamat kurang", fields=["alamat"])
    applications.resubmit(
        session, numbers["A3"], actor=citizen, answers={"alamat": "Jl. Kemakmuran 1 RT 2"}, now=shift(at(12, 9))
    )
    move("A3", "approve", at(12, 10)), move("A3", "approve", at(13, 10), step=1)
    file("A4"), move("A4", "approve", at(14, 15)), move("A4", "approve", at(18, 10), step=1)
    file("A5"), move("A5", "approve", at(10, 12))
    file("A6"), move("A6", "withdraw", at(10, 10))
    file("A7", when=at(1, 9, month=9))
    file("B1", region=GOWA), move("B1", "approve", at(10, 9, 30), region=GOWA)
    move("B1", "approve", at(10, 10, 30), region=GOWA, step=1)
    return Known(numbers)


def hours(count: float) -> timedelta:
    return timedelta(hours=count)


def as_officer(client, who):
    """``client`` signed in as the officer ``who`` (username, role, region) without the sign-in form."""
    with client.session_transaction() as session:
        session.clear()
        session["officer"] = {"username": who[0]}
    return client
