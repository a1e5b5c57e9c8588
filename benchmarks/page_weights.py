"""How heavy each portal page is for a cheap phone on a slow network: ``python benchmarks/page_weights.py``.

Builds the app as `mpp serve` does (bundled catalog, sandbox registries, a
fresh migrated SQLite database with a small demo seed), signs in through the
sandbox IKD picker as the applicant of a returned application, then fetches
every page a citizen sees three times: uncompressed, gzip and brotli (what
Flask-Compress answers to `Accept-Encoding`). Prints a Markdown table of the
sizes and, last, the budget verdict: HTML under 15 KB, CSS under 10 KB
(uncompressed). Exit 1 when a page is over its budget, so `make
page-weights` can guard it; the test suite never asserts sizes.

``--json PATH`` also writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

HTML_BUDGET = 15 * 1024
CSS_BUDGET = 10 * 1024
SERVICES = ("adminduk.akta-kelahiran", "adminduk.kk")  # each form page of two services
REGION = "32.03"  # Kabupaten Cianjur: the national forms


@dataclass(frozen=True)
class Weight:
    page: str
    path: str
    status: int
    raw: int
    gzip: int
    brotli: int
    kind: str  # html, css, js

    @property
    def budget(self) -> int:
        return CSS_BUDGET if self.kind == "css" else HTML_BUDGET if self.kind == "html" else 0


def build_app(folder: Path) -> Any:
    os.environ.setdefault("MPP_ENV", "development")
    os.environ["MPP_INSTANCE"] = str(folder / "instance")
    from framework.store import upgrade
    from framework.web import create_app

    url = f"sqlite:///{folder / 'mpp.sqlite3'}"
    upgrade(url)
    return create_app(
        {
            "MPP_DATABASE_URL": url,
            "SECRET_KEY": "page-weights",
            "MPP_UPLOADS": str(folder / "uploads"),
            "MPP_DRAFTS": "",
            "MPP_RATE_LIMITS_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }
    )


def seed(app: Any, folder: Path) -> dict[str, str]:
    """A few dozen demo applications; the tracking numbers of a returned and an approved one, and their applicant."""
    from sqlalchemy import select

    from framework.storage import LocalStorage
    from framework.store.models import Application
    from framework.web.database import sessions
    from framework.web.services import catalog
    from plugins.sandbox.demo import seed as demo_seed

    with app.app_context(), sessions(app)() as session:
        demo_seed(session, catalog=catalog(), count=40, storage=LocalStorage(folder / "uploads"))
        returned = session.scalars(select(Application).where(Application.state == "returned")).first()
        decided = session.scalars(select(Application).where(Application.state == "approved")).first()
        assert returned is not None and decided is not None, "the demo seed made no returned or approved application"
        return {"returned": returned.tracking_number, "nik": returned.applicant_nik, "decided": decided.tracking_number}


def pages(client: Any, known: dict[str, str]) -> list[tuple[str, str, str]]:
    """(name, path, method) of every page; starts drafts and leaves one page in its error state on the way."""
    listed = [
        ("sign-in (IKD picker)", "/masuk/ikd", "GET"),
        ("sign-in (officer)", "/masuk/petugas", "GET"),
        ("catalog", "/layanan/", "GET"),
        ("catalog, searched", "/layanan/?q=akta", "GET"),
        ("catalog, sector", "/layanan/?sektor=nakes", "GET"),
        ("choose a region", "/layanan/pilih-wilayah", "GET"),
        ("tracking (public)", f"/lacak/{known['decided']}", "GET"),
        ("not found (404)", "/tidak-ada", "GET"),
        ("verification, unknown code", "/verifikasi/tidak-ada", "GET"),
        ("regions' figures (public)", "/kinerja/", "GET"),
        ("a region's figures (public)", f"/kinerja/{REGION}", "GET"),
    ]
    client.post("/masuk/ikd/sandbox", data={"nik": known["nik"]})
    listed += [
        ("my applications", "/permohonan-saya", "GET"),
        ("tracking (applicant)", f"/lacak/{known['returned']}", "GET"),
        ("correction", f"/lacak/{known['returned']}/perbaiki", "GET"),
        ("inbox", "/kotak-masuk", "GET"),
        ("profile", "/profil", "GET"),
        ("complaints", "/pengaduan", "GET"),
        ("new complaint", "/pengaduan/baru", "GET"),
    ]
    for service in SERVICES:
        listed.append((f"{service}: start", f"/layanan/{service}", "GET"))
        started = client.post(f"/layanan/{service}/mulai", data={"region": REGION})
        first = started.headers["Location"]
        for page in _form_pages(client, service, first):
            listed.append((f"{service}: {page.rsplit('/', 1)[-1]}", page, "GET"))
        listed.append((f"{service}: check answers", f"/layanan/{service}/periksa-jawaban", "GET"))
    listed.append(("form page with errors", f"/layanan/{SERVICES[0]}/anak", "POST"))
    return listed


def emptied(client: Any, path: str) -> dict[str, list[str]]:
    """What a browser posts when the citizen sends the page with every field left empty."""
    html = client.get(path).get_data(as_text=True)
    return {"_field": re.findall(r'name="_field" value="([^"]+)"', html)}


def _form_pages(client: Any, service: str, first: str) -> list[str]:
    """The form's pages in order, read from the progress list's links of the first page."""
    from framework.web.services import catalog

    with client.application.app_context():
        spec = catalog().specs[service]
    found = [f"/layanan/{service}/{page.id}" for page in spec.pages]
    return found + ([f"/layanan/{service}/unggah-dokumen"] if spec.documents else [])


def measure(client: Any, name: str, path: str, method: str) -> Weight:
    sizes = {}
    status = 0
    kind = "html"
    for encoding in ("identity", "gzip", "br"):
        data = emptied(client, path) if method == "POST" else None
        answer = client.open(path, method=method, headers={"Accept-Encoding": encoding}, data=data)
        sizes[encoding], status = len(answer.get_data()), answer.status_code
        kind = {"text/css": "css", "text/javascript": "js"}.get(answer.mimetype, "html")
    return Weight(name, path, status, sizes["identity"], sizes["gzip"], sizes["br"], kind)


def static_files(client: Any) -> list[tuple[str, str, str]]:
    html = client.get("/layanan/").get_data(as_text=True)
    css = re.search(r'href="(/aset/portal/portal\.[0-9a-f]+\.css)"', html)
    found = [("stylesheet", css.group(1), "GET")] if css else []
    with client.application.test_request_context():
        from framework.web.assets import static_url

        found.append(("conditional fields script", static_url("portal/when.js"), "GET"))
    return found


def table(weights: list[Weight]) -> str:
    lines = ["| page | status | HTML/CSS bytes | gzip | brotli | budget |", "|---|---:|---:|---:|---:|---|"]
    for w in weights:
        verdict = f"{'ok' if w.raw <= w.budget else 'OVER'} (< {w.budget // 1024} KB)" if w.budget else ""
        lines.append(f"| {w.page} | {w.status} | {w.raw:,} | {w.gzip:,} | {w.brotli:,} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mpp-weights-") as folder:
        app = build_app(Path(folder))
        known = seed(app, Path(folder))
        client = app.test_client()
        listed = static_files(client) + pages(client, known)
        weights = [measure(client, *entry) for entry in listed]
    print(table(weights))
    over = [w for w in weights if w.budget and w.raw > w.budget]
    largest = max((w for w in weights if w.kind == "html"), key=lambda w: w.raw)
    print(f"\nlargest page: {largest.page}, {largest.raw:,} bytes ({largest.brotli:,} with brotli)")
    if args.json:
        args.json.write_text(json.dumps([w.__dict__ for w in weights], indent=2), encoding="utf-8")
    if over:
        print("over budget: " + ", ".join(f"{w.page} ({w.raw:,} bytes)" for w in over), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
