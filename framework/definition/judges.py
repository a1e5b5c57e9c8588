"""The judges: one small pure function per kind of difference, and the tables that pick them.

Each judge gets the old and the new value of one attribute (or a whole added
or removed element) and says whether the change tightens, is neutral or
loosens, with the code a regional variant is refused with and the reason in
Bahasa Indonesia and English. tightening.py finds the differences; an
attribute no table knows loosens (``judge_change``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from framework.definition.durations import parse_duration
from framework.definition.implication import condition, implies
from framework.definition.messages import EMPTY, Text, msg, named, shown
from framework.definition.metaschema import _STANDARD_TEXTS, REGION_LEVELS
from framework.definition.retention import retention_days, retention_words

OPEN = "open"  # the value of `regional` that opens an element to regional change


class Verdict(str, enum.Enum):
    TIGHTENS = "tightens"
    NEUTRAL = "neutral"
    LOOSENS = "loosens"


VERDICT_WORDS = {
    Verdict.TIGHTENS: msg("mengetatkan", "tightens"),
    Verdict.NEUTRAL: msg("netral", "neutral"),
    Verdict.LOOSENS: msg("melonggarkan", "loosens"),
}


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    code: str | None = None  # the code a variant is refused with, for a loosening
    reason: Text = EMPTY


@dataclass(frozen=True)
class Facts:
    """What a judge may look at besides the two values."""

    kind: str
    item: str
    old_item: Mapping[str, Any]  # the element in the old version ({} when added)
    read: frozenset[str]  # fields the old version's conditions and rules read

    @property
    def name(self) -> Text:
        """`kolom `nama``: a field inside a group by its own id; a requirement (a sentence, often ending in
        a full stop) whole."""
        own = self.item.rsplit(".", 1)[-1] if self.kind == "field" else self.item
        return named(_NOUN.get(self.kind, self.kind), own)


_NOUN = {"prefill": "lookup", "procedure": "procedure step"}

Judge = Callable[[Any, Any, Facts], Judgement]


def _tightens(reason: Text = EMPTY) -> Judgement:
    return Judgement(Verdict.TIGHTENS, None, reason)


def _neutral(_old: Any = None, _new: Any = None, _facts: Facts | None = None) -> Judgement:
    return Judgement(Verdict.NEUTRAL)


def _loosens(code: str, reason: Text) -> Judgement:
    return Judgement(Verdict.LOOSENS, code, reason)


def _unproven(code: str, facts: Facts, attribute: str, old: Any, new: Any) -> Judgement:
    return _loosens(
        code,
        msg(
            f"{facts.name.id}: `{attribute}` diubah dari {shown(old)} menjadi "
            f"{shown(new)}, yang tidak terbukti lebih ketat; varian hanya boleh "
            f"mengetatkan (templat dapat menandai butir ini `regional: open`)",
            f"{facts.name.en}: `{attribute}` changed from {shown(old)} to "
            f"{shown(new)}, which cannot be shown to be tighter; a variant may "
            f"only tighten (the template can mark this element `regional: open`)",
        ),
    )


# --- the judges, one per kind of difference ------------------------------------------


def _required(old: Any, new: Any, facts: Facts) -> Judgement:
    if new and not old:
        return _tightens()
    return _loosens(
        "VARIANT_DROPS_REQUIRED",
        msg(
            f"{facts.name.id} diwajibkan templat; varian tidak dapat menjadikannya opsional",
            f"{facts.name.en} is required by the template; a variant cannot make it optional",
        ),
    )


def _matters(facts: Facts) -> bool:
    """Asking this element less often loosens: it is required, or a condition or rule reads it."""
    item = facts.old_item
    if facts.kind == "page":
        return bool(item.get("required_fields")) or bool(set(item.get("field_order", [])) & facts.read)
    return bool(item.get("required")) or facts.item.rsplit(".", 1)[-1] in facts.read


def _visibility(old: Any, new: Any, facts: Facts) -> Judgement:
    """`when` of a field, page or document: shown in at least the same cases tightens."""
    if implies(condition(old), condition(new)):
        return _tightens() if _matters(facts) else _neutral()
    if not _matters(facts):
        return _neutral()
    return _loosens(
        "VARIANT_LOOSENS_CONDITION",
        msg(
            f"{facts.name.id} wajib atau dipakai aturan, tetapi kondisinya diubah dari {shown(old)} "
            f"menjadi {shown(new)}, sehingga tidak terbukti tetap ditanyakan dalam semua keadaan "
            f"yang diminta templat; varian hanya boleh memperluasnya (mis. `<kondisi lama> or ...`)",
            f"{facts.name.en} is required or read by a rule, but its condition changed from "
            f"{shown(old)} to {shown(new)}, so it cannot be shown to be still asked whenever "
            f"the template asks it; a variant may only widen it (e.g. `<old condition> or ...`)",
        ),
    )


def _rule_condition(old: Any, new: Any, facts: Facts) -> Judgement:
    """A rule's `when` describes a mistake: catching at least the same mistakes tightens."""
    if implies(condition(old), condition(new)):
        return _tightens()
    return _loosens(
        "VARIANT_LOOSENS_RULE",
        msg(
            f"{facts.name.id}: kondisi diubah dari {shown(old)} menjadi {shown(new)}, yang tidak "
            f"terbukti menangkap semua kesalahan yang ditangkap templat; varian hanya boleh memperluasnya "
            f"(mis. `<kondisi lama> or ...`), kecuali templat menandai aturan ini `regional: open`",
            f"{facts.name.en}: its condition changed from {shown(old)} to {shown(new)}, which "
            f"cannot be shown to catch every mistake the template catches; a variant may only widen "
            f"it (e.g. `<old condition> or ...`) unless the template marks the rule `regional: open`",
        ),
    )


def _locked(old: Any, new: Any, facts: Facts) -> Judgement:
    if new and not old:
        return _tightens()
    return _loosens(
        "VARIANT_UNLOCKS",
        msg(
            f"{facts.name.id} dikunci templat pada nilai dari "
            f"registri; varian tidak dapat membukanya untuk diubah warga",
            f"{facts.name.en} is locked by the template to the "
            f"registry's value; a variant cannot let the citizen change it",
        ),
    )


def _prefill(old: Any, new: Any, facts: Facts) -> Judgement:
    if old is None:
        return _tightens()
    return _loosens(
        "VARIANT_CHANGES_PREFILL",
        msg(
            f"{facts.name.id} diisi templat dari `{old}`; varian tidak dapat "
            f"mengganti atau menghapus sumber datanya (sekarang {shown(new)})",
            f"{facts.name.en} is filled by the template from `{old}`; a variant "
            f"cannot replace or drop where its value comes from (now {shown(new)})",
        ),
    )


def _lookup(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_CHANGES_PREFILL",
        msg(
            f"{facts.name.id} mengambil data dengan {shown(old)}; varian tidak dapat mengubahnya menjadi {shown(new)}",
            f"{facts.name.en} takes its data with {shown(old)}; a variant cannot change it to {shown(new)}",
        ),
    )


def _accept(old: Any, new: Any, facts: Facts) -> Judgement:
    if set(new or ()) <= set(old or ()):
        return _tightens()
    return _loosens(
        "VARIANT_LOOSENS_UPLOAD",
        msg(
            f"{facts.name.id} menerima {shown(old)} di templat; varian "
            f"tidak dapat menerima jenis berkas lain ({shown(new)})",
            f"{facts.name.en} accepts {shown(old)} in the template; "
            f"a variant cannot accept other file types ({shown(new)})",
        ),
    )


def _max_size(old: Any, new: Any, facts: Facts) -> Judgement:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and new <= old:
        return _tightens()
    return _loosens(
        "VARIANT_LOOSENS_UPLOAD",
        msg(
            f"{facts.name.id} paling besar {old} MB di templat; varian "
            f"tidak dapat menerima berkas yang lebih besar ({new} MB)",
            f"{facts.name.en} is at most {old} MB in the template; a variant cannot accept larger files ({new} MB)",
        ),
    )


# what adding or removing an officer's action does: the powers to stop an application must stay
_ACTIONS = {
    "approve": (Verdict.LOOSENS, Verdict.TIGHTENS),
    "return": (Verdict.TIGHTENS, Verdict.LOOSENS),
    "reject": (Verdict.TIGHTENS, Verdict.LOOSENS),
}


def _actions(old: Any, new: Any, facts: Facts) -> Judgement:
    old_set, new_set = set(old or ()), set(new or ())
    verdicts = [_ACTIONS.get(a, (Verdict.LOOSENS,) * 2)[0] for a in new_set - old_set]
    verdicts += [_ACTIONS.get(a, (Verdict.LOOSENS,) * 2)[1] for a in old_set - new_set]
    if Verdict.LOOSENS not in verdicts:
        return _tightens() if verdicts else _neutral()
    return _loosens(
        "VARIANT_WEAKENS_STEP",
        msg(
            f"{facts.name.id}: tindakan {shown(old)} menjadi {shown(new)}; "
            f"varian tidak dapat menghapus `return` atau `reject` (petugas "
            f"kehilangan wewenang menghentikan permohonan) atau menambah `approve`",
            f"{facts.name.en}: actions {shown(old)} became {shown(new)}; a variant cannot remove "
            f"`return` or `reject` (the officer loses the power to stop an application) or add `approve`",
        ),
    )


def _role(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_CHANGES_ROLE",
        msg(
            f"{facts.name.id} dikerjakan `{old}` menurut templat; varian tidak dapat "
            f"menyerahkannya kepada `{new}` kecuali templat menandainya `regional: open`",
            f"{facts.name.en} is done by `{old}` in the template; a variant cannot "
            f"hand it to `{new}` unless the template marks it `regional: open`",
        ),
    )


def _provider(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_CHANGES_ROLE",
        msg(
            f"penyedia `{old}` menindaklanjuti permohonan yang disetujui "
            f"menurut templat; varian tidak dapat menggantinya dengan `{new}`",
            f"provider `{old}` acts on an approved application in "
            f"the template; a variant cannot replace it with `{new}`",
        ),
    )


def _issuer(old: Any, new: Any, facts: Facts) -> Judgement:
    """Who issues is who acts: a variant may not change it (nor name one where the template names none)."""
    before = (
        Text(f"penerbit `{old}`", f"issuer `{old}`")
        if old
        else Text("penyedia layanan (templat tidak menyebut `issuer`)", "the provider (the template names no `issuer`)")
    )
    after = Text(f"`{new}`", f"`{new}`") if new else Text("penyedia layanan", "the provider")
    return _loosens(
        "VARIANT_CHANGES_ROLE",
        msg(
            f"{before.id} menerbitkan dokumen permohonan yang disetujui menurut templat; "
            f"varian tidak dapat menggantinya dengan {after.id}",
            f"{before.en} issues the document of an approved application in the template; "
            f"a variant cannot replace it with {after.en}",
        ),
    )


# (old on_deadline, new on_deadline) pairs shown to tighten; every other change loosens
_DEADLINE_TIGHTER = frozenset({(None, "escalate"), ("approve", None), ("approve", "escalate")})


def _deadline(old: Any, new: Any, facts: Facts) -> Judgement:
    if (old, new) in _DEADLINE_TIGHTER:
        return _tightens()
    return _loosens(
        "VARIANT_LOOSENS_DEADLINE",
        msg(
            f"{facts.name.id}: `on_deadline` {shown(old)} menjadi {shown(new)}; "
            f"varian tidak dapat membuat keputusan otomatis saat tenggat yang tidak "
            f"ada di templat (boleh menghapus `approve` atau menambah `escalate`)",
            f"{facts.name.en}: `on_deadline` {shown(old)} became {shown(new)}; "
            f"a variant cannot decide automatically at the deadline where "
            f"the template does not (it may drop `approve` or add `escalate`)",
        ),
    )


def _sla(old: Any, new: Any, facts: Facts) -> Judgement:
    before, after = parse_duration(old), parse_duration(new)
    if after is None:  # not a duration (`2 jam`): BAD_DURATION says so; calling it longer would be false
        return _neutral()
    if before is None or after <= before:
        return _tightens()
    if facts.kind == "step":
        reason = msg(
            f"SLA tahap `{facts.item}` `{new}` lebih lama dari SLA templat `{old}`; varian hanya boleh memperpendek",
            f"step `{facts.item}` SLA `{new}` is longer than the template's `{old}`; a variant may only shorten it",
        )
    else:
        reason = msg(
            f"SLA `{new}` lebih lama dari SLA templat `{old}`; varian hanya boleh memperpendek",
            f"SLA `{new}` is longer than the template's `{old}`; a variant may only shorten it",
        )
    return _loosens("VARIANT_LONGER_SLA", reason)


def _fee(old: Any, new: Any, facts: Facts) -> Judgement:
    if isinstance(new, (int, float)) and isinstance(old, (int, float)) and new <= old:
        return _tightens()
    why = msg(" (gratis)", " (free of charge)") if old == 0 else EMPTY  # the sector, and so the law, is not known here
    return _loosens(
        "VARIANT_RAISES_FEE",
        msg(
            f"biaya templat adalah {_rupiah(old)}{why.id}; varian tidak boleh memungut {_rupiah(new)}",
            f"the template's fee is {_rupiah(old)}{why.en}; a variant cannot charge {_rupiah(new)}",
        ),
    )


def _rupiah(amount: Any) -> str:
    """``10000`` → ``Rp 10.000``, as Indonesians write an amount; anything else as written."""
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        return f"`{amount}`"
    return f"Rp {amount:,.0f}".replace(",", ".")


_KEEP_SHORTER = msg("; varian daerah hanya boleh memperpendeknya", "; a regional variant may only shorten it")


def _retention(old: Any, new: Any, facts: Facts) -> Judgement:
    """`standard.retention`: the citizen's personal data kept for less time tightens, for longer loosens.

    Why this way round, although a shorter period also means a closed case
    can be looked at again for less time: retention is the service's promise
    of data minimisation to the citizen (the README's security table), and
    `mpp purge` takes away only what identifies or describes the citizen
    (answers, documents, NIK, reasons, comments).
    What the ministry's oversight reads stays whatever the period: the
    audit trail whole and hash-chained (who acted, when), the service,
    region, state, dates and deadlines behind the statistics and SLA
    compliance (framework/services/retention.py). So a shorter period costs
    the auditor nothing they check and gives the citizen more; a longer one
    keeps the citizen's data longer than was promised. A period removed, or
    one `mpp purge` cannot read (``5 tahun``), purges nothing: the data is
    kept for ever, which loosens. A first period (none before) tightens; the
    same period written otherwise (``12m``, ``360d``) is neutral. Whether a
    period is long enough to handle a complaint about the decision is a
    question about the value, not about the direction of a change.
    """
    before, after = retention_days(old), retention_days(new)
    was, now = retention_words(old), retention_words(new)
    if after is not None and (before is None or after < before):
        return _tightens()
    if after == before:  # the same period, or two values that both keep the data for ever
        return _neutral()
    if after is not None:
        reason = msg(
            f"masa retensi data diperpanjang dari {was.id} menjadi {now.id} setelah keputusan: data pribadi "
            "warga disimpan lebih lama",
            f"data retention lengthened from {was.en} to {now.en} after the decision: the citizen's "
            "personal data is kept longer",
        )
    elif new is None:
        reason = msg(
            f"masa retensi data {was.id} dihapus: `mpp purge` tidak lagi menghapus data pribadi permohonan "
            "yang selesai, sehingga disimpan selamanya",
            f"the data retention of {was.en} is removed: `mpp purge` no longer removes the personal data "
            "of closed applications, so it is kept for ever",
        )
    else:
        reason = msg(
            f"masa retensi data {was.id} diganti dengan `{new}`, yang bukan masa retensi (`5y`, `18m`, `90d`): "
            "`mpp purge` tidak dapat membacanya, sehingga data pribadi disimpan selamanya",
            f"the data retention of {was.en} became `{new}`, which is not a retention period (`5y`, `18m`, "
            "`90d`): `mpp purge` cannot read it, so the personal data is kept for ever",
        )
    return _loosens("VARIANT_LOOSENS_STANDARD", reason + _KEEP_SHORTER)


def _type(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_CHANGES_ID",
        msg(
            f"{facts.name.id} berjenis `{old}` di templat; varian tidak dapat mengubah jenisnya",
            f"{facts.name.en} is a `{old}` in the template; a variant cannot change its type",
        ),
    )


def _sector(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_CHANGES_ID",
        msg(
            f"sektor `{new}` berbeda dari sektor templat `{old}`",
            f"sector `{new}` differs from the template's `{old}`",
        ),
    )


def _bound(tighter: Callable[[float, float], bool]) -> Judge:
    """A limit on the answer: tighter when added or moved the stricter way."""

    def judge(old: Any, new: Any, facts: Facts) -> Judgement:
        if new is not None and (old is None or tighter(new, old)):
            return _tightens()
        return _loosens(
            "VARIANT_LOOSENS_FIELD",
            msg(
                f"{facts.name.id}: batas {shown(old)} dilonggarkan menjadi "
                f"{shown(new)}; varian hanya boleh memperketat batas",
                f"{facts.name.en}: the limit {shown(old)} was relaxed to "
                f"{shown(new)}; a variant may only make limits stricter",
            ),
        )

    return judge


def _repeat(old: Any, new: Any, facts: Facts) -> Judgement:
    old, new = old or {}, new or {}
    if new and old and new.get("min", 0) >= old.get("min", 0) and new.get("max", 0) <= old.get("max", 0):
        return _tightens()
    return _bound(lambda a, b: False)(old, new, facts)


def _options(old: Any, new: Any, facts: Facts) -> Judgement:
    if old is not None and new is not None and set(new) == set(old):
        return _neutral()  # the same choices, only their labels (texts) reworded
    if old is not None and new is not None and set(new) <= set(old):
        return _tightens()
    return _loosens(
        "VARIANT_LOOSENS_FIELD",
        msg(
            f"{facts.name.id}: pilihan {shown(sorted(old or ()))} menjadi "
            f"{shown(sorted(new or ()))}; varian hanya boleh mengurangi pilihan",
            f"{facts.name.en}: the options {shown(sorted(old or ()))} became "
            f"{shown(sorted(new or ()))}; a variant may only offer fewer",
        ),
    )


def _pattern(old: Any, new: Any, facts: Facts) -> Judgement:
    return _tightens() if old is None else _unproven("VARIANT_LOOSENS_FIELD", facts, "pattern", old, new)


def _level(old: Any, new: Any, facts: Facts) -> Judgement:
    depth = {level: number for number, level in enumerate(REGION_LEVELS)}
    if depth.get(new or "village", -1) >= depth.get(old or "village", 0):
        return _tightens()
    return _unproven("VARIANT_LOOSENS_FIELD", facts, "level", old, new)


def _regional(old: Any, new: Any, facts: Facts) -> Judgement:
    if old == OPEN and new is None:
        return _tightens()
    return _loosens(
        "VARIANT_SELF_OPENS",
        msg(
            f"{facts.name.id}: hanya templat yang dapat membuka butir "
            f"untuk perubahan daerah (`regional: {OPEN}`), bukan varian",
            f"{facts.name.en}: only the template can open an element "
            f"to regional change (`regional: {OPEN}`), not a variant",
        ),
    )


def _complaints(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_LOOSENS_STANDARD",
        msg(
            f"pengaduan ditangani lewat `{old}` menurut templat; varian tidak dapat mengalihkannya ke {shown(new)}",
            f"complaints go to `{old}` in the template; a variant cannot send them to {shown(new)}",
        ),
    )


def _channels(old: Any, new: Any, facts: Facts) -> Judgement:
    if set(old or ()) <= set(new or ()):
        return _neutral()
    return _loosens(
        "VARIANT_DROPS_NOTICE",
        msg(
            f"notifikasi `{facts.item}` dikirim lewat {shown(old)} menurut "
            f"templat; varian tidak dapat menghapus kanal ({shown(new)})",
            f"notification `{facts.item}` goes by {shown(old)} in the "
            f"template; a variant cannot drop a channel ({shown(new)})",
        ),
    )


def _when(old: Any, new: Any, facts: Facts) -> Judgement:
    return (_rule_condition if facts.kind == "rule" else _visibility)(old, new, facts)


_TEXTS = frozenset(
    {"title", "summary", "label", "hint", "intro", "message", "pattern_message", "product", "fee_basis", "letter"}
    | set(_STANDARD_TEXTS)
)
# attributes whose change never tightens nor loosens: texts (`en`: a published list item's English),
# identity and the order of the form
_IDENTITY_AND_ORDER = {
    "version",
    "service",
    "extends",
    "region",
    "template",
    "page",
    "field_order",
    "position",
    "field",
}
# `wording`: a standard's list item whose text changed only in case, spacing or a closing full stop
_NEUTRAL = _TEXTS | {"en", "wording"} | _IDENTITY_AND_ORDER

# attribute -> its judge; an attribute in neither table loosens (it cannot be shown to tighten)
_ATTRIBUTES: dict[str, Judge] = {
    **dict.fromkeys(_NEUTRAL, _neutral),
    "required": _required,
    "when": _when,
    "locked": _locked,
    "prefill": _prefill,
    "source": _lookup,
    "by": _lookup,
    "accept": _accept,
    "max_mb": _max_size,
    "actions": _actions,
    "role": _role,
    "provider": _provider,
    "issuer": _issuer,
    "on_deadline": _deadline,
    "sla": _sla,
    "fee": _fee,
    "retention": _retention,
    "type": _type,
    "sector": _sector,
    "min": _bound(lambda new, old: new >= old),
    "min_length": _bound(lambda new, old: new >= old),
    "max": _bound(lambda new, old: new <= old),
    "max_length": _bound(lambda new, old: new <= old),
    "repeat": _repeat,
    "options": _options,
    "pattern": _pattern,
    "level": _level,
    "regional": _regional,
    "complaints": _complaints,
    "channels": _channels,
}

# a kind's code for a change no judge knows
_KIND_CODES = {
    "field": "VARIANT_LOOSENS_FIELD",
    "page": "VARIANT_LOOSENS_CONDITION",
    "document": "VARIANT_LOOSENS_UPLOAD",
    "step": "VARIANT_WEAKENS_STEP",
    "rule": "VARIANT_LOOSENS_RULE",
    "prefill": "VARIANT_CHANGES_PREFILL",
    "notify": "VARIANT_DROPS_NOTICE",
    "service": "VARIANT_CHANGES_ID",
}


def judge_change(attribute: str, old: Any, new: Any, facts: Facts) -> Judgement:
    """The judgement of one changed attribute."""
    judge = _ATTRIBUTES.get(attribute)
    if judge is not None:
        return judge(old, new, facts)
    return _unproven(_KIND_CODES.get(facts.kind, "VARIANT_LOOSENS_STANDARD"), facts, attribute, old, new)


# --- added and removed elements ---------------------------------------------------------


def _asked(item: Mapping[str, Any], facts: Facts) -> Judgement:
    """An added field or document: required tightens, optional is neutral."""
    return _tightens() if item.get("required") else _neutral()


def _dropped_if_required(item: Mapping[str, Any], facts: Facts) -> Judgement:
    if not (item.get("required") or item.get("required_fields")):
        return _neutral()
    what = msg("memuat kolom wajib", "holds required fields") if facts.kind == "page" else EMPTY
    return _loosens(
        "VARIANT_DROPS_REQUIRED",
        msg(
            f"{facts.name.id} {what.id or 'diwajibkan templat'} dan tidak dapat dihapus",
            f"{facts.name.en} {what.en or 'is required by the template'} and cannot be removed",
        ),
    )


def _dropped(code: str) -> Callable[[Mapping[str, Any], Facts], Judgement]:
    """A removal that loosens, said so that it reads right between two versions (`mpp diff`, the ministry's
    review) as well as for a variant of its template."""

    def judge(item: Mapping[str, Any], facts: Facts) -> Judgement:
        return _loosens(
            code,
            msg(
                f"{facts.name.id} dihapus, sehingga layanan menjanjikan lebih sedikit; "
                "varian daerah hanya boleh menambah, tidak menghapus",
                f"{facts.name.en} is removed, so the service promises less; a regional variant may add, not remove",
            ),
        )

    return judge


def _always(verdict: Verdict) -> Callable[[Mapping[str, Any], Facts], Judgement]:
    return lambda item, facts: Judgement(verdict)


# (kind, added or removed) -> judge of the whole element; a pair not listed is neutral
_PRESENCE: dict[tuple[str, str], Callable[[Mapping[str, Any], Facts], Judgement]] = {
    ("field", "added"): _asked,
    ("document", "added"): _asked,
    ("step", "added"): _always(Verdict.TIGHTENS),
    ("rule", "added"): _always(Verdict.TIGHTENS),
    ("requirement", "added"): _always(Verdict.TIGHTENS),
    ("field", "removed"): _dropped_if_required,
    ("document", "removed"): _dropped_if_required,
    ("page", "removed"): _dropped_if_required,
    ("step", "removed"): _dropped("VARIANT_DROPS_REQUIRED"),
    ("rule", "removed"): _dropped("VARIANT_LOOSENS_RULE"),
    ("prefill", "removed"): _dropped("VARIANT_CHANGES_PREFILL"),
    ("notify", "removed"): _dropped("VARIANT_DROPS_NOTICE"),
    ("requirement", "removed"): _dropped("VARIANT_LOOSENS_STANDARD"),
    ("legal basis", "removed"): _dropped("VARIANT_LOOSENS_STANDARD"),
    ("procedure", "removed"): _dropped("VARIANT_LOOSENS_STANDARD"),
}


def judge_presence(kind: str, change: str, item: Mapping[str, Any], facts: Facts) -> Judgement:
    """The judgement of a whole element added or removed (neutral unless the table says otherwise)."""
    return _PRESENCE.get((kind, change), _always(Verdict.NEUTRAL))(item, facts)
