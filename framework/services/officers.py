"""Officer accounts as a regional admin (in the admin) and the operator (`mpp user`) manage them.

One set of checks for both: the role must be one the definitions offered in
that region declare (or one of the two administrative roles), the region a real
Kemendagri code of the reference data, the password strong
(`framework.services.passwords`). A regional admin (``admin_daerah``) manages
the officers inside their region and may give them step roles only; the
administrative roles are given from the command line. One role per account, on
purpose: an officer who held two roles of one chain could approve their own
work at two steps, which the chain exists to prevent.

Disabling an account revokes its tokens; the admin re-reads the account on
every request, so a disabled officer's open sessions stop working too.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from framework.core.errors import FieldError, field_error
from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.forms.regions import level_of, region_table
from framework.services import audit_trail
from framework.services.accounts import USERNAME, hash_password
from framework.services.passwords import password_problems
from framework.store.models import ApiToken, User
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.areas import inside
from framework.workflow.loci import Loci
from framework.workflow.offering import offering_errors
from framework.workflow.roles import ADMIN_ROLE, ADMINISTRATIVE_ROLES, MINISTRY_ROLE

REGION_LEVEL_NAMES = {
    "province": Text("provinsi", "province"),
    "regency": Text("kabupaten/kota", "regency/city"),
    "district": Text("kecamatan", "district"),
    "village": Text("desa/kelurahan", "village"),
}


class OfficerError(ValueError):
    """The account change cannot be made; ``errors`` says which input and why, in both languages."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{error.field}: {error.message.en}" for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class Catalog:
    """What the checks read: the offered services and the folder of the reference data and loci."""

    specs: tuple[ServiceSpec, ...]
    definitions: Path
    loci: Loci | None = None  # the file's and the onboarded; None: the file's alone

    @classmethod
    def of(cls, specs: Iterable[ServiceSpec], definitions: Path, loci: Loci | None = None) -> Catalog:
        return cls(tuple(specs), definitions, loci)


def regencies_of(code: str, definitions: Path) -> list[str]:
    """The kabupaten/kota a region code is or lies in (all of a province's)."""
    table = region_table(definitions)
    if level_of(code) == "province":
        return [child.code for child in table.children(code) if child.level == "regency"]
    return [".".join(code.split(".")[:2])]


def offered_in(catalog: Catalog, region: str) -> list[ServiceSpec]:
    """The services offered in ``region`` (in its kabupaten/kota; in any of a province's)."""
    regencies = regencies_of(region, catalog.definitions)
    return [
        spec
        for spec in catalog.specs
        if any(
            not offering_errors(spec, regency, catalog.definitions, catalog.specs, catalog.loci)
            for regency in regencies
        )
    ]


def roles_offered(catalog: Catalog, region: str) -> list[str]:
    """The step roles of the services offered in ``region``, sorted (not the ministry's, which are national)."""
    roles = {step.role for spec in offered_in(catalog, region) for step in spec.steps}
    return sorted(roles - set(ADMINISTRATIVE_ROLES))


def region_errors(region: str | None, role: str, definitions: Path) -> list[FieldError]:
    """Is ``region`` a real code of the reference data, at a level the role works at?"""
    if not region:
        if role == MINISTRY_ROLE:
            return []
        return [field_error("region", "required", "Wilayah wajib diisi.", "A region is required.")]
    table = region_table(definitions)
    if level_of(region) is None:
        return [
            field_error(
                "region",
                "region_format",
                f"`{region}` bukan kode wilayah Kemendagri (mis. 73.12 atau 73.12.01.2001).",
                f"`{region}` is not a Kemendagri region code (e.g. 73.12 or 73.12.01.2001).",
            )
        ]
    if region not in table.by_code:
        return [
            field_error(
                "region",
                "unknown_region",
                f"`{region}` tidak ada dalam data referensi wilayah Kemendagri (definitions/reference/wilayah.csv).",
                f"`{region}` is not in the Kemendagri region reference (definitions/reference/wilayah.csv).",
            )
        ]
    if role == ADMIN_ROLE and level_of(region) not in ("province", "regency"):
        return [
            field_error(
                "region",
                "admin_level",
                "Admin daerah bertugas di provinsi atau kabupaten/kota.",
                "A regional admin works at province or regency/city level.",
            )
        ]
    return []


def role_errors(role: str, region: str | None, catalog: Catalog, by: Actor | None) -> list[FieldError]:
    """Is ``role`` one the definitions offered in ``region`` declare (or, from the command line, an
    administrative one)?
    """
    if not role:
        return [field_error("role", "required", "Peran wajib diisi.", "A role is required.")]
    if role in ADMINISTRATIVE_ROLES:
        if by is None:
            return []
        return [
            field_error(
                "role",
                "role_not_yours",
                "Peran administratif diberikan lewat perintah `mpp user add`.",
                "Administrative roles are given with `mpp user add`.",
            )
        ]
    offered = roles_offered(catalog, region) if region and region in region_table(catalog.definitions).by_code else []
    if role in offered:
        return []
    everywhere = {step.role for spec in catalog.specs for step in spec.steps}
    known = ", ".join(offered + ([] if by else list(ADMINISTRATIVE_ROLES))) or "-"
    if role in everywhere:
        if not region:
            return []  # `region_errors` says a region is required; this one read "region None"
        return [
            field_error(
                "role",
                "role_not_offered",
                f"Peran `{role}` tidak dipakai layanan yang tersedia di wilayah {region}. Pilihan: {known}.",
                f"No service offered in region {region} uses the role `{role}`. Choose one of: {known}.",
            )
        ]
    if not offered and not region:  # `region_errors` asks for the region; its roles can be listed once it is chosen
        return [field_error("role", "unknown_role", f"Peran `{role}` tidak dikenal.", f"Unknown role `{role}`.")]
    return [
        field_error(
            "role",
            "unknown_role",
            f"Peran `{role}` tidak dikenal. Pilihan di wilayah ini: {known}.",
            f"Unknown role `{role}`. Roles in this region: {known}.",
        )
    ]


def scope_errors(region: str | None, by: Actor | None) -> list[FieldError]:
    """A regional admin gives only regions inside their own."""
    if by is None or (region and by.region and inside(region, by.region)):
        return []
    return [
        field_error(
            "region",
            "outside_scope",
            f"Wilayah harus berada di dalam wilayah Anda ({by.region}).",
            f"The region must lie inside yours ({by.region}).",
        )
    ]


def check_password(password: str, username: str) -> list[FieldError]:
    return [FieldError("password", "weak_password", problem) for problem in password_problems(password, username)]


def create_officer(
    session: Session,
    catalog: Catalog,
    username: str,
    role: str,
    region: str | None,
    password: str | None,
    *,
    by: Actor | None = None,
) -> User:
    """Add an account after every check; ``by`` is the regional admin (None: the command line)."""
    errors = _username_errors(session, username)
    errors += region_errors(region, role, catalog.definitions) or scope_errors(region, by)
    errors += role_errors(role, region, catalog, by)
    if password is not None or by is not None:
        errors += check_password(password or "", username)
    if errors:
        raise OfficerError(errors)
    user = User(
        username=username,
        role=role,
        region=region or None,
        password_hash=hash_password(password) if password else None,
        active=True,
    )
    session.add(user)
    _audit(session, by, "user.add", user, {"role": role})
    session.commit()
    return user


def _username_errors(session: Session, username: str) -> list[FieldError]:
    if not USERNAME.match(username):
        return [
            field_error(
                "username",
                "username_format",
                "Nama pengguna: 2–80 huruf kecil, angka, `.`, `_` atau `-`.",
                "Username: 2–80 lower-case letters, digits, `.`, `_` or `-`.",
            )
        ]
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        return [
            field_error(
                "username", "username_taken", f"Pengguna `{username}` sudah ada.", f"User `{username}` already exists."
            )
        ]
    return []


def _audit(session: Session, by: Actor | None, action: str, user: User, details: dict | None = None) -> None:
    actor = by or Actor.system("mpp-cli")
    audit_trail.record(session, actor, action, user.username, details or {}, region=user.region)


def managed_user(session: Session, username: str, by: Actor) -> User:
    """An account the regional admin may manage (inside their region, not an administrative one), else LookupError."""
    user = session.scalar(select(User).where(User.username == username))
    if (
        user is None
        or by.role != ADMIN_ROLE
        or not by.region
        or user.role in ADMINISTRATIVE_ROLES
        or not user.region
        or not inside(user.region, by.region)
    ):
        raise LookupError(username)
    return user


def officers_in(session: Session, scope: str) -> list[User]:
    """The step-role accounts of a region, for its admin."""
    query = (
        select(User)
        .where(User.region.is_not(None), User.role.not_in(list(ADMINISTRATIVE_ROLES)))
        .order_by(User.region, User.username)
    )
    # filtered here, not as a range: `users.region` has the database's collation (tens of rows per region)
    return [user for user in session.scalars(query) if user.region and inside(user.region, scope)]


def update_officer(session: Session, catalog: Catalog, username: str, role: str, region: str, *, by: Actor) -> User:
    """Give a managed officer another role or area (the same checks as adding one)."""
    user = managed_user(session, username, by)
    errors = region_errors(region, role, catalog.definitions) or scope_errors(region, by)
    errors += role_errors(role, region, catalog, by)
    if errors:
        raise OfficerError(errors)
    before = {"role": user.role, "region": user.region}
    user.role, user.region = role, region
    _audit(session, by, "user.update", user, {"before": before, "after": {"role": role, "region": region}})
    session.commit()
    return user


TTE_NIK_INVALID = Text(
    "NIK sertifikat elektronik harus 16 angka NIK yang sah (kode wilayah dan tanggal lahir).",
    "The certificate's NIK must be a valid 16-digit NIK (region code and date of birth).",
)


def tte_nik_errors(nik: str) -> list[FieldError]:
    """A blank NIK (the office's certificate seals) or a valid one."""
    from framework.forms.types import valid_nik

    if not nik or (len(nik) == 16 and nik.isdigit() and valid_nik(nik)):
        return []
    return [FieldError("tte_nik", "invalid_nik", TTE_NIK_INVALID)]


def tte_holder_errors(session: Session, nik: str, role: str, username: str) -> list[FieldError]:
    """A certificate for an officer who signs, held by one account only.

    Why: a certificate's NIK is one person's; on a second account, or on an
    officer whose role signs no issuer's documents, it would either sign in
    someone else's name or never be asked for.
    """
    from framework.services.issuing import declared_issuers

    if not nik:
        return []
    signatories = sorted({issuer.signatory for issuer in declared_issuers().values() if issuer.signatory})
    if role not in signatories:
        return [
            field_error(
                "tte_nik",
                "not_a_signatory",
                f"Peran `{role}` tidak menandatangani dokumen; sertifikat sendiri dipakai peran penanda tangan "
                f"penerbit: {', '.join(signatories) or '-'}.",
                f"The role `{role}` signs no documents; an own certificate is for the issuers' signatory roles: "
                f"{', '.join(signatories) or '-'}.",
            )
        ]
    holder = session.scalar(select(User.username).where(User.tte_nik == nik, User.username != username))
    if holder is not None:
        return [
            field_error(
                "tte_nik",
                "taken",
                "NIK sertifikat ini sudah terdaftar untuk akun lain: satu sertifikat milik satu petugas.",
                "This certificate's NIK is already registered to another account: one certificate, one officer.",
            )
        ]
    return []


def set_tte_nik(session: Session, username: str, nik: str, *, by: Actor | None) -> User:
    """Register (or clear, with "") the NIK of the officer's own electronic certificate; ``by`` None: the CLI."""
    nik = nik.strip()
    user = session.scalar(select(User).where(User.username == username)) if by is None else None
    if by is not None:
        user = managed_user(session, username, by)
    if user is None:
        raise LookupError(username)
    if errors := tte_nik_errors(nik) or tte_holder_errors(session, nik, user.role, username):
        raise OfficerError(errors)
    before = user.tte_nik
    user.tte_nik = nik or None
    # the audit keeps whether it was set and its last digits: enough to trace a change, not to copy the NIK
    _audit(session, by, "user.tte_nik", user, {"before": _tail(before), "after": _tail(user.tte_nik)})
    session.commit()
    return user


def _tail(nik: str | None) -> str | None:
    return None if not nik else "************" + nik[-4:]


def set_active(session: Session, username: str, active: bool, *, by: Actor | None) -> User:
    """Disable (tokens revoked) or enable an account; ``by`` None is the command line, which may reach any account."""
    user = session.scalar(select(User).where(User.username == username)) if by is None else None
    if by is not None:
        user = managed_user(session, username, by)
    if user is None:
        raise LookupError(username)
    user.active = active
    if not active:
        _revoke(session, user.username)
    _audit(session, by, "user.enable" if active else "user.disable", user)
    session.commit()
    return user


EndSessions = Callable[[str], object]
"""Ends every signed-in session of one account, named ``officer:<username>``: the web's session store, bound to the
app and the request (``framework.web.sessions.session_ender``). A password change takes one and calls it itself:
when each screen had to end the sessions after the call, one that forgot would have left a copied cookie alive."""


def officer_subject(username: str) -> str:
    """The account's name in the session store (``framework.web.sessions.subject_of``)."""
    return f"officer:{username}"


def reset_password(session: Session, username: str, *, by: Actor, end_sessions: EndSessions) -> str:
    """A new temporary password (shown once to the admin); the officer must change it at the next sign-in.

    Whoever holds the old password, or a session opened with it, is out at once: every session of the account ends.
    """
    user = managed_user(session, username, by)
    temporary = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    _revoke(session, user.username)
    _audit(session, by, "user.reset_password", user)
    session.commit()
    end_sessions(officer_subject(user.username))
    return temporary


TOO_MANY_ATTEMPTS = "too_many_attempts"
WRONG_CURRENT = field_error("current", "wrong_password", "Kata sandi saat ini salah.", "The current password is wrong.")
SAME_AGAIN = field_error(
    "password",
    "same_password",
    "Pilih kata sandi yang berbeda dari yang lama.",
    "Choose a password other than the old one.",
)


def change_own_password(session: Session, actor: Actor, current: str, new: str, *, end_sessions: EndSessions) -> None:
    """The signed-in officer replaces their password (knowing the current one), and every other session ends.

    A wrong current password counts as a failed sign-in of the account from
    the officer's address (`signin_throttle`): whoever holds a session (a
    borrowed desk, a copied cookie) gets no more guesses here than at the
    sign-in form, and the two add up. Once changed, ``end_sessions`` ends the
    account's sessions (one left open at another desk, a copied cookie); the
    web's store keeps the caller's own one signed in under a new token.
    """
    from framework.services import signin_throttle

    user = signin_throttle.attempt(session, actor.id, actor.ip or "-", current)
    if isinstance(user, signin_throttle.Refused):
        raise OfficerError([too_many_attempts(user.retry_after)])
    errors = [] if user is not None else [WRONG_CURRENT]
    errors += check_password(new, actor.id)
    if not errors and new == current:
        errors.append(SAME_AGAIN)
    if errors or user is None:
        session.commit()  # the throttle's counters stand even though the change does not
        raise OfficerError(errors)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    _audit(session, actor, "user.change_password", user)
    session.commit()
    end_sessions(officer_subject(actor.id))


def too_many_attempts(retry_after: int) -> FieldError:
    """Refused before the current password is checked: the account's guesses wait for their next slot."""
    return field_error(
        "current",
        TOO_MANY_ATTEMPTS,
        f"Terlalu banyak percobaan kata sandi salah; coba lagi dalam {retry_after} detik.",
        f"Too many wrong passwords; try again in {retry_after} seconds.",
    )


def _revoke(session: Session, username: str) -> int:
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.kind == "user", ApiToken.subject == username, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def revoke_tokens(session: Session, *, token: str | None = None, user: str | None = None) -> int:
    """Revoke one bearer token, or every token of a user; returns how many were live.

    An unknown user is a LookupError (as for :func:`set_active`): "0 revoked" read as success for a typo.
    """
    from framework.services.accounts import token_digest

    if (token is None) == (user is None):
        raise OfficerError([field_error("token", "one_of", "Sebutkan --token atau --user.", "Give --token or --user.")])
    if user is not None:
        if session.scalar(select(User.id).where(User.username == user)) is None:
            raise LookupError(user)
        count = _revoke(session, user)
    else:
        result = session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == token_digest(token or ""), ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        count = int(getattr(result, "rowcount", 0) or 0)
    audit_trail.record(session, Actor.system("mpp-cli"), "token.revoke", user, {"count": count})
    session.commit()
    return count


def current_officer(session: Session, username: str, ip: str | None = None) -> tuple[User, Actor] | None:
    """The active account behind a session, read afresh (a disabled or changed account takes effect at once)."""
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None:
        return None
    return user, Actor.officer(user.username, user.role, user.region, ip)
