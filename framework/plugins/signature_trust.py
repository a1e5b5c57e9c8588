"""Which certificates a signed product may be signed with: the roots of ``MPP_SIGNATURE_TRUST_ROOTS``.

Here, below the services, because start-up (``registry.check_startup``)
reads them too: a path that cannot be read stops the web app and the worker
instead of letting every signature through unchecked.
"""

from __future__ import annotations

import os
from typing import Any

from framework.core import settings as app_settings
from framework.plugins.base import SigningRefused

TRUST_ROOTS = "MPP_SIGNATURE_TRUST_ROOTS"  # PEM or DER files of the roots signing certificates must chain to


def trust_roots() -> list[Any]:
    """The certificates of ``MPP_SIGNATURE_TRUST_ROOTS`` (paths separated by ``:``), or [] when unset.

    A file that cannot be read is a `SigningRefused` naming it: checked at
    start-up (``registry.check_startup``), so a mistyped path stops the worker
    rather than letting every signature through unchecked.
    """
    from pyhanko.keys import load_certs_from_pemder

    paths = [part for part in os.environ.get(TRUST_ROOTS, "").split(os.pathsep) if part.strip()]
    try:
        return list(load_certs_from_pemder(paths))
    except (OSError, ValueError) as exc:
        raise SigningRefused(f"{TRUST_ROOTS}: cannot read a certificate from {', '.join(paths)} ({exc})") from None


def trust_warnings(environment: str | None = None) -> list[str]:
    """What start-up says about how far a signer's answer is trusted (raises when the roots cannot be read)."""
    if trust_roots() or (environment or app_settings.environment()) != "production":
        return []
    return [
        f"{TRUST_ROOTS} is not set: a signed PDF is checked for integrity only, not that BSrE's authority "
        "issued its certificate; set it to the BSrE root and CA certificates"
    ]
