"""generated/authoring/: the prefill attributes and sandbox people an author looks up, fresh and true."""

from __future__ import annotations

import json

import pytest
from cataloghelpers import DEFINITIONS
from mpp_testing import PROJECT

from framework.definition.metaschema import FIELD_TYPES
from framework.generate.authoring import author_lists
from framework.plugins.registry import installed

GENERATED = PROJECT / "generated" / "authoring"


@pytest.fixture(scope="module")
def lists(bundled):
    return author_lists(bundled)


def test_the_published_lists_are_the_ones_the_sources_give_now(lists):
    for path, text in lists.items():
        assert (PROJECT / "generated" / path).read_text(encoding="utf-8") == text, f"run `mpp generate`: {path}"


def test_every_attribute_of_every_source_is_listed_with_a_type_that_exists(lists):
    rows = json.loads(lists["authoring/prefill-attributes.json"])
    listed = {(row["source"], row["attribute"]) for row in rows}
    for source_id, source in installed().prefill_sources.items():
        assert {(source_id, name) for name in source.attributes} <= listed
        assert set(source.attribute_types) == set(source.attributes), f"{source_id}: an attribute without a type"
    for row in rows:
        kind, _, detail = row["type"].partition(": ")
        if kind == "list (name, address, regency, SIP number per place)":
            continue
        assert kind in FIELD_TYPES, row
        if detail.startswith("codelists/"):
            assert (DEFINITIONS / f"{detail}.yaml").is_file(), row


def test_used_by_names_the_services_that_prefill_an_attribute(lists):
    rows = {(r["source"], r["attribute"]): r for r in json.loads(lists["authoring/prefill-attributes.json"])}
    assert "adminduk.akta-kelahiran" in rows[("ikd", "nama_lengkap")]["used_by"]
    assert "nakes.sip-bidan" in rows[("sisdmk", "nomor_str")]["used_by"]


def test_the_demo_citizens_are_listed_by_region_with_what_they_are_good_for(lists):
    people = {(r["source"], r["key"]): r for r in json.loads(lists["authoring/sandbox-people.json"])}
    mother = people[("ikd", "3203014204850001")]
    assert mother["region"] == "32.03" and mother["region_name"] == "Kabupaten Cianjur"
    assert any("mother's NIK" in use["en"] and "NIK ibu" in use["id"] for use in mother["uses"])
    worker = people[("sisdmk", "3203011109870001")]
    assert worker["uses"][0] == {"id": "SIP TTK", "en": "SIP TTK"}
    markdown = lists["authoring/sandbox-people.md"]
    assert "### 32.03 Kabupaten Cianjur" in markdown and "`3203014204850001` | RINA SAPUTRA" in markdown


def test_every_listed_person_is_found_by_the_sandbox_registry(lists):
    records = dict(installed().prefill_sources.items())
    for row in json.loads(lists["authoring/sandbox-people.json"]):
        record = records[row["source"]].sandbox_records().get(row["key"])
        assert record is not None and row["name"] in json.dumps(record, ensure_ascii=False), row
    assert (GENERATED / "sandbox-people.md").is_file()
