"""Builders shared by the voting desk's tests (assisted voting and paper ballots)."""

from dataclasses import dataclass
from datetime import date

from apps.budgets.census import document_hash
from apps.budgets.models import Residency
from apps.spaces.models import ProcessRole
from apps.spaces.phases import PhaseKind
from tests.factories import (
    BudgetFactory,
    CensusEntryFactory,
    PhaseFactory,
    ProcessFactory,
    ProcessRoleFactory,
    ProjectFactory,
    UserFactory,
)

DOCUMENT = "12 345 678-Z"


@dataclass
class Desk:
    process: object
    budget: object
    projects: list
    assistant: object
    colleague: object
    third: object
    admin: object
    resident: object  # a census entry (document number DOCUMENT, born 1980-05-17)


def make_desk(*, minimum_age=16, residency=Residency.CENSUS_DOCUMENT, double_entry=True, phase=PhaseKind.VOTING):
    """A process whose vote is open, an approval budget (at most 3 of 5 projects at €10,000), two voting
    assistants and a third one, a process administrator, and a resident in the census."""
    process = ProcessFactory(
        voting_settings__minimum_age=minimum_age,
        voting_settings__residency=residency,
        voting_settings__paper_double_entry=double_entry,
    )
    PhaseFactory(process=process, kind=phase)
    budget = BudgetFactory(process=process)
    projects = [ProjectFactory(budget=budget, position=index) for index in range(5)]
    roles = []
    for _index in range(3):
        user = UserFactory()
        ProcessRoleFactory(process=process, user=user, role=ProcessRole.Role.VOTING_ASSISTANT)
        roles.append(user)
    admin = UserFactory()
    ProcessRoleFactory(process=process, user=admin, role=ProcessRole.Role.ADMIN)
    resident = CensusEntryFactory(
        process=process, document_hash=document_hash(DOCUMENT), birth_date=date(1980, 5, 17), district="Centre"
    )
    return Desk(process, budget, projects, *roles, admin, resident)
