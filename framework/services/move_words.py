"""What one move of an application's history did, in words: the action and the steps it went between.

Why: the officer's case history once named only the state a move entered
("Diproses: Verifikasi oleh Kecamatan · operator"), which read as if the
operator had done the kecamatan's check, and a resubmission read as a new
stay at the first step. A move is said as what was done, where, and where
the application went: "Disetujui: Pemeriksaan Berkas → Verifikasi oleh
Kecamatan". The action words are the ones the ministry's case summary uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.services.figures import DEADLINE_PREFIX
from framework.workflow.machine import OFFICER_ACTIONS, SYSTEM

ACTION_WORDS: dict[str, Text] = {  # what each move of the history did
    "submit": Text("diajukan", "submitted"),
    "approve": Text("disetujui", "approved"),
    "return": Text("dikembalikan kepada pemohon", "returned to the applicant"),
    "reject": Text("ditolak", "rejected"),
    "resubmit": Text("diajukan ulang", "resubmitted"),
    "withdraw": Text("dibatalkan pemohon", "withdrawn by the applicant"),
    "issue": Text("diterbitkan", "issued"),
}
BY_DEADLINE = Text("oleh batas waktu: ", "by the deadline: ")
AUTOMATICALLY = Text(" otomatis oleh batas waktu", " automatically by the deadline")


def action_words(action: str) -> Text:
    """``approve`` → "disetujui"; a deadline's ``deadline:approve`` → "oleh batas waktu: disetujui"."""
    if action.startswith(DEADLINE_PREFIX):
        return BY_DEADLINE + action_words(action[len(DEADLINE_PREFIX) :])
    return ACTION_WORDS.get(action, Text(action))


@dataclass(frozen=True)
class MoveWords:
    """One move said as a sentence's parts: "Disetujui" at the step "Pemeriksaan Berkas", on to "Verifikasi"."""

    what: Text  # "Disetujui", "Disetujui otomatis oleh batas waktu", "Diajukan ulang"
    step: Text | None  # the step it was done at (None: filed, resubmitted, issued)
    next_step: Text | None  # the step the application went on to (None: it left the steps)


def move_words(spec: ServiceSpec, from_state: str, to_state: str, action: str, role: str) -> MoveWords:
    """:class:`MoveWords` of one history entry; an officer's action taken by the system is the deadline's."""
    words = ACTION_WORDS.get(action, Text(action))
    what = Text(_capitalised(words.id), _capitalised(words.get("en")))
    if role == SYSTEM and action in OFFICER_ACTIONS:
        what = what + AUTOMATICALLY
    return MoveWords(what, _step_title(spec, from_state), _step_title(spec, to_state))


def _step_title(spec: ServiceSpec, state: str) -> Text | None:
    return next((step.title for step in spec.steps if step.id == state), None)


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]
