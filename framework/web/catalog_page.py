"""The service list a citizen can use (`/layanan/`): search, sectors, and their own kabupaten/kota.

Everything is a plain GET form or link, so it works without JavaScript and
every state of the list has an address to share. The kabupaten/kota comes
from IKD at sign-in (``session["citizen_region"]``) or is chosen on
`/layanan/pilih-wilayah`; the choice is kept in the session and
``?wilayah=semua`` shows every region again. The filtering itself is
``framework.services.browse``.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request, session
from flask_babel import lazy_gettext as _l

from framework.forms.regions import region_table
from framework.services.browse import browse, regions_with_services
from framework.web.services import catalog, definitions_dir, loci

ALL_REGIONS = "semua"
SECTOR_LABELS = {
    "adminduk": _l("Administrasi kependudukan"),
    "nakes": _l("Izin praktik tenaga kesehatan"),
}


def chosen_region() -> tuple[str, str]:
    """(code, where it came from: "chosen", "ikd" or ""); a valid ``?wilayah=`` is remembered for later pages.

    A kabupaten/kota from IKD where no service is offered (no MPP Digital
    there yet) narrows nothing: the citizen sees every service, not an empty list.
    """
    offering = regions_with_services(catalog(), loci())
    asked = request.args.get("wilayah", "")
    if asked == ALL_REGIONS:
        session["catalog_region"] = ""
    elif asked in offering:
        session["catalog_region"] = asked
    if "catalog_region" in session:
        return session["catalog_region"], "chosen" if session["catalog_region"] else ""
    from_ikd = session.get("citizen_region", "")
    return (from_ikd, "ikd") if from_ikd in offering else ("", "")


def services_page() -> str:
    query = request.args.get("q", "").strip()[:100]
    sector = request.args.get("sektor", "")
    region, origin = chosen_region()
    listing = browse(catalog(), definitions_dir(), loci(), query=query, sector=sector, region=region)
    return render_template(
        "portal/services.html",
        listing=listing,
        query=query,
        sector=sector if sector in dict(listing.sectors) else "",
        sector_labels=SECTOR_LABELS,
        region=region,
        region_origin=origin,
        region_name=region_table(definitions_dir()).name,
    )


def region_choice_page() -> str:
    """A GET form back to the list: the kabupaten/kota where some service is offered, by name."""
    names = region_table(definitions_dir()).name
    regions = sorted(((code, names(code)) for code in regions_with_services(catalog(), loci())), key=_by_name)
    return render_template("portal/regions.html", regions=regions, region=chosen_region()[0])


def _by_name(pair: tuple[str, str]) -> Any:
    return pair[1].removeprefix("Kabupaten ").removeprefix("Kota ")
