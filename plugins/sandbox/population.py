"""A deterministic synthetic population for the sandbox registries.

Same seed, same people, on every machine: the demo, the tests and the
documentation can name a citizen by NIK. Families live in the demo regions
that have villages in definitions/reference/wilayah.csv; NIKs are valid
(checked with ``stdnum.id.nik``: district code, birth date with +40 on the day
for women, serial); children carry their parents' NIKs and names; some adults
are health workers with an STR and practice places (professions from
definitions/codelists/profesi-nakes.yaml; every profession has at least one
who may apply for a new SIP). Nobody here exists.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framework.core import settings

SEED = 20230620
FAMILIES = 60
REFERENCE_DATE = dt.date(2026, 1, 1)  # ages are computed against this day, not "today"

MEN = [
    "Budi",
    "Agus",
    "Andi",
    "Rudi",
    "Hendra",
    "Joko",
    "Wahyu",
    "Arif",
    "Dedi",
    "Fajar",
    "Rizky",
    "Yusuf",
    "Made",
    "Ketut",
    "Bayu",
    "Ilham",
]
WOMEN = [
    "Siti",
    "Dewi",
    "Sri",
    "Ani",
    "Rina",
    "Wulan",
    "Nur",
    "Putri",
    "Ayu",
    "Fitri",
    "Lestari",
    "Indah",
    "Ratna",
    "Nyoman",
    "Sari",
    "Aisyah",
]
SURNAMES = [
    "Santoso",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Nugroho",
    "Rahman",
    "Pratama",
    "Kurniawan",
    "Setiawan",
    "Halim",
    "Daeng Mattola",
    "Pangestu",
]
RELIGIONS = ["ISLAM"] * 8 + ["KRISTEN", "KATHOLIK", "HINDU", "BUDHA"]
BLOOD = ["A", "B", "AB", "O"]
OCCUPATIONS = ["PERDAGANGAN", "PEGAWAI-NEGERI-SIPIL", "PETANI-PEKEBUN", "NELAYAN-PERIKANAN", "MENGURUS-RUMAH-TANGGA"]
FACILITIES = ["RSUD", "Puskesmas", "Klinik Pratama", "Apotek", "RS Ibu dan Anak"]
SCHOOLS = [
    "Universitas Hasanuddin",
    "Universitas Gadjah Mada",
    "Universitas Airlangga",
    "Poltekkes Kemenkes Makassar",
    "Universitas Padjadjaran",
]


@dataclass(frozen=True)
class Person:
    record: dict[str, Any]  # the IKD record, keys as in Dukcapil integrations

    @property
    def nik(self) -> str:
        return self.record["nik"]

    @property
    def name(self) -> str:
        return self.record["nama_lgkp"]


@dataclass(frozen=True)
class Population:
    people: dict[str, Person]  # by NIK
    health_workers: dict[str, dict[str, Any]]  # SISDMK records by NIK
    families: dict[str, list[str]] = field(default_factory=dict)  # KK → NIKs

    def person(self, nik: str) -> Person | None:
        return self.people.get(nik)

    @functools.cached_property
    def records(self) -> dict[str, dict[str, Any]]:
        """NIK → IKD record, what the sandbox IKD answers; built once, not on every prefill look-up."""
        return {nik: person.record for nik, person in self.people.items()}

    def mothers(self) -> list[Person]:
        """Women with a child in the population (the birth-certificate demo)."""
        niks = {person.record["nik_ibu"] for person in self.people.values() if person.record.get("nik_ibu")}
        return [self.people[nik] for nik in sorted(niks)]


@functools.cache
def population() -> Population:
    """The sandbox population (built once per process)."""
    rng = random.Random(SEED)
    names = _names(_wilayah_path())
    places = [code for code in sorted(names) if code.count(".") == 3]
    builder = _Builder(rng, names)
    for _ in range(FAMILIES):
        builder.family(rng.choice(places))
    builder.cover_professions(_professions())
    return Population(builder.people, builder.workers, builder.families)


def _names(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def _wilayah_path() -> Path:
    """The bundled reference data: the same people whatever MPP_DEFINITIONS says."""
    return settings.PROJECT_ROOT / "definitions" / "reference" / "wilayah.csv"


class _Builder:
    def __init__(self, rng: random.Random, names: dict[str, str]) -> None:
        self.rng = rng
        self.names = names
        self.people: dict[str, Person] = {}
        self.workers: dict[str, dict[str, Any]] = {}
        self.families: dict[str, list[str]] = {}
        self.serials: dict[str, int] = {}
        self.adults: list[str] = []  # the parents, in the order drawn

    def nik(self, village: str, born: dt.date, female: bool) -> str:
        district = village[:8].replace(".", "")
        day = born.day + (40 if female else 0)
        stem = f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}"
        self.serials[stem] = self.serials.get(stem, 0) + 1
        return f"{stem}{self.serials[stem]:04d}"

    def family(self, village: str) -> None:
        rng = self.rng
        surname = rng.choice(SURNAMES)
        kk_issued = dt.date(rng.randint(2012, 2022), rng.randint(1, 12), rng.randint(1, 28))
        no_kk = self.nik(village, kk_issued, False)  # same shape: region, date of issue, serial
        father_born = _birthday(rng, 1970, 1996)
        mother_born = _birthday(rng, 1975, 1999)
        father = self.person(
            village, no_kk, f"{rng.choice(MEN)} {surname}", father_born, False, "KEPALA-KELUARGA", "KAWIN", {}
        )
        mother = self.person(
            village, no_kk, f"{rng.choice(WOMEN)} {rng.choice(SURNAMES)}", mother_born, True, "ISTRI", "KAWIN", {}
        )
        parents = {
            "nik_ayah": father.nik,
            "nama_lgkp_ayah": father.name,
            "nik_ibu": mother.nik,
            "nama_lgkp_ibu": mother.name,
        }
        members = [father, mother]
        for _ in range(rng.randint(0, 3)):
            female = rng.random() < 0.5
            first = rng.choice(WOMEN if female else MEN)
            born = _birthday(rng, max(mother_born.year + 19, 2000), 2025)
            members.append(
                self.person(village, no_kk, f"{first} {surname}", born, female, "ANAK", "BELUM-KAWIN", parents)
            )
        self.families[no_kk] = [member.nik for member in members]
        self.adults.extend((father.nik, mother.nik))
        for adult in (father, mother):
            if rng.random() < 0.35:
                self.workers[adult.nik] = self.health_worker(adult)

    def person(
        self,
        village: str,
        no_kk: str,
        name: str,
        born: dt.date,
        female: bool,
        relation: str,
        marital: str,
        parents: dict[str, str],
    ) -> Person:
        rng, names = self.rng, self.names
        adult = (REFERENCE_DATE - born).days >= 17 * 365
        record = {
            "nik": self.nik(village, born, female),
            "no_kk": no_kk,
            "nama_lgkp": name.upper(),
            "tmpt_lhr": names[village[:5]].upper().replace("KABUPATEN ", "").replace("KOTA ", ""),
            "tgl_lhr": born.isoformat(),
            "jenis_klmin": "PEREMPUAN" if female else "LAKI-LAKI",
            "gol_darah": rng.choice(BLOOD),
            "agama": rng.choice(RELIGIONS),
            "status_kawin": marital,
            "stat_hbkel": relation,
            "pddk_akh": rng.choice(["SLTA-SEDERAJAT", "DIPLOMA-IV-STRATA-I", "AKADEMI-DIPLOMA-III-S-MUDA"])
            if adult
            else "TIDAK-BELUM-SEKOLAH",
            "jenis_pkrjn": rng.choice(OCCUPATIONS) if adult else "PELAJAR-MAHASISWA",
            "kewarganegaraan": "WNI",
            "alamat": (
                f"JL. {rng.choice(['MERDEKA', 'SUDIRMAN', 'DIPONEGORO', 'KARTINI', 'PAHLAWAN'])} "
                f"NO. {rng.randint(1, 120)}"
            ),
            "no_rt": f"{rng.randint(1, 12):03d}",
            "no_rw": f"{rng.randint(1, 6):03d}",
            "kode_pos": f"{rng.randint(10000, 99999)}",
            "no_prop": village[:2],
            "prop_name": names[village[:2]].upper(),
            "no_kab": village[:5],
            "kab_name": names[village[:5]].upper(),
            "no_kec": village[:8],
            "kec_name": names[village[:8]].upper(),
            "no_kel": village,
            "kel_name": names[village].upper(),
            "nik_ibu": parents.get("nik_ibu", ""),
            "nama_lgkp_ibu": parents.get("nama_lgkp_ibu", f"{rng.choice(WOMEN)} {rng.choice(SURNAMES)}".upper()),
            "nik_ayah": parents.get("nik_ayah", ""),
            "nama_lgkp_ayah": parents.get("nama_lgkp_ayah", f"{rng.choice(MEN)} {rng.choice(SURNAMES)}".upper()),
        }
        person = Person(record)
        self.people[person.nik] = person
        return person

    def cover_professions(self, professions: tuple[str, ...]) -> None:
        """Give every profession a health worker who may apply for a new SIP (an STR valid for life).

        Why: the random draw left some professions with nobody, or only with an
        expired STR, so the demo and the catalog tests could not file their SIP
        service. It runs after every family is drawn and only turns adults who
        are not yet health workers into ones: nobody drawn before changes.
        """
        candidates = [nik for nik in self.adults if nik not in self.workers]
        for profession in professions:
            if any(_may_apply(worker) for worker in self.workers.values() if worker["profesi"] == profession):
                continue
            nik = candidates.pop(self.rng.randrange(len(candidates)))
            self.workers[nik] = self.health_worker(self.people[nik], profession)

    def health_worker(self, person: Person, profession: str | None = None) -> dict[str, Any]:
        """A SISDMK record for ``person``: of ``profession`` with an STR for life, or all drawn at random."""
        rng = self.rng
        drawn = rng.choice(_professions())  # drawn even when given: the same draws, the same people after
        graduated = int(person.record["tgl_lhr"][:4]) + rng.randint(22, 26)
        lifetime = rng.random() < 0.8 or profession is not None
        profession = profession or drawn
        places = [self.practice_place(person) for _ in range(rng.randint(0, 2))]
        return {
            "nik": person.nik,
            "nama": person.name,
            "profesi": profession,
            "str": {
                "nomor": f"{rng.randint(10, 99)}{rng.randint(1, 9)}{rng.randint(10**11, 10**12 - 1)}",
                "berlaku_sampai": ""
                if lifetime
                else f"{REFERENCE_DATE.year + rng.randint(0, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "seumur_hidup": lifetime,
            },
            "skp": rng.randint(0, 300),
            "pendidikan": {
                "jenjang": rng.choice(["AKADEMI-DIPLOMA-III-S-MUDA", "DIPLOMA-IV-STRATA-I", "STRATA-II"]),
                "institusi": rng.choice(SCHOOLS),
                "nomor_ijazah": f"{rng.randint(100000, 999999)}/{graduated}",
                "tahun_lulus": graduated,
            },
            "tempat_praktik": places,
            "jumlah_sip_aktif": len(places),
        }

    def practice_place(self, person: Person) -> dict[str, Any]:
        rng = self.rng
        regency = person.record["no_kab"]
        return {
            "nama": f"{rng.choice(FACILITIES)} {person.record['kec_name'].title()}",
            "alamat": person.record["alamat"].title(),
            "kabupaten_kota": regency,
            "nomor_sip": f"503/{rng.randint(100, 999)}/SIP/{regency.replace('.', '')}/{rng.randint(2019, 2025)}",
        }


def _may_apply(worker: dict[str, Any]) -> bool:
    """Can this worker apply for a new SIP whatever the date: an STR for life and fewer than 3 active SIPs."""
    return bool(worker["str"]["seumur_hidup"]) and worker["jumlah_sip_aktif"] < 3


def _birthday(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    return dt.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


@functools.cache
def _professions() -> tuple[str, ...]:
    """Profession codes from the code list (keys only: a line-based read, no YAML parser needed)."""
    path = settings.PROJECT_ROOT / "definitions" / "codelists" / "profesi-nakes.yaml"
    codes, in_items = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("items:"):
            in_items = True
        elif in_items and line.startswith("  ") and ":" in line and not line.startswith("   "):
            codes.append(line.strip().split(":", 1)[0])
    return tuple(codes)
