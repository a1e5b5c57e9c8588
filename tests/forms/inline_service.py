"""A small inline service definition around the pages (and prefill, documents, steps) a test is about."""

from __future__ import annotations

HEADER = """\
service: {service}
version: 1
title: {title_yaml}
summary: {{id: Layanan uji., en: A test service.}}
sector: adminduk
provider: dukcapil
standard:
  legal_basis: [{{id: Undang-Undang Nomor 24 Tahun 2013, en: Law 24/2013}}]
  requirements: [{{id: KTP-el, en: Electronic ID card}}]
  sla: 1d
  fee: 0
  product: {{id: Surat, en: Letter}}
  complaints: lapor
"""


def service_yaml(service: str, title: str, body: str, *, english_title: bool = True) -> str:
    """``body`` (YAML from ``prefill:`` or ``pages:`` on) under the header every Dukcapil test service shares.

    Why: the header (sector, provider, the service standard) is what the
    definition checks require and no form test is about.
    """
    title_yaml = f"{{id: {title}, en: {title}}}" if english_title else f"{{id: {title}}}"
    return HEADER.format(service=service, title_yaml=title_yaml) + body
