"""The builder's addresses and buttons name elements and drafts by number: a stale or bad one is *not found*.

A form posted from a second tab after its element was deleted names a path
that is gone; a hand-edited address names a draft past the database's ids.
Every route that takes a path checks it the same way as `/elemen/<path>`.
"""

from __future__ import annotations

import re

import pytest

from framework.store.builder import BuilderDraft

SUPERSCRIPT_TWO = "\u00b2"
MANY_NINES = "9" * 5000
PAST_BIGINT = "99999999999999999999"


@pytest.fixture
def draft(gowa_admin) -> int:
    """A blank draft with one page holding one text field (`pages.0.fields.0`)."""
    answer = gowa_admin.post(
        "/admin/pembuat/baru",
        data={"title_id": "SKTM", "title_en": "Low income", "sector": "sosial", "name": "sktm"},
    )
    number = int(re.search(r"/admin/pembuat/(\d+)/", answer.headers["Location"]).group(1))
    for kind, parent in (("page", ""), ("field", "pages.0")):
        added = gowa_admin.post(f"/admin/pembuat/{number}/tambah", data={"kind": kind, "parent": parent})
        assert added.status_code == 302, added.get_data(as_text=True)
    return number


def source(sessions, number: int) -> str:
    with sessions() as session:
        return session.get(BuilderDraft, number).source


@pytest.mark.parametrize("number", [PAST_BIGINT, MANY_NINES, "9223372036854775808", "9223372036854775807"])
def test_a_draft_past_the_database_ids_is_not_found(gowa_admin, number):
    for address in ("/", "/yaml", "/layanan", "/elemen/pages.0", "/pratinjau/halaman_1/id"):
        assert gowa_admin.get(f"/admin/pembuat/{number}{address}").status_code == 404, address
    for address in ("/tambah", "/pindah", "/hapus", "/sesuaikan", "/ajukan"):
        answer = gowa_admin.post(f"/admin/pembuat/{number}{address}", data={"kind": "page", "path": "pages.0"})
        assert answer.status_code == 404, address


@pytest.mark.parametrize(
    "posted",
    [
        {"kind": "field", "parent": "pages.99"},
        {"kind": "field", "parent": "pages.0.fields.7"},
        {"kind": "field", "parent": "pages.0.fields.0.fields.0"},
        {"kind": "field", "parent": f"pages.{MANY_NINES}"},
        {"kind": "field", "parent": f"pages.{SUPERSCRIPT_TWO}"},
    ],
)
def test_adding_under_a_place_that_is_gone_is_not_found(gowa_admin, draft, sessions, posted):
    before = source(sessions, draft)
    assert gowa_admin.post(f"/admin/pembuat/{draft}/tambah", data=posted).status_code == 404
    assert source(sessions, draft) == before


def test_a_field_goes_into_a_group_not_into_a_text_field(gowa_admin, draft, sessions):
    before = source(sessions, draft)  # pages.0.fields.0 is a text field: it has no fields to add to
    assert (
        gowa_admin.post(
            f"/admin/pembuat/{draft}/tambah", data={"kind": "field", "parent": "pages.0.fields.0"}
        ).status_code
        == 404
    )
    assert source(sessions, draft) == before
    group = gowa_admin.post(
        f"/admin/pembuat/{draft}/tambah", data={"kind": "field", "parent": "pages.0", "type": "group"}
    )
    assert group.headers["Location"].endswith("/elemen/pages.0.fields.1")
    child = gowa_admin.post(f"/admin/pembuat/{draft}/tambah", data={"kind": "field", "parent": "pages.0.fields.1"})
    assert child.headers["Location"].endswith("/elemen/pages.0.fields.1.fields.1")  # after the group's first field


@pytest.mark.parametrize(
    "posted",
    [
        {"path": "pages.9999", "direction": "up"},
        {"path": "pages.0.fields.5", "direction": "down"},
        {"path": "pages.0.fields.0.fields.0", "direction": "up"},
        {"path": "pages.0.fields.0.fields.0", "page": "0"},
        {"path": "steps.0", "direction": "up"},
        {"path": f"pages.{MANY_NINES}", "direction": "up"},
        {"path": "pages.0\n", "direction": "up"},
    ],
)
def test_moving_what_is_gone_is_not_found(gowa_admin, draft, sessions, posted):
    before = source(sessions, draft)
    assert gowa_admin.post(f"/admin/pembuat/{draft}/pindah", data=posted).status_code == 404
    assert source(sessions, draft) == before


@pytest.mark.parametrize("page", [SUPERSCRIPT_TWO, MANY_NINES, PAST_BIGINT, "x"])
def test_a_bad_page_to_move_to_is_no_page(gowa_admin, draft, page):
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/pindah", data={"path": "pages.0.fields.0", "page": page})
    assert answer.status_code == 302


@pytest.mark.parametrize("path", [f"pages.{MANY_NINES}", "pages.99", "pages.0.fields.0.fields.0"])
def test_every_route_with_a_path_says_not_found_alike(gowa_admin, draft, path):
    assert gowa_admin.get(f"/admin/pembuat/{draft}/elemen/{path}").status_code == 404
    assert gowa_admin.post(f"/admin/pembuat/{draft}/elemen/{path}", data={}).status_code == 404
    assert gowa_admin.get(f"/admin/pembuat/{draft}/hapus", query_string={"path": path}).status_code == 404
    assert gowa_admin.post(f"/admin/pembuat/{draft}/hapus", data={"path": path}).status_code == 404


@pytest.mark.parametrize("rows", [SUPERSCRIPT_TWO, MANY_NINES])
def test_a_bad_count_of_rows_is_no_rows(gowa_admin, draft, rows):
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/standar", data={"requirements_rows": rows})
    assert answer.status_code == 302


@pytest.mark.parametrize("tail", ["x/y", "x\\y", "x/../../y", "{outside}"])
def test_a_service_id_with_folders_is_a_located_problem_not_a_file_elsewhere(
    gowa_admin, draft, sessions, tail, tmp_path
):
    """The checker writes the draft under its service's slug: a typed `/` named a missing folder (a 500, the save
    lost) or, with an absolute tail, a file outside the checker's temporary folder."""
    service = "sosial." + tail.format(outside=tmp_path / "lolos")
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/layanan", data={"service": service, "title_id": "SKTM"})
    assert answer.status_code == 302
    assert f"service: {service}" in source(sessions, draft)
    assert "BAD_FORMAT" in gowa_admin.get(f"/admin/pembuat/{draft}/layanan").get_data(as_text=True)
    download = gowa_admin.get(f"/admin/pembuat/{draft}/yaml", query_string={"unduh": "1"})
    assert re.fullmatch(r'attachment; filename="[A-Za-z0-9_-]+\.yaml"', download.headers["Content-Disposition"])
    assert list(tmp_path.glob("lolos*")) == []


def test_a_stale_tab_neither_removes_nor_overwrites_the_element_now_in_its_place(gowa_admin, draft, sessions):
    """Tab A shows `kolom_2` (`pages.0.fields.1`); tab B removes `kolom_1`, so `kolom_2`'s place is `pages.0.fields.0`
    and `pages.0.fields.1` names nothing, or (after a new field) another field: A must change neither."""
    gowa_admin.post(f"/admin/pembuat/{draft}/tambah", data={"kind": "field", "parent": "pages.0"})
    confirm = gowa_admin.get(f"/admin/pembuat/{draft}/hapus", query_string={"path": "pages.0.fields.1"})
    shown = dict(re.findall(r'<input type="hidden" name="(path|element_id)" value="([^"]*)">', confirm.get_data(True)))
    form = gowa_admin.get(f"/admin/pembuat/{draft}/elemen/pages.0.fields.1").get_data(as_text=True)
    assert shown == {"path": "pages.0.fields.1", "element_id": "kolom_2"}
    assert '<input type="hidden" name="element_id" value="kolom_2">' in form
    gowa_admin.post(f"/admin/pembuat/{draft}/hapus", data={"path": "pages.0.fields.0"})  # tab B
    gowa_admin.post(f"/admin/pembuat/{draft}/tambah", data={"kind": "field", "parent": "pages.0"})  # kolom_1 again
    before = source(sessions, draft)
    removed = gowa_admin.post(f"/admin/pembuat/{draft}/hapus", data=shown)
    saved = gowa_admin.post(
        f"/admin/pembuat/{draft}/elemen/pages.0.fields.1",
        data={"element_id": "kolom_2", "id": "kolom_2", "type": "text", "label_id": "Dari tab A"},
    )
    assert removed.status_code == 303 and saved.status_code == 409  # the save's form comes back (the next test)
    assert removed.headers["Location"].endswith(f"/admin/pembuat/{draft}/")
    assert source(sessions, draft) == before
    assert "telah berubah di tab atau jendela lain" in saved.get_data(as_text=True)  # and the removal's message


def test_a_stale_tabs_save_shows_what_it_typed_again_at_its_elements_place_now(gowa_admin, draft, sessions):
    """A stale tab's save was refused by a redirect to the draft: everything the tab typed was lost. Now its form comes
    back as typed (nothing saved), posting to where its element is now, so a second "Simpan" saves it there."""
    gowa_admin.post(f"/admin/pembuat/{draft}/tambah", data={"kind": "field", "parent": "pages.0"})  # kolom_2
    gowa_admin.post(f"/admin/pembuat/{draft}/hapus", data={"path": "pages.0.fields.0"})  # tab B: kolom_2 moves up
    gowa_admin.post(f"/admin/pembuat/{draft}/tambah", data={"kind": "field", "parent": "pages.0"})  # kolom_1 again
    before = source(sessions, draft)
    typed = {"element_id": "kolom_2", "id": "kolom_2", "type": "integer", "label_id": "Dari tab A", "max": "9"}
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/elemen/pages.0.fields.1", data=typed)
    form = answer.get_data(as_text=True)
    assert answer.status_code == 409 and source(sessions, draft) == before
    assert "telah berubah di tab atau jendela lain" in form
    assert 'value="Dari tab A"' in form and 'id="max" name="max" value="9"' in form
    assert re.search(r'<option value="integer" selected>', form)
    action = re.search(r'<form method="post" class="form builder-form" novalidate action="([^"]+)"', form)[1]
    assert action == f"/admin/pembuat/{draft}/elemen/pages.0.fields.0"
    assert gowa_admin.post(action, data=typed).status_code == 302
    assert "id: kolom_2\n" in source(sessions, draft) and "Dari tab A" in source(sessions, draft)


def test_a_save_for_an_element_removed_elsewhere_keeps_what_was_typed(gowa_admin, draft, sessions):
    gowa_admin.post(f"/admin/pembuat/{draft}/hapus", data={"path": "pages.0.fields.0"})  # tab B
    before = source(sessions, draft)
    typed = {"element_id": "kolom_1", "id": "kolom_1", "type": "text", "label_id": "Dari tab A"}
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/elemen/pages.0.fields.0", data=typed)
    form = answer.get_data(as_text=True)
    assert answer.status_code == 409 and source(sessions, draft) == before
    assert 'value="Dari tab A"' in form and '<input type="hidden" name="element_id" value="kolom_1">' in form


def test_a_stale_tabs_save_holding_a_nul_says_it_was_taken_out(gowa_admin, draft, sessions):
    """The stale tab's form came back with its NUL taken out, and without the notice a save gives: the author was
    not told the text had changed."""
    gowa_admin.post(f"/admin/pembuat/{draft}/hapus", data={"path": "pages.0.fields.0"})  # tab B
    before = source(sessions, draft)
    typed = {"element_id": "kolom_1", "id": "kolom_1", "type": "text", "label_id": "Dari\x00 tab A"}
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/elemen/pages.0.fields.0", data=typed)
    form = answer.get_data(as_text=True)
    assert answer.status_code == 409 and source(sessions, draft) == before
    assert 'value="Dari tab A"' in form and "\x00" not in form
    assert "(NUL) dihapus dari Label (Bahasa Indonesia). Periksa teksnya." in form
    assert "teks lainnya disimpan" not in form  # nothing was saved
