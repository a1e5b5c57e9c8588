"""The catalog as citizens browse it: words, sectors, their kabupaten/kota, one entry per national service."""

from __future__ import annotations

import pytest

from framework.core import settings
from framework.definition import load_catalog
from framework.services.browse import browse, regions_with_services, words_of
from framework.workflow.loci import file_loci
from framework.workflow.offering import filed_by_region

DEFINITIONS = settings.definitions_dir()
LOCI = file_loci(DEFINITIONS)


@pytest.fixture(scope="module")
def catalog():
    loaded = load_catalog(DEFINITIONS)
    assert loaded.ok
    return loaded


def ids(listing):
    return [entry.spec.id for entry in listing.entries]


def test_everything_without_a_filter_one_entry_per_national_service(catalog):
    listing = browse(catalog, DEFINITIONS, LOCI)
    citizens = [spec for spec in catalog.national() if not filed_by_region(spec)]
    assert listing.total == len(ids(listing)) == len(citizens)
    assert "kementerian.pengajuan-lokus" not in ids(listing)  # a region's application, filed in the admin
    assert not any(spec_id.endswith((".gowa", ".soppeng", ".yogyakarta")) for spec_id in ids(listing))
    kk = next(entry for entry in listing.entries if entry.spec.id == "adminduk.kk")
    assert kk.variant is None and kk.variant_regions == ("73.06",)  # Gowa's variant is inside the national entry
    assert dict(listing.sectors) == {"adminduk": 8, "nakes": 31}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("akta kelahiran", "adminduk.akta-kelahiran"),
        ("AKTA  Kelahiran", "adminduk.akta-kelahiran"),
        ("birth certificate", "adminduk.akta-kelahiran"),  # English titles count
        ("bidan", "nakes.sip-bidan"),
        ("kartu keluarga", "adminduk.kk"),
        ("midwife", "nakes.sip-bidan"),  # the search hint's example; the title says "midwives"
    ],
)
def test_every_word_must_match_and_the_title_ranks_first(catalog, typed, expected):
    assert ids(browse(catalog, DEFINITIONS, LOCI, query=typed))[0] == expected


def test_words_that_match_nothing_give_an_empty_list_not_everything(catalog):
    listing = browse(catalog, DEFINITIONS, LOCI, query="akta zzzz")
    assert ids(listing) == [] and dict(listing.sectors) == {"adminduk": 0, "nakes": 0}


@pytest.mark.parametrize("typed", ["😀", "سلام", "'\"<>", "  ¿?  "])
def test_a_query_without_a_letter_or_digit_matches_nothing_and_says_why(catalog, typed):
    """`😀` matched all 39 services, and the page said "39 services match “😀”"."""
    listing = browse(catalog, DEFINITIONS, LOCI, query=typed)
    assert ids(listing) == [] and listing.unsearchable
    assert not browse(catalog, DEFINITIONS, LOCI, query="").unsearchable


def test_a_sector_narrows_and_the_counts_follow_the_words(catalog):
    listing = browse(catalog, DEFINITIONS, LOCI, query="sip", sector="nakes")
    assert len(ids(listing)) == 31 and all(spec_id.startswith("nakes.") for spec_id in ids(listing))
    assert dict(listing.sectors)["adminduk"] == 0


def test_a_region_shows_what_it_offers_in_its_own_version(catalog):
    gowa = browse(catalog, DEFINITIONS, LOCI, region="73.06")
    kk = next(entry for entry in gowa.entries if entry.spec.id == "adminduk.kk")
    assert kk.variant.id == "adminduk.kk.gowa"
    soppeng = browse(catalog, DEFINITIONS, LOCI, region="73.12", query="bidan")
    assert soppeng.entries[0].variant.id == "nakes.sip-bidan.soppeng"
    cianjur = browse(catalog, DEFINITIONS, LOCI, region="32.03", query="kartu keluarga")
    assert cianjur.entries[0].variant is None


def test_a_region_that_runs_no_mpp_digital_gets_nothing(catalog):
    assert "31.71" not in regions_with_services(catalog, LOCI)  # Jakarta Pusat is no locus
    assert ids(browse(catalog, DEFINITIONS, LOCI, region="31.71")) == []
    assert {"73.06", "73.12", "34.71", "32.03"} <= set(regions_with_services(catalog, LOCI))


def test_words_lose_case_and_accents():
    assert words_of("Akta  KELAHIRAN—Café") == ["akta", "kelahiran", "cafe"]
