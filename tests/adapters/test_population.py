import datetime as dt

import pytest
import stdnum.id.nik

from plugins.sandbox.population import _professions, population


def test_every_nik_is_valid_and_encodes_birth_date_and_sex():
    people = population().people
    assert len(people) > 100
    for nik, person in people.items():
        assert stdnum.id.nik.is_valid(nik), nik
        born = dt.date.fromisoformat(person.record["tgl_lhr"])
        day = int(nik[6:8])
        assert day == born.day + (40 if person.record["jenis_klmin"] == "PEREMPUAN" else 0)
        assert nik[:6] == person.record["no_kec"].replace(".", "")


def test_regions_come_from_the_reference_data():
    import csv

    from framework.core import settings

    with (settings.PROJECT_ROOT / "definitions" / "reference" / "wilayah.csv").open() as handle:
        codes = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    for person in population().people.values():
        assert person.record["kel_name"] == codes[person.record["no_kel"]].upper()


def test_children_are_linked_to_their_parents_by_kk():
    pop = population()
    children = [p for p in pop.people.values() if p.record["nik_ibu"]]
    assert children, "the population needs children for the birth-certificate demo"
    for child in children:
        mother = pop.people[child.record["nik_ibu"]]
        father = pop.people[child.record["nik_ayah"]]
        assert mother.record["nama_lgkp"] == child.record["nama_lgkp_ibu"]
        assert father.record["nama_lgkp"] == child.record["nama_lgkp_ayah"]
        assert mother.record["no_kk"] == child.record["no_kk"] == father.record["no_kk"]
        assert child.nik in pop.families[child.record["no_kk"]]


def test_health_workers_have_str_profession_and_places():
    pop = population()
    assert len(pop.health_workers) >= 20
    professions = set(_professions())
    assert "PERAWAT" in professions and len(professions) >= 30
    for nik, worker in pop.health_workers.items():
        assert nik in pop.people
        assert worker["profesi"] in professions
        assert worker["str"]["nomor"].isdigit()
        assert worker["jumlah_sip_aktif"] == len(worker["tempat_praktik"]) <= 3


def test_population_is_deterministic():
    population.cache_clear()
    first = population()
    population.cache_clear()
    again = population()
    assert sorted(again.people) == sorted(first.people)
    assert again.health_workers == first.health_workers  # the same professions, STRs and places too


def test_every_profession_has_a_health_worker_who_may_apply_for_a_new_sip():
    """Every SIP service can be shown in the demo and filed in the tests: an STR for life, fewer than 3 SIPs."""
    workers = population().health_workers.values()
    may_apply = {w["profesi"] for w in workers if w["str"]["seumur_hidup"] and w["jumlah_sip_aktif"] < 3}
    assert may_apply == set(_professions())


def test_the_sisdmk_directory_lists_a_health_worker_of_every_profession():
    from plugins.sandbox.directory import sisdmk_people

    uses = [use.id for person in sisdmk_people() for use in person.uses]
    listed = {use.removeprefix("SIP ") for use in uses if use.startswith("SIP ")}
    assert listed == set(_professions())


def test_the_health_workers_the_docs_name_keep_their_professions():
    """Covering every profession only adds health workers: the docs' ones and the README tour's family stay."""
    workers = population().health_workers
    assert workers["3203011109870001"]["profesi"] == "TTK"  # ILHAM SANTOSO (docs/plugins.md, the picker)
    assert workers["3203022708890001"]["profesi"] == "NUTRISIONIS"  # KETUT SAPUTRA (docs/plugins.md)
    for nik in ("3203011205820001", "3203014204850001", "3203015111870001"):  # the README tour's family
        assert nik not in workers


@pytest.mark.parametrize("field", ["agama", "status_kawin", "stat_hbkel", "pddk_akh", "jenis_pkrjn", "jenis_klmin"])
def test_coded_values_are_codelist_keys(field):
    from framework.core import settings

    files = {
        "agama": "agama",
        "status_kawin": "status-perkawinan",
        "stat_hbkel": "hubungan-keluarga",
        "pddk_akh": "pendidikan",
        "jenis_pkrjn": "pekerjaan",
        "jenis_klmin": "jenis-kelamin",
    }
    text = (settings.PROJECT_ROOT / "definitions" / "codelists" / f"{files[field]}.yaml").read_text()
    for person in population().people.values():
        assert f"\n  {person.record[field]}:" in text, (field, person.record[field])


def test_the_demo_citizens_in_the_docs_exist():
    import re

    from framework.core import settings

    text = (settings.PROJECT_ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d{16}) \| ([A-Z ]+) \|", text, re.M)
    assert len(rows) >= 4
    for nik, name in rows:
        assert population().people[nik].name == name
