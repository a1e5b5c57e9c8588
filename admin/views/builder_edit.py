"""The builder's editing screens: the service, its standard, and each page, field, document, rule and step.

Every form posts to the same address; the posted values become YAML
through ``framework.authoring`` (round trip: what the form does not touch
keeps its comments) and ``framework.services.builder.edit`` keeps it and
checks it. The form comes back with each problem beside its input and
everything the author typed in place — also when it is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from admin.access import actor
from admin.views import builder_pages as pages
from admin.views.builder_common import open_draft, places, problem_link
from admin.views.builder_labels import EVENTS, KINDS, LABELS, OPERATORS, RULE_WHEN
from admin.views.builder_preview import BuilderPreview
from framework.authoring import builder_edits as edits
from framework.authoring import builder_places as placing
from framework.authoring.builder_forms import FORMS, option_problems, read, show
from framework.authoring.document import Path, node_at
from framework.core.errors import NUL
from framework.core.numbers import whole_number
from framework.definition.model import ServiceSpec
from framework.services import builder
from framework.store.builder import BuilderDraft
from framework.web.database import db_session
from framework.web.services import catalog, plugins
from framework.web.simple_pages import keeps_typed_when_expired, reports_nul_itself
from framework.web.site import language
from framework.workflow.errors import ApplicationError

# the element forms of the service as a whole
WHOLE: dict[str, Path] = {"layanan": (), "standar": ("standard",)}
WHOLE_KIND = {"layanan": "service", "standar": "standard"}


def _saved_message(checked: builder.Checked) -> str:
    if checked.errors:
        return ngettext(
            "Tersimpan. %(num)d masalah perlu diperbaiki sebelum diajukan.",
            "Tersimpan. %(num)d masalah perlu diperbaiki sebelum diajukan.",
            len(checked.errors),
        )
    return _("Tersimpan; definisi sah.")


class BuilderEditing(BuilderPreview):
    """The editing routes of `BuilderView` (flask-admin collects exposed methods from its bases)."""

    def _change(self, draft_id: int, change: Callable[[str], str]) -> builder.Checked:
        open_draft(draft_id)
        try:
            _found, checked = builder.edit(db_session(), actor(), draft_id, change, places(), catalog())
        except ApplicationError as refused:
            db_session().rollback()
            abort(refused.status)
        flash(_saved_message(checked))
        return checked

    def _form(
        self,
        draft_id: int,
        kind: str,
        path: Path,
        status: int = 200,
        typed: MultiDict[str, str] | None = None,
        refused: tuple[pages.Problem, ...] = (),
    ) -> Any:
        """The element's form; ``typed``: a refused post, shown again as typed (its element's form, or one of its own
        when its element is no longer in the draft), with why it was ``refused`` beside its inputs."""
        found = open_draft(draft_id)
        checked = builder.check(found, places(), catalog())
        db_session().commit()
        data = pages.data_of(found.source)
        item = _item_at(data, path)
        gone = False
        if typed is not None and (item is None or _id_of(item) != typed.get("element_id")):
            item, gone = {"id": typed.get("element_id", "")}, True
        if item is None:
            abort(404)
        path_text = edits.path_text(path)
        problems = (
            pages.own_problems(found.problems, path_text, "fields") if path else pages.general_problems(found.problems)
        ) + list(refused)
        offered = None if gone or not path else pages.placements(data, path, catalog())
        keys = [entry.key for entry in FORMS[kind]] + (list(placing.PLACE_KEYS) if offered is not None else [])
        beside, rest = pages.by_key([] if gone else problems, path_text, keys)
        # the count said after a save is of the whole draft: the errors fixed on other forms are listed with links
        elsewhere = [p for p in found.problems if p.get("severity") == "error" and p not in problems]
        types = pages.field_types(data, checked.spec, _template(data))
        inherited = None if gone else _inherited(data, path)
        registries = plugins()
        values = _shown(kind, item if typed is None else read(kind, typed, types), types, inherited)
        if offered is not None:
            values["place"] = (
                placing.place_value(item) if typed is None else typed.get("place", placing.place_value(item))
            )
        return self.render(
            "mpp_admin/builder_element.html",
            draft=found,
            draft_title=builder.title_of(found, language(), catalog()),
            kind=kind,
            kind_label=KINDS[kind],
            path=path_text,
            item=item,
            inputs=FORMS[kind],
            action=request.path if typed is None else url_for("pembuat.element", draft_id=draft_id, element=path_text),
            values=values,
            placements=offered,
            beside=beside,
            rest=rest,
            template_values=pages.template_values(
                kind, inherited if path != ("standard",) else _template_standard(data)
            ),
            labels=LABELS,
            rule_when=RULE_WHEN,
            operators=OPERATORS,
            events=EVENTS,
            choices=pages.choices(catalog(), found.region, registries.providers, registries.complaint_channels, data),
            condition_fields=pages.condition_fields(data, checked.spec, catalog()),
            children=pages.elements(data, found.problems)["pages"] if kind == "field" else [],
            type_inputs=pages.type_inputs(),
            notify_channels=sorted(registries.notifiers),
            prefill_suggestions=pages.prefill_suggestions(data, registries),
            preview=self._preview_links(found, _page_of(data, path), request.args.get("bahasa")),
            message=pages.message,
            elsewhere=elsewhere,
            problem_link=problem_link(draft_id, data),
        ), status

    @expose("/<int:draft_id>/<any(layanan, standar):part>", methods=["GET", "POST"])
    @reports_nul_itself
    @keeps_typed_when_expired
    def whole(self, draft_id: int, part: str) -> Any:
        kind, path = WHOLE_KIND[part], WHOLE[part]
        if request.method == "POST":
            self._save(draft_id, kind, path)
            return redirect(url_for("pembuat.whole", draft_id=draft_id, part=part))
        return self._form(draft_id, kind, path)

    @expose("/<int:draft_id>/elemen/<element>", methods=["GET", "POST"])
    @reports_nul_itself
    @keeps_typed_when_expired
    def element(self, draft_id: int, element: str) -> Any:
        posted = edits.parse_path(element) if request.method == "POST" else None
        if posted is not None and "element_id" in request.form:
            now = _item_at(pages.data_of(open_draft(draft_id).source), posted)
            if now is None or not _still_the_same(now):
                return self._typed_again(draft_id, posted)
        _found, path, _item = existing_element(draft_id, element)
        if request.method == "POST" and (refused := self._refused(draft_id, edits.kind_of(path), path)) is not None:
            return refused
        if request.method == "POST":
            self._save(draft_id, edits.kind_of(path), path)
            return redirect(url_for("pembuat.element", draft_id=draft_id, element=element))
        return self._form(draft_id, edits.kind_of(path), path)

    def _typed_again(self, draft_id: int, path: Path) -> Any:
        """A stale tab's save: nothing saved; its form again as typed, with why (409), at its element's place now.

        Why: the post was refused (its element is no longer at its place, see
        ``_still_the_same``) by a redirect to the draft, and what the tab
        typed was lost. Shown at the element's new place (another tab moved
        it, or removed one above it), a second "Simpan" saves it there; an
        element gone from the draft keeps its typed values to copy.
        """
        shown = request.form.get("element_id", "")
        kind = edits.kind_of(path)
        moved = _place_of(pages.data_of(open_draft(draft_id).source), path, shown)
        flash(_changed_message())
        form, cleaned = without_nul(request.form)
        _say_nul_taken_out(cleaned)  # the form comes back without it: said here too, or the author never knows
        return self._form(draft_id, kind, moved or path, 409, typed=form)

    def _refused(self, draft_id: int, kind: str, path: Path) -> Any:
        """Options the file cannot hold as typed (a code twice, no label, spaces): nothing saved; the form again as
        typed with each row's problem beside the options (422); None when there is none.

        Why: the code given twice was renamed `_2` and an empty label filled
        with the code, silently, and a code with spaces was written as it was.
        """
        form, _cleaned = without_nul(request.form)
        found = option_problems(form) if any(entry.kind == "options" for entry in FORMS[kind]) else []
        if not found:
            return None
        if "element_id" not in form:  # a post without the form's hidden input: the element at its address
            form = form.copy()
            form["element_id"] = _id_of(_item_at(pages.data_of(open_draft(draft_id).source), path) or {})
        where = edits.path_text(path).replace(".", "/")
        refused = tuple(
            {
                "code": problem.code,
                "severity": "error",
                "message_id": problem.message.get("id"),
                "message_en": problem.message.get("en"),
                "path": f"{where}/{problem.field}",
            }
            for problem in found
        )
        flash(_("Belum tersimpan: perbaiki opsi yang ditandai, lalu simpan lagi."))
        return self._form(draft_id, kind, path, 422, typed=form, refused=refused)

    def _save(self, draft_id: int, kind: str, path: Path) -> None:
        found = open_draft(draft_id)
        data = pages.data_of(found.source)
        if _item_at(data, path) is None:  # the whole service and its standard come here unchecked
            abort(404)
        types = pages.field_types(data, template=_template(data))
        inherited = _inherited(data, path)
        form, cleaned = without_nul(request.form)
        template = _template_data(data)

        def change(source: str) -> str:
            source = edits.save_form(source, kind, path, form, types, inherited)
            return placing.set_place(source, path, form["place"], template) if "place" in form else source

        self._change(draft_id, change)
        _say_nul_taken_out(cleaned, saved=True)

    # --- adding, moving, removing ----------------------------------------------------------------

    @expose("/<int:draft_id>/tambah", methods=["POST"])
    def add(self, draft_id: int) -> Any:
        kind = request.form.get("kind", "")
        parent = request.form.get("parent", "")
        holder: Mapping[str, Any] = {}
        if parent:  # a page or a group, which another tab may have removed
            _found, _path, holder = existing_element(draft_id, parent)
        list_path = _list_path(kind, parent)
        if list_path is None or not _holds_fields(list_path, holder):
            abort(404)
        field_type = request.form.get("type", "text")
        added: list[Path] = []
        data = pages.data_of(open_draft(draft_id).source)
        place = _first_place(data, kind) if not parent else None

        def change(source: str) -> str:
            source, path = edits.add(source, list_path, kind, field_type)
            added.append(path)
            return placing.set_place(source, path, place, _template_data(data)) if place else source

        self._change(draft_id, change)
        return redirect(url_for("pembuat.element", draft_id=draft_id, element=edits.path_text(added[0])))

    @expose("/<int:draft_id>/pindah", methods=["POST"])
    def move(self, draft_id: int) -> Any:
        """↑/↓ (in a variant: among the merged elements the citizen sees, ``builder_places``), or to another page."""
        found, path, _item = existing_element(draft_id, request.form.get("path", ""))
        page = whole_number(request.form.get("page"))
        if page is not None:
            self._change(draft_id, lambda source: edits.move_to_page(source, path, page)[0])
        else:
            delta = -1 if request.form.get("direction") == "up" else 1
            template = _template_data(pages.data_of(found.source))
            self._change(draft_id, lambda source: placing.move(source, path, delta, template)[0])
        return redirect(url_for("pembuat.draft", draft_id=draft_id) + f"#{path[0]}")

    @expose("/<int:draft_id>/hapus", methods=["GET", "POST"])
    def remove(self, draft_id: int) -> Any:
        text = request.values.get("path", "")
        found, path, item = existing_element(draft_id, text)
        if request.method == "GET":
            what = f"{KINDS[edits.kind_of(path)]} {item.get('id') or ''}"
            return self.render(
                "mpp_admin/builder_confirm.html", draft=found, what=what, path=text, element_id=_id_of(item)
            )
        if not _still_the_same(item):
            return _changed_elsewhere(draft_id)
        self._change(draft_id, lambda source: edits.remove(source, path))
        return redirect(url_for("pembuat.draft", draft_id=draft_id) + f"#{path[0]}")

    @expose("/<int:draft_id>/sesuaikan", methods=["POST"])
    def adapt(self, draft_id: int) -> Any:
        kind, item_id = request.form.get("kind", ""), request.form.get("id", "")
        page_id = request.form.get("page") or None
        if kind not in ("field", "document", "rule", "step", "page") or not item_id:
            abort(404)
        data = pages.data_of(open_draft(draft_id).source)
        if not _in_template(data, kind, item_id, page_id):
            abort(404)
        inherited = _template_element(data, kind, item_id)
        adapted: list[Path] = []

        def change(source: str) -> str:
            source, path = edits.adapt(source, kind, item_id, page_id, inherited)
            adapted.append(path)
            return source

        self._change(draft_id, change)
        return redirect(url_for("pembuat.element", draft_id=draft_id, element=edits.path_text(adapted[0])))


def without_nul(form: MultiDict[str, str]) -> tuple[MultiDict[str, str], list[str]]:
    """The posted form with every NUL character removed, and the inputs that held one.

    Why here and not the site's guard (``framework.web.site.refuse_nul``):
    the guard answers a page of its own, and an author lost everything the
    form held for one invisible pasted character. A NUL is never meant (a
    definition refuses it, PostgreSQL cannot store it), so it is taken out
    and the author is told where.
    """
    cleaned: list[str] = []
    kept: MultiDict[str, str] = MultiDict()
    for key, values in form.lists():
        if NUL in key or any(NUL in value for value in values):
            cleaned.append(key.replace(NUL, ""))
        kept.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
    return kept, cleaned


def _say_nul_taken_out(cleaned: list[str], saved: bool = False) -> None:
    """Tell the author which inputs lost a NUL (``without_nul``); ``saved``: the rest of the text was saved."""
    if not cleaned:
        return
    inputs = ", ".join(_input_name(key) for key in cleaned)
    if saved:
        flash(
            _(
                "Karakter tak terlihat (NUL) dihapus dari %(inputs)s; teks lainnya disimpan. Periksa teksnya.",
                inputs=inputs,
            )
        )
    else:
        flash(_("Karakter tak terlihat (NUL) dihapus dari %(inputs)s. Periksa teksnya.", inputs=inputs))


def _input_name(key: str) -> str:
    """``label_en`` → "Label (English)": the input as the form names it, else its key."""
    base, _sep, language = key.rpartition("_") if key.endswith(("_id", "_en")) else (key, "", "")
    found = LABELS.get(base)
    name = str(found[0]) if found else base
    if not language:
        return name
    return f"{name} ({_('Bahasa Indonesia') if language == 'id' else _('English')})"  # as the form's own labels


def _id_of(item: Mapping[str, Any]) -> str:
    return str(item.get("id") or "")


def _still_the_same(item: Mapping[str, Any]) -> bool:
    """Whether the element at the posted path is the one the form was shown for (its ``element_id``).

    Why: elements are named by their place. After another tab removed or
    moved an element above it, the place names the next one: a stale
    "Ya, hapus" removed that one instead, and a stale form overwrote it with
    the other element's values. A post without ``element_id`` is not checked.
    """
    shown = request.form.get("element_id")
    return shown is None or shown == _id_of(item)


def _changed_message() -> str:
    return _("Elemen ini telah berubah di tab atau jendela lain; tidak ada yang disimpan atau dihapus. Periksa draf.")


def _changed_elsewhere(draft_id: int) -> Any:
    flash(_changed_message())
    return redirect(url_for("pembuat.draft", draft_id=draft_id), 303)


def existing_element(draft_id: int, text: str) -> tuple[BuilderDraft, Path, Mapping[str, Any]]:
    """The draft, and the path and item of the element ``text`` names in it; 404 when it names none, or one gone.

    Why: every route that takes a path checks it here, the same way. A form
    posted from a second tab after its element was deleted names a path that
    is no longer in the file; before, adding under it or moving it failed
    deep in the YAML tree (a 500).
    """
    found = open_draft(draft_id)
    path = edits.parse_path(text)
    item = _item_at(pages.data_of(found.source), path) if path is not None else None
    if path is None or item is None:
        abort(404)
    return found, path, item


def _place_of(data: Mapping[str, Any], path: Path, element_id: str) -> Path | None:
    """Where the element of ``path``'s kind with ``element_id`` is now (its list, or for a field any page or group)."""
    if not element_id:
        return None
    lists: list[Path] = [path[:-1]]  # its own list first
    if path[0] == "pages" and len(path) > 2:
        on_pages: list[Path] = [("pages", p, "fields") for p in range(len(_listed(data, ("pages",))))]
        lists += on_pages + [place + (f, "fields") for place in on_pages for f in range(len(_listed(data, place)))]
    for place in lists:
        for index, item in enumerate(_listed(data, place)):
            if isinstance(item, Mapping) and _id_of(item) == element_id:
                return place + (index,)
    return None


def _listed(data: Mapping[str, Any], list_path: Path) -> list[Any]:
    holder = _item_at(data, list_path[:-1])
    found = holder.get(str(list_path[-1])) if holder is not None else None
    return found if isinstance(found, list) else []


def _item_at(data: Mapping[str, Any], path: Path) -> Mapping[str, Any] | None:
    """The element at ``path``; the standard is one even when the file has none (``standard:`` empty, or no key: a
    regional variant inherits its template's and writes only what it shortens)."""
    if path == ("standard",) and data.get("standard") is None:
        return {}
    node = node_at(data, path)
    return node if isinstance(node, Mapping) else None


def _list_path(kind: str, parent: str) -> Path | None:
    """Where a new element of ``kind`` goes: a top-level list, a page's fields, a group's fields."""
    if kind in ("page", "document", "rule", "step") and not parent:
        return (f"{kind}s",)
    place = edits.parse_path(parent)
    if kind == "field" and place is not None and place[-2] in ("pages", "fields") and len(place) <= 4:
        return place + ("fields",)
    return None


def _holds_fields(list_path: Path, holder: Mapping[str, Any]) -> bool:
    """A field goes on a page or into a group; a text field has no ``fields`` to add to (a variant's entry
    for an inherited group may leave out ``type``, but then it already lists the group's ``fields``)."""
    if len(list_path) < 5:  # ("pages", 0, "fields"): a page's fields; a top-level list
        return True
    kind = holder.get("type")
    return kind == "group" or (kind is None and "fields" in holder)


def _page_of(data: Mapping[str, Any], path: Path) -> str | None:
    """The preview page of an element: its page's id, or the documents page for a document."""
    if path[:1] == ("pages",) and len(path) >= 2:
        page = _item_at(data, path[:2]) or {}
        return str(page.get("id") or "") or None
    if path[:1] == ("documents",):
        return "unggah-dokumen"
    return None


def _shown(
    kind: str, item: Mapping[str, Any], types: Mapping[str, str], inherited: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The form's values; an entry adapting a template's field shows the template's type.

    Why: the entry leaves `type` out, and with no type chosen builder.js hid
    every type's own input (`max_length`, `options`, ...), so the author
    could not tighten them. The type posted back equals the template's and is
    left out of the file again (``save_form``'s ``inherited``).
    """
    values = show(kind, item, types)
    if kind == "field" and inherited is not None and not item.get("type") and inherited.get("type"):
        values["type"] = str(inherited["type"])
    return values


def _template(data: Mapping[str, Any]) -> ServiceSpec | None:
    """The live template a variant extends (None for a service of its own)."""
    return pages.template_of(data, catalog())


def _in_template(data: Mapping[str, Any], kind: str, item_id: str, page_id: str | None) -> bool:
    """Whether the template the variant extends has the element `/sesuaikan` is asked to adapt (a field: on that page).

    Why: the overview offers only the template's elements, but a hand-made
    post named any id (or page), and the variant got an entry for an element
    no template has (`{id: junk}`, a page `None`). Not found, like an unknown
    element on every other route.
    """
    template = _template(data)
    if template is None:
        return False
    if kind == "field":
        page = next((p for p in template.pages if p.id == page_id), None)
        return page is not None and any(f.id == item_id for f in page.fields)
    ids: dict[str, set[str | None]] = {
        "page": {p.id for p in template.pages},
        "document": {d.id for d in template.documents},
        "rule": {r.id for r in template.rules},
        "step": {s.id for s in template.steps},
    }
    return item_id in ids[kind]


def _first_place(data: Mapping[str, Any], kind: str) -> str | None:
    """Where a variant's new step starts: before the template's last step when its issuer's signatory signs there.

    Why: added at the end, the new step came after the signature and the
    draft was refused at its first save (VARIANT_STEP_AFTER_SIGNATURE).
    """
    template = _template(data)
    if kind != "step" or template is None or not template.steps:
        return None
    issuer = catalog().issuers.get(str(template.issuer or template.provider))
    last = template.steps[-1]
    return f"before:{last.id}" if issuer is not None and last.role == issuer.signatory else None


def _template_element(data: Mapping[str, Any], kind: str, item_id: str) -> Mapping[str, Any] | None:
    """The template's document, rule, step or page ``item_id`` (a rule's condition starts its adapted entry)."""
    template = _template_data(data) or {}
    listed = template.get(f"{kind}s") or []
    return next((i for i in listed if isinstance(i, Mapping) and i.get("id") == item_id), None)


def _template_data(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The resolved data of the live template a variant extends (None for a service of its own)."""
    return pages.template_data(data, catalog())


def _template_standard(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """In a variant: the standard of the template it extends (None for a service of its own)."""
    template = _template(data)
    standard = template.data.get("standard") if template is not None else None
    return standard if isinstance(standard, Mapping) else None


def _inherited(data: Mapping[str, Any], path: Path) -> Mapping[str, Any] | None:
    """In a variant: the template's element this entry adapts (same id), whose unchanged keys stay out of the file."""
    template = _template(data)
    item = _item_at(data, path)
    if template is None or not path or item is None:
        return None
    merged = template.data
    if path[0] == "pages" and len(path) >= 4:
        page = _item_at(data, path[:2]) or {}
        found: Mapping[str, Any] = next((p for p in merged.get("pages", []) if p.get("id") == page.get("id")), {})
        return next((f for f in found.get("fields", []) if f.get("id") == item.get("id")), None)
    return next(
        (i for i in merged.get(str(path[0]), []) if isinstance(i, Mapping) and i.get("id") == item.get("id")), None
    )
