"""Sign-in pages: the sandbox picker of synthetic citizens (layout from framework.web.simple_pages)."""

from __future__ import annotations

from framework.web.simple_pages import EXPIRED, csrf_field, csrf_ok, page, safe_next

__all__ = ["EXPIRED", "PICKER", "csrf_field", "csrf_ok", "page", "safe_next", "sandbox_citizens"]


def sandbox_citizens(limit: int = 24) -> list[dict[str, str]]:
    """Synthetic citizens to pick from: parents (the birth-certificate demo), then health workers."""
    from framework.services.products import mask_nik
    from plugins.sandbox.population import population

    people = population()
    chosen = []
    for mother in people.mothers()[: limit // 4]:
        child = next(person for person in people.people.values() if person.record["nik_ibu"] == mother.nik)
        chosen += [people.people[child.record["nik_ayah"]], mother]
    chosen += [
        people.people[nik] for nik in sorted(people.health_workers) if nik not in {person.nik for person in chosen}
    ][: limit - len(chosen)]
    return [
        {
            "nik": person.nik,
            "masked": mask_nik(person.nik),
            "name": person.name,
            "region": person.record["kab_name"],
            "worker": "nakes" if person.nik in people.health_workers else "",
        }
        for person in chosen
    ]


PICKER = """<p>Ini penyedia identitas <strong>sandbox</strong>: pilih warga sintetis untuk masuk. Tidak tersedia di produksi.
<span lang="en">This is a <strong>sandbox</strong> identity provider: pick a synthetic citizen. Not available in production.</span></p>
<ul>{% for citizen in citizens %}<li><form method="post" action="{{ action }}">{{ csrf|safe }}
{% for name, value in hidden.items() %}<input type="hidden" name="{{ name }}" value="{{ value }}">{% endfor %}
<input type="hidden" name="nik" value="{{ citizen.nik }}">
<button type="submit">{{ citizen.name }}</button> — NIK {{ citizen.masked }}, {{ citizen.region }}{% if citizen.worker %} ({{ citizen.worker }}){% endif %}
</form></li>{% endfor %}</ul>"""
