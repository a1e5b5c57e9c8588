"""States and transitions compiled from a ServiceSpec's steps.

States: `draft`, `submitted`, one per step, `returned`, `approved`, `issued`,
`rejected`, `withdrawn`. A filed application waits in the state of its first
step (the history records the filing as `draft → <first step>`, action
`submit`). The table below is the whole rule book: (state, action) → target
and who may do it; nothing else in the code decides what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from framework.definition.model import ServiceSpec, StepSpec

CITIZEN = "citizen"  # the applicant themself
SYSTEM = "system"  # deadlines and the provider worker
FINAL_STATES = frozenset({"issued", "rejected", "withdrawn"})
DECIDED_STATES = frozenset({"approved"}) | FINAL_STATES
NEEDS_REASON = frozenset({"return", "reject"})
OFFICER_ACTIONS = ("approve", "return", "reject")
TRANSITION_ACTIONS = (*OFFICER_ACTIONS, "withdraw", "resubmit")  # what a client may ask of the transitions API


@dataclass(frozen=True, slots=True)
class Move:
    """One allowed transition: from ``state`` by ``action`` to ``target``, done by ``role``.

    ``role`` is a step's officer role, or CITIZEN / SYSTEM. ``step`` is the step
    whose officers act (None for citizen and system moves).
    """

    state: str
    action: str
    target: str
    role: str
    step: str | None = None


@dataclass(frozen=True)
class Workflow:
    spec_id: str
    steps: tuple[StepSpec, ...]
    moves: Mapping[tuple[str, str], Move]

    @property
    def first_state(self) -> str:
        return self.steps[0].id if self.steps else "approved"

    def move(self, state: str, action: str) -> Move | None:
        return self.moves.get((state, action))

    def actions_in(self, state: str) -> list[Move]:
        return [m for (s, _a), m in self.moves.items() if s == state]

    def step(self, state: str) -> StepSpec | None:
        return next((s for s in self.steps if s.id == state), None)

    def is_step(self, state: str) -> bool:
        return self.step(state) is not None


def compile_workflow(spec: ServiceSpec) -> Workflow:
    moves: dict[tuple[str, str], Move] = {}
    for number, step in enumerate(spec.steps):
        following = spec.steps[number + 1].id if number + 1 < len(spec.steps) else "approved"
        targets = {"approve": following, "return": "returned", "reject": "rejected"}
        for action in step.actions:
            moves[(step.id, action)] = Move(step.id, action, targets[action], step.role, step.id)
        if step.on_deadline in targets:
            moves[(step.id, f"deadline_{step.on_deadline}")] = Move(
                step.id, step.on_deadline, targets[step.on_deadline], SYSTEM, step.id
            )
        moves[(step.id, "withdraw")] = Move(step.id, "withdraw", "withdrawn", CITIZEN)
    moves[("returned", "withdraw")] = Move("returned", "withdraw", "withdrawn", CITIZEN)
    moves[("returned", "resubmit")] = Move("returned", "resubmit", "", CITIZEN)  # target: the step that returned it
    moves[("approved", "issue")] = Move("approved", "issue", "issued", SYSTEM)
    return Workflow(spec.id, spec.steps, MappingProxyType(moves))
