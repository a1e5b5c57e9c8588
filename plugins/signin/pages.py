"""The few HTML pages of sign-in, Bahasa Indonesia first, English second."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, render_template_string, request

LAYOUT = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }} · MPP Digital</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
.error{color:#a00}label{display:block;margin-top:.8rem}button{margin-top:.8rem}li{margin:.3rem 0}</style></head>
<body><main><h1>{{ title }}</h1>{% if error %}<p class="error" role="alert">{{ error }}</p>{% endif %}
{{ body|safe }}</main></body></html>"""


def page(title: str, body: str, error: str = "", status: int = 200, **context: Any) -> tuple[str, int]:
    inner = render_template_string(body, **context)
    return render_template_string(LAYOUT, title=title, body=inner, error=error), status


def safe_next(default: str = "/layanan/") -> str:
    """Only a local path: a sign-in page must never redirect to another site."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    return target if target.startswith("/") and not target.startswith("//") and not parts.netloc and not parts.scheme else default


def csrf_ok() -> bool:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    from flask_wtf.csrf import validate_csrf
    from wtforms.validators import ValidationError

    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


def csrf_field() -> str:
    from flask_wtf.csrf import generate_csrf

    return f'<input type="hidden" name="csrf_token" value="{generate_csrf()}">'


def sandbox_citizens(limit: int = 24) -> list[dict[str, str]]:
    """Synthetic citizens to pick from: parents (the birth-certificate demo) and health workers."""
    from framework.products import mask_nik
    from plugins.sandbox.population import population

    people = population()
    chosen = [person for person in people.mothers()][: limit // 2]
    chosen += [people.people[nik] for nik in sorted(people.health_workers)][: limit - len(chosen)]
    return [
        {"nik": person.nik, "masked": mask_nik(person.nik), "name": person.name, "region": person.record["kab_name"], "worker": "nakes" if person.nik in people.health_workers else ""}
        for person in chosen
    ]


PICKER = """<p>Ini penyedia identitas <strong>sandbox</strong>: pilih warga sintetis untuk masuk. Tidak tersedia di produksi.
<span lang="en">This is a <strong>sandbox</strong> identity provider: pick a synthetic citizen. Not available in production.</span></p>
<ul>{% for citizen in citizens %}<li><form method="post" action="{{ action }}">{{ csrf|safe }}
{% for name, value in hidden.items() %}<input type="hidden" name="{{ name }}" value="{{ value }}">{% endfor %}
<input type="hidden" name="nik" value="{{ citizen.nik }}">
<button type="submit">{{ citizen.name }}</button> — NIK {{ citizen.masked }}, {{ citizen.region }}{% if citizen.worker %} ({{ citizen.worker }}){% endif %}
</form></li>{% endfor %}</ul>"""
