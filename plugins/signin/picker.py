"""Who to sign in as in the sandbox IKD: a few synthetic citizens per demo region, each with what to try.

A newcomer should not read Python to find a Gowa resident whose family card
takes Gowa's own variant, or a mother whose NIK to type. The table names
people of the deterministic sandbox population (plugins/sandbox/population.py)
by NIK; ``tests/plugins/test_picker.py`` checks that each still lives in its
region and that every NIK a hint mentions is who the hint says.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Pick:
    nik: str
    hint: LazyString


# the demo regions (README: "Demo regions"), each with what makes it worth a try
REGIONS: tuple[tuple[str, LazyString], ...] = (
    ("73.06", _l("Kartu Keluarga versi Gowa: ada verifikasi oleh kecamatan.")),
    ("73.12", _l("SIP bidan versi Soppeng: menanyakan puskesmas pembina.")),
    ("34.71", _l("Akta kelahiran versi Kota Yogyakarta: selesai dalam 4 jam kerja.")),
    ("32.03", _l("Formulir nasional, tanpa versi daerah.")),
)


def _father(nik: str, wife: str) -> Pick:
    return Pick(nik, _l("Akta kelahiran: ketik NIK istri Anda, %(mother)s, sebagai NIK ibu.", mother=wife))


def _mother(nik: str, child: str) -> Pick:
    return Pick(nik, _l("KIA untuk anak Anda (NIK anak %(child)s).", child=child))


PICKS: dict[str, tuple[Pick, ...]] = {
    "73.06": (
        Pick(
            "7306130604780001", _l("Ajukan Kartu Keluarga di Kabupaten Gowa: versi Gowa dengan verifikasi kecamatan.")
        ),
        _father("7306031407910001", "7306034311800001"),
        _mother("7306034311800001", "7306032404110001"),
        Pick("7306130602810001", _l("Tenaga kesehatan (apoteker) dengan 2 SIP aktif: ajukan SIP yang ketiga.")),
    ),
    "73.12": (
        _father("7312011411880001", "7312014205760001"),
        _mother("7312014205760001", "7312011201120001"),
        Pick("7312066507930001", _l("Tenaga kesehatan (nutrisionis): SIP dengan data STR dari SISDMK.")),
        Pick("7312061501800001", _l("KTP-el atau Kartu Keluarga dengan formulir nasional.")),
    ),
    "34.71": (
        Pick(
            "3471022206740001",
            _l(
                "Akta kelahiran versi Kota Yogyakarta (4 jam kerja): "
                "ketik NIK istri Anda, %(mother)s, sebagai NIK ibu.",
                mother="3471024201940001",
            ),
        ),
        _mother("3471024201940001", "3471025309170001"),
        Pick("3471110605880001", _l("Bidan: ajukan SIP bidan di Kabupaten Soppeng untuk melihat versi Soppeng.")),
    ),
    "32.03": (
        _father("3203011205820001", "3203014204850001"),
        _mother("3203014204850001", "3203012302160001"),
        Pick("3203011109870001", _l("Tenaga kesehatan (TTK) dengan 2 SIP aktif: layanan SIP TTK.")),
        Pick(
            "3203181307810001",
            _l(
                "Audiolog dengan STR yang habis %(until)s: ajukan SIP audiolog dan lihat penolakannya.",
                until="2026-03-26",
            ),
        ),
    ),
}


def sandbox_groups() -> list[dict[str, object]]:
    """The picker's groups: each demo region with its name, what to try there, and its citizens."""
    from plugins.sandbox.population import population

    people = population()
    groups = []
    for code, about in REGIONS:
        chosen = [(pick, people.person(pick.nik)) for pick in PICKS[code]]
        citizens = [
            {"nik": pick.nik, "name": person.name, "hint": pick.hint} for pick, person in chosen if person is not None
        ]
        name = chosen[0][1].record["kab_name"].title() if chosen and chosen[0][1] else code
        groups.append({"code": code, "name": name, "about": about, "citizens": citizens})
    return groups
