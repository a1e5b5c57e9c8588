"""The sandbox population as authors need it: who lives where, and what each person is good for.

A regional author trying a form needs "a mother in Kab. Gowa whose NIK I can
type", not the Python that builds the population. `mpp generate` publishes
these lists in generated/authoring/ through the prefill sources
(``IKDPrefill.sandbox_people()``, ``SISDMKPrefill.sandbox_people()``), so the
lists can never disagree with the people the sandbox registries return.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from framework.core.text import Text
from framework.plugins.base import SandboxPerson
from plugins.sandbox.population import REFERENCE_DATE, Population, population

ADULT_AGE = 17


def _age(record: Mapping[str, Any]) -> int:
    born = dt.date.fromisoformat(record["tgl_lhr"])
    return REFERENCE_DATE.year - born.year - ((REFERENCE_DATE.month, REFERENCE_DATE.day) < (born.month, born.day))


def _adult(record: Mapping[str, Any], _people: Population) -> Text | None:
    if _age(record) < ADULT_AGE:
        return None
    return Text(
        f"dewasa ({_age(record)} th): pemohon KTP-el, KK, pindah/datang, akta",
        f"adult ({_age(record)}): applicant for ID card, family card, moving, certificates",
    )


def _child(record: Mapping[str, Any], _people: Population) -> Text | None:
    if _age(record) >= ADULT_AGE:
        return None
    return Text(
        f"anak ({_age(record)} th): NIK anak untuk KIA; NIK ibu dan ayah tercatat",
        f"child ({_age(record)}): the child's NIK for KIA; mother's and father's NIKs on record",
    )


def _mother(record: Mapping[str, Any], people: Population) -> Text | None:
    children = _children_of(people).get(record["nik"], 0)
    if not children:
        return None
    return Text(
        f"ibu dari {children} anak: ketik sebagai NIK ibu (akta kelahiran)",
        f"mother of {children}: type as the mother's NIK (birth certificate)",
    )


def _head(record: Mapping[str, Any], _people: Population) -> Text | None:
    if record.get("stat_hbkel") != "KEPALA-KELUARGA":
        return None
    return Text(f"kepala keluarga, KK {record['no_kk']}", f"head of family, KK {record['no_kk']}")


def _health_worker(record: Mapping[str, Any], people: Population) -> Text | None:
    worker = people.health_workers.get(record["nik"])
    if worker is None:
        return None
    return Text(
        f"tenaga kesehatan ({worker['profesi']}): masuk ke layanan SIP",
        f"health worker ({worker['profesi']}): sign in for the SIP services",
    )


# what makes an IKD person useful to an author, one row per reason
IKD_USES: tuple[Callable[[Mapping[str, Any], Population], Text | None], ...] = (
    _adult,
    _child,
    _mother,
    _head,
    _health_worker,
)


def _children_of(people: Population, parent: str = "nik_ibu") -> Counter[str]:
    return Counter(p.record[parent] for p in people.people.values() if p.record.get(parent))


def _tags(record: Mapping[str, Any], people: Population) -> frozenset[str]:
    """Machine-readable uses, for a tool that picks someone (the preview's mother, child, applicant)."""
    nik = record["nik"]
    tags = {
        "adult" if _age(record) >= ADULT_AGE else "child",
        *(["mother"] if _children_of(people).get(nik) else []),
        *(["father"] if _children_of(people, "nik_ayah").get(nik) else []),
        *(["head"] if record.get("stat_hbkel") == "KEPALA-KELUARGA" else []),
        *(["health-worker"] if nik in people.health_workers else []),
    }
    return frozenset(tags)


def ikd_people() -> tuple[SandboxPerson, ...]:
    """Everyone in the sandbox IKD, with the reasons an author would pick them."""
    people = population()
    return tuple(
        SandboxPerson(
            person.nik,
            person.name,
            person.record["no_kab"],
            tuple(use for reason in IKD_USES if (use := reason(person.record, people)) is not None),
            _tags(person.record, people),
            person.record["no_kk"],
        )
        for person in sorted(people.people.values(), key=lambda p: (p.record["no_kab"], p.nik))
    )


def _str_state(worker: Mapping[str, Any]) -> Text:
    licence = worker["str"]
    if licence["seumur_hidup"]:
        return Text("STR seumur hidup", "STR valid for life")
    until = licence["berlaku_sampai"]
    if until < REFERENCE_DATE.isoformat():
        return Text(f"STR habis {until}: coba penolakan", f"STR expired {until}: try a refusal")
    return Text(f"STR berlaku sampai {until}", f"STR valid until {until}")


def _sip_state(worker: Mapping[str, Any]) -> Text:
    active = worker["jumlah_sip_aktif"]
    if active >= 3:
        return Text(f"{active} SIP aktif: SIP baru ditolak", f"{active} active SIPs: a new SIP is refused")
    return Text(f"{active} SIP aktif: SIP ke-{active + 1}", f"{active} active SIPs: apply for SIP no. {active + 1}")


def sisdmk_people() -> tuple[SandboxPerson, ...]:
    """The sandbox's health workers: profession, STR and SIP state (what the SIP rules look at)."""
    people = population()
    found = []
    for nik, worker in sorted(people.health_workers.items()):
        person = people.people[nik]
        profession = Text(f"SIP {worker['profesi']}", f"SIP {worker['profesi']}")
        uses = (profession, _str_state(worker), _sip_state(worker))
        tags = frozenset({"adult", "health-worker"})
        found.append(SandboxPerson(nik, worker["nama"], person.record["no_kab"], uses, tags, person.record["no_kk"]))
    return tuple(sorted(found, key=lambda p: (p.region, p.key)))
