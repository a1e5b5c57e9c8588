"""Templates compiled per language with their fixed texts translated: the same pages, fewer calls."""

from __future__ import annotations

import operator
import types

import pytest
from flask import render_template, session

from framework.web.fixed_texts import LocalizedName, _translated
from framework.web.site import current_translations


def refusing(*_args, **_kwargs):
    raise AssertionError("a fixed text was translated at render time")


def test_a_page_of_fixed_texts_renders_without_calling_gettext_in_either_language(app, client):
    app.jinja_env.globals.update({"_": refusing, "gettext": refusing})
    indonesian = client.get("/lacak/").get_data(as_text=True)
    english = client.get("/lacak/?lang=en").get_data(as_text=True)
    again = client.get("/lacak/?lang=id").get_data(as_text=True)
    assert "<h1>Lacak Permohonan</h1>" in indonesian and "Track an application" not in indonesian
    assert "<h1>Track an application</h1>" in english and "Lacak Permohonan" not in english
    assert again == indonesian  # each language keeps its own compiled copy


def test_only_fixed_texts_are_folded_and_texts_with_values_stay_calls(app):
    source = "{{ _('Kinerja %(region)s', region=name) }} {{ _('Kesalahan:') }} {{ x._('Kesalahan:') }}"
    with app.test_request_context("/"):
        session["lang"] = "en"
        tokens = list(app.jinja_env._tokenize(source, LocalizedName("x.html", "en")))
    names = [token.value for token in tokens if token.type == "name"]
    assert names.count("_") == 2 and names.count("safe") == 1  # the call with a value and the attribute stay
    assert "Error:" in [token.value for token in tokens if token.type == "string"]


def test_texts_with_values_render_translated_and_escaped_in_a_compiled_page(app):
    """The tracking page's history line is a text with a value; the page around it is folded."""
    entry = {
        "at": "2026-12-01T08:00:00+07:00",
        "to": "submitted",
        "state_label": {"id": "Diajukan", "en": "Submitted"},
        "counter_officer": "<Budi>",
        "comment": None,
    }
    with app.test_request_context("/"):
        session["lang"] = "en"
        # the page names a state from the definition it was filed under (`state_part`): one without steps here
        html = render_template("tracking/lacak.html", history=[entry], spec=types.SimpleNamespace(steps=()))
    assert "— Submitted" in html and "&lt;Budi&gt;" in html and "<Budi>" not in html
    assert "Track an application" in html


def test_the_template_cache_keeps_one_copy_per_language():
    assert LocalizedName("a.html", "id") != LocalizedName("a.html", "en")
    assert LocalizedName("a.html", "id") == LocalizedName("a.html", "id")
    assert LocalizedName("a.html", "id") != "a.html"
    assert operator.ne("a.html", LocalizedName("a.html", "id"))  # the plain name on the left
    assert operator.ne(LocalizedName("a.html", "id"), None)  # not a text: unequal, without a warning
    assert None not in [LocalizedName("a.html", "id")]
    assert len({LocalizedName("a.html", "id"), LocalizedName("a.html", "en"), "a.html"}) == 3


@pytest.mark.parametrize(("text", "expected"), [("Lacak", "Lacak"), ("100%% selesai", "100% selesai"), ("50% x", None)])
def test_a_text_is_folded_as_gettext_would_render_it(app, text, expected):
    with app.test_request_context("/"):
        assert _translated(text, current_translations()) == expected


def test_a_template_without_autoescape_is_left_to_render_time(app):
    with app.test_request_context("/"):
        tokens = list(app.jinja_env._tokenize("{{ _('Lacak') }}", LocalizedName("mail.txt", "id")))
    assert [token.value for token in tokens if token.type == "name"] == ["_"]


def test_a_forced_language_renders_its_own_copy(app):
    from flask_babel import force_locale

    with app.test_request_context("/"):
        indonesian = render_template("tracking/lacak.html")
        with force_locale("en"):
            english = render_template("tracking/lacak.html")
        again = render_template("tracking/lacak.html")
    assert "<h1>Lacak Permohonan</h1>" in indonesian and again == indonesian
    assert "<h1>Track an application</h1>" in english


def test_a_template_loaded_outside_a_request_is_translated_at_render_time_and_kept_apart(app):
    from types import SimpleNamespace

    from flask_babel import force_locale

    progress = SimpleNamespace(number=1, total=2, steps=[], current="x", visited=[])
    with app.app_context(), force_locale("en"):
        outside = app.jinja_env.get_template("portal/_fields.html")
        english = str(outside.module.progress_bar(progress, "en"))
    with app.test_request_context("/"):
        inside = app.jinja_env.get_template("portal/_fields.html")
        indonesian = str(inside.module.progress_bar(progress, "id"))
    assert outside is not inside  # cached apart: the one loaded in a request is the per-language copy
    assert "Check answers" in english and "Periksa jawaban" in indonesian


def test_a_copy_named_for_another_language_than_the_requests_is_not_folded(app):
    """Folding uses the request's catalog, so it only folds a copy compiled for the request's own language."""
    with app.test_request_context("/"):
        tokens = list(app.jinja_env._tokenize("{{ _('Lacak') }}", LocalizedName("x.html", "en")))
    assert [token.value for token in tokens if token.type == "name"] == ["_"]
