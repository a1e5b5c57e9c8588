"""Every form of the site refuses a post without the session's CSRF token, before its view runs.

The check is made once for the whole app (``simple_pages.guard_forms``); a
view that shows the refusal inside its own form says so with
``checks_csrf_itself``, and is listed here, so that no view can opt out
silently. The JSON API is exempt: it authenticates by a bearer token.
"""

from __future__ import annotations

import re

import pytest
from adminhelpers import BUDI, sign_in
from test_correction import file_and_return
from werkzeug.routing.converters import AnyConverter

from framework.services import applications
from framework.web.simple_pages import BEARER_BLUEPRINTS, CHANGES_NOTHING, SELF_CHECKED, UNSAFE_METHODS

# views that refuse a forged post themselves, inside their own form (each has its own test of it)
CHECKED_BY_THE_VIEW = {
    "citizen.profile",
    "citizen.new_complaint",
    "my_applications.delete_draft",
    "signin.signout",
    "signin_password.signin",
    "signin_ikd.sandbox_choose",
}


@pytest.fixture
def guarded(admin_app):
    admin_app.config["WTF_CSRF_ENABLED"] = True
    return admin_app


def form_rules(app):
    """(rule, endpoint) of every endpoint that accepts a posted form."""
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0]
        if rule.methods & UNSAFE_METHODS and blueprint not in BEARER_BLUEPRINTS:
            yield rule, rule.endpoint


def a_value(rule, name: str):
    """A value the route's converter accepts (the view may then find nothing: the check comes first)."""
    converter = rule._converters[name]
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return 1 if re.fullmatch(converter.regex, "1") and not re.fullmatch(converter.regex, "x") else "x"


def marked(app, mark: str) -> set[str]:
    """The form endpoints whose view carries ``mark``."""
    return {endpoint for _rule, endpoint in form_rules(app) if getattr(app.view_functions[endpoint], mark, False)}


def test_only_the_listed_views_check_the_token_themselves(guarded):
    assert marked(guarded, SELF_CHECKED) == CHECKED_BY_THE_VIEW


# posts that only read (a file compared on the verification page, never stored): no token asked, listed here
CHANGING_NOTHING = {"verify.check_file"}


def test_only_the_listed_views_change_nothing(guarded):
    assert marked(guarded, CHANGES_NOTHING) == CHANGING_NOTHING


def test_a_forged_post_to_any_other_form_is_refused_before_its_view(guarded):
    client = guarded.test_client()
    refused = []
    for rule, endpoint in form_rules(guarded):
        if endpoint in CHECKED_BY_THE_VIEW | CHANGING_NOTHING:
            continue
        sign_in(client, username="demo.operator-dukcapil.73.12", citizen=BUDI)
        path = guarded.url_map.bind("localhost").build(endpoint, {name: a_value(rule, name) for name in rule.arguments})
        method = sorted(rule.methods & UNSAFE_METHODS)[0]
        answer = client.open(path, method=method, data={"anything": "1"})
        refused.append((endpoint, answer.status_code, "Formulir kedaluwarsa" in answer.get_data(as_text=True)))
    assert refused and all(status == 400 and said for _endpoint, status, said in refused), [
        item for item in refused if item[1:] != (400, True)
    ]
    assert {"correction.correct", "portal.page"} <= {endpoint for endpoint, *_ in refused}


def test_a_forged_correction_changes_nothing(guarded, sessions, file_application):
    """The correction form once ran without the check: a forged post resubmitted a returned application."""
    number = file_and_return(sessions, file_application, {"telepon_pemohon": "Nomor tidak aktif"})
    client = guarded.test_client()
    sign_in(client, citizen=BUDI)
    forged = client.post(f"/lacak/{number}/perbaiki", data={"telepon_pemohon": "+6281299990000"})
    assert forged.status_code == 400 and "Formulir kedaluwarsa" in forged.get_data(as_text=True)
    with sessions() as session:
        application = applications.find(session, number)
        assert application.state == "returned" and application.answers.get("telepon_pemohon") != "+6281299990000"


def test_the_views_that_check_the_token_themselves_refuse_a_forged_post(guarded):
    client = guarded.test_client()
    answers = {}
    for rule, endpoint in form_rules(guarded):
        if endpoint in CHECKED_BY_THE_VIEW:
            sign_in(client, citizen=BUDI)
            path = guarded.url_map.bind("localhost").build(
                endpoint, {name: a_value(rule, name) for name in rule.arguments}
            )
            answer = client.post(path, data={"anything": "1"}, follow_redirects=True)
            answers[endpoint] = "Formulir kedaluwarsa" in answer.get_data(as_text=True)
    assert answers == dict.fromkeys(CHECKED_BY_THE_VIEW, True)
