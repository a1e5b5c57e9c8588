"""Where a variant's own elements go among its template's, in the builder: what the author does is what citizens see.

A variant is merged onto its template by id: an entry adapting a template's
element stays in the template's place, and an element of the variant's own
is added after the template's, unless it says `before:` or `after:`. The
builder's ↑/↓ swapped entries of the variant file, which the merge does not
read: the citizen's form showed the new field at the end whatever the
author did. Now ↑/↓ moves an own element in the merged order (written as
`before:`), an adapted entry has no ↑/↓, and an own element's form offers
its placement. A template's page can be adapted like its steps and
documents.
"""

from __future__ import annotations

import re

from test_builder_variants import adapt, start_variant, stored


def add_field(client, draft: int, page: str) -> str:
    answer = client.post(f"/admin/pembuat/{draft}/tambah", data={"kind": "field", "parent": page, "type": "text"})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return answer.headers["Location"]


def move(client, draft: int, path: str, direction: str) -> None:
    assert client.post(f"/admin/pembuat/{draft}/pindah", data={"path": path, "direction": direction}).status_code == 302


def preview_fields(client, draft: int, page: str) -> list[str]:
    """The inputs of the citizen's page, in order (each once)."""
    html = client.get(f"/admin/pembuat/{draft}/pratinjau/{page}/id").get_data(as_text=True)
    names = re.findall(r'name="([a-z][a-z_0-9]*)"', html)
    return [name for i, name in enumerate(names) if name not in names[:i] and name not in ("viewport", "csrf_token")]


def overview(client, draft: int) -> str:
    return client.get(f"/admin/pembuat/{draft}/").get_data(as_text=True)


def row(page: str, path: str) -> str:
    """The overview's row of one element, up to its actions' end."""
    start = page.index(f'data-path="{path}"')
    return page[start : page.index("</span>\n", page.index('class="element-actions"', start))]


def test_up_moves_a_variants_own_field_among_the_templates_fields_in_the_citizens_form(gowa_admin, sessions):
    draft = start_variant(gowa_admin)
    adapt(gowa_admin, draft, "page", "anak")
    add_field(gowa_admin, draft, "pages.0")
    assert preview_fields(gowa_admin, draft, "anak")[-2:] == ["kembar", "kolom_1"]
    assert "Naikkan kolom_1" in row(overview(gowa_admin, draft), "pages.0.fields.0")  # the only entry of the page
    move(gowa_admin, draft, "pages.0.fields.0", "up")
    move(gowa_admin, draft, "pages.0.fields.0", "up")
    found = stored(sessions, draft)
    assert "before: kembar" in found.source and found.problems == []
    shown = preview_fields(gowa_admin, draft, "anak")
    assert shown.index("anak_ke") + 1 == shown.index("kolom_1") and shown.index("kolom_1") + 1 == shown.index("kembar")
    move(gowa_admin, draft, "pages.0.fields.0", "down")
    move(gowa_admin, draft, "pages.0.fields.0", "down")
    assert "before" not in stored(sessions, draft).source
    assert preview_fields(gowa_admin, draft, "anak")[-1] == "kolom_1"
    assert "Turunkan kolom_1" not in row(overview(gowa_admin, draft), "pages.0.fields.0")  # last: nowhere to go


def test_an_adapted_entry_keeps_the_templates_place_and_is_listed_there(gowa_admin, sessions):
    """An adapted field's ↑/↓ swapped it with the variant's other entries, which changed nothing in the form."""
    draft = start_variant(gowa_admin)
    adapt(gowa_admin, draft, "field", "nama_anak", "anak")
    adapt(gowa_admin, draft, "field", "anak_ke", "anak")
    add_field(gowa_admin, draft, "pages.0")
    for _times in range(3):
        move(gowa_admin, draft, "pages.0.fields.2", "up")
    shown = preview_fields(gowa_admin, draft, "anak")
    assert shown.index("kolom_1") + 1 == shown.index("anak_ke")
    page = overview(gowa_admin, draft)
    listed = re.findall(r'data-path="(pages\.0\.fields\.\d)"', page)
    assert listed == ["pages.0.fields.0", "pages.0.fields.2", "pages.0.fields.1"]  # nama_anak, kolom_1, anak_ke
    for path, name in (("pages.0.fields.0", "nama_anak"), ("pages.0.fields.1", "anak_ke")):
        assert f"Naikkan {name}" not in row(page, path) and f"Turunkan {name}" not in row(page, path)
        assert "di tempatnya pada templat" in row(page, path)
    assert "Naikkan kolom_1" in row(page, "pages.0.fields.2") and 'data-place="before:anak_ke"' in page
    before = stored(sessions, draft).source
    move(gowa_admin, draft, "pages.0.fields.1", "up")  # a hand-made post
    assert stored(sessions, draft).source == before


def test_an_own_fields_form_places_it_before_or_after_a_template_field(gowa_admin, sessions):
    draft = start_variant(gowa_admin)
    adapt(gowa_admin, draft, "page", "anak")
    field = add_field(gowa_admin, draft, "pages.0")
    form = gowa_admin.get(field).get_data(as_text=True)
    offered = re.search(r'<select class="select" id="place" name="place"[^>]*>(.*?)</select>', form, re.S)[1]
    assert re.findall(r'<option value="([^"]*)"', offered)[:5] == [
        "",
        "before:nama_anak",
        "after:nama_anak",
        "before:jenis_kelamin",
        "after:jenis_kelamin",
    ]
    assert re.findall(r'<option value="([^"]*)" selected>', offered) == [""]  # at the end, by default
    typed = {
        "id": "kolom_1",
        "type": "text",
        "label_id": "Nama panggilan",
        "label_en": "Nickname",
        "place": "after:nama_anak",
    }
    assert gowa_admin.post(field, data=typed).status_code == 302
    found = stored(sessions, draft)
    assert "after: nama_anak" in found.source and found.problems == []
    assert preview_fields(gowa_admin, draft, "anak")[:3] == ["nama_anak", "kolom_1", "jenis_kelamin"]
    assert '<option value="after:nama_anak" selected>' in gowa_admin.get(field).get_data(as_text=True)
    assert 'data-place="after:nama_anak"' in overview(gowa_admin, draft)
    gowa_admin.post(field, data={**typed, "place": "before:tidak_ada"})  # a hand-made post: kept, and refused
    form = gowa_admin.get(field).get_data(as_text=True)
    assert '<option value="before:tidak_ada" selected>' in form
    beside = form[form.index('id="input-place"') : form.index("</select>", form.index('id="input-place"'))]
    assert 'data-code="BAD_POSITION"' in beside and 'aria-invalid="true"' in beside
    gowa_admin.post(field, data={**typed, "place": ""})
    assert "before" not in stored(sessions, draft).source and "after" not in stored(sessions, draft).source
    assert preview_fields(gowa_admin, draft, "anak")[-1] == "kolom_1"


def test_a_stale_tabs_form_comes_back_with_its_chosen_place(gowa_admin, sessions):
    draft = start_variant(gowa_admin)
    adapt(gowa_admin, draft, "page", "anak")
    add_field(gowa_admin, draft, "pages.0")
    second = add_field(gowa_admin, draft, "pages.0")
    assert gowa_admin.post(f"/admin/pembuat/{draft}/hapus", data={"path": "pages.0.fields.0"}).status_code == 302
    typed = {
        "element_id": "kolom_2",
        "id": "kolom_2",
        "type": "text",
        "label_id": "X",
        "label_en": "X",
        "place": "before:anak_ke",
    }
    answer = gowa_admin.post(second, data=typed)
    assert answer.status_code == 409
    assert '<option value="before:anak_ke" selected>' in answer.get_data(as_text=True)
    assert "before" not in stored(sessions, draft).source


def test_a_variants_own_page_moves_among_the_templates_pages(gowa_admin, sessions):
    draft = start_variant(gowa_admin)
    gowa_admin.post(f"/admin/pembuat/{draft}/tambah", data={"kind": "page"})
    add_field(gowa_admin, draft, "pages.0")

    def pages_shown() -> list[str]:
        return re.findall(r'href="[^"]*/pratinjau/([a-z_0-9-]+)/id"', overview(gowa_admin, draft))

    assert pages_shown()[-3:] == ["pernyataan", "halaman_1", "unggah-dokumen"]
    move(gowa_admin, draft, "pages.0", "up")
    assert "before: pernyataan" in stored(sessions, draft).source
    assert pages_shown()[-3:] == ["halaman_1", "pernyataan", "unggah-dokumen"]
    page = gowa_admin.get(f"/admin/pembuat/{draft}/elemen/pages.0").get_data(as_text=True)
    assert '<option value="before:pernyataan" selected>' in page


def test_a_templates_page_is_adapted_keeping_what_the_author_did_not_change(gowa_admin, sessions):
    """There was no "Sesuaikan" for a page: a region could not retitle a page, or give it an introduction."""
    draft = start_variant(gowa_admin)
    offered = overview(gowa_admin, draft)
    assert re.search(r'name="kind" value="page"><input type="hidden" name="id" value="anak">', offered)
    page = adapt(gowa_admin, draft, "page", "anak")
    form = gowa_admin.get(page).get_data(as_text=True)
    assert re.search(r'data-template="title">Templat: Data Anak / Child</p>', form)
    assert 'id="place"' not in form  # an adapted page keeps the template's place
    assert gowa_admin.post(page, data={"id": "anak", "title_id": "Data Bayi", "title_en": "Child"}).status_code == 302
    found = stored(sessions, draft)
    assert "  - id: anak\n    title: {id: Data Bayi, en: Child}\n" in found.source and found.problems == []
    assert preview_fields(gowa_admin, draft, "anak")[:2] == ["nama_anak", "jenis_kelamin"]
    assert "Data Bayi" in overview(gowa_admin, draft)
    assert not re.search(
        r'name="kind" value="page"><input type="hidden" name="id" value="anak">', overview(gowa_admin, draft)
    )


def test_a_service_of_its_own_moves_its_entries_in_the_order_written(gowa_admin, sessions):
    from test_builder import add, source, start_blank

    draft = start_blank(gowa_admin)
    page = add(gowa_admin, draft, "page")
    add(gowa_admin, draft, "field", page)
    add(gowa_admin, draft, "field", page)
    shown = overview(gowa_admin, draft)
    assert "Naikkan kolom_1" not in row(shown, "pages.0.fields.0") and "Turunkan kolom_1" in row(
        shown, "pages.0.fields.0"
    )
    assert "di akhir" not in shown and "di tempatnya pada templat" not in shown
    move(gowa_admin, draft, "pages.0.fields.1", "up")
    written = source(sessions, draft)
    assert written.index("id: kolom_2") < written.index("id: kolom_1") and "before" not in written
    assert 'id="place"' not in gowa_admin.get(f"/admin/pembuat/{draft}/elemen/pages.0.fields.0").get_data(as_text=True)


def test_a_variants_new_step_starts_before_the_signature_step(gowa_admin, sessions):
    """Added at the end, the step came after the head of office's signature: refused at its first save."""
    draft = start_variant(gowa_admin)
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/tambah", data={"kind": "step"})
    assert answer.status_code == 302
    written = stored(sessions, draft)
    assert re.search(r"before: \S+", written.source), written.source
    assert "VARIANT_STEP_AFTER_SIGNATURE" not in str(written.problems)
    form = gowa_admin.get(answer.headers["Location"]).get_data(as_text=True)
    assert re.search(r'<option value="before:[^"]+" selected>', form)
