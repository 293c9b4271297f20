"""The single window's use cases, the domain's public face: routes and other domains call
only these.

- `agencies`: agencies, their officers and systems, procedures and the control registry
  loaded from their files; the one-commodity-one-agency rule;
- `applications`: filing, the workflow engine's steps, agency messages applied once;
- `kept`: the control registry kept in memory per app, read again when its version moves;
- `step`: the registration step, clearance's condition, the cancellation hook;
- `views`: applications with one clock per step, an agency's queue, a declaration's waits;
- `figures`: the KPI dashboard's figures.
"""

from __future__ import annotations

from smartcustoms.permits.service.agencies import (
    AGENCY_ROLES,
    SAMPLE_PROCEDURES,
    SAMPLE_REGISTRY,
    Loaded,
    add_control,
    agencies,
    agency_of,
    get_agency,
    load_definitions,
    load_sample,
    procedure_of,
    procedures,
    registry,
)
from smartcustoms.permits.service.applications import Acted, act, application_number, apply
from smartcustoms.permits.service.figures import AgencyTime, agency_times_of, permit_figures
from smartcustoms.permits.service.kept import PermitsCaches, registry_in_force
from smartcustoms.permits.service.step import LicencesInHand, PermitCheckStep, give_back_licences
from smartcustoms.permits.service.views import (
    ApplicationView,
    AwaitedView,
    DeclarationPermits,
    StepView,
    agency_queue,
    declaration_permits,
    dossier_documents,
    enterprise_names,
    get_application,
    my_applications,
)

__all__ = [
    "AGENCY_ROLES",
    "SAMPLE_PROCEDURES",
    "SAMPLE_REGISTRY",
    "Acted",
    "AgencyTime",
    "ApplicationView",
    "AwaitedView",
    "DeclarationPermits",
    "LicencesInHand",
    "Loaded",
    "PermitCheckStep",
    "PermitsCaches",
    "StepView",
    "act",
    "add_control",
    "agencies",
    "agency_of",
    "agency_queue",
    "agency_times_of",
    "application_number",
    "apply",
    "declaration_permits",
    "dossier_documents",
    "enterprise_names",
    "get_agency",
    "get_application",
    "give_back_licences",
    "load_definitions",
    "load_sample",
    "my_applications",
    "permit_figures",
    "procedure_of",
    "procedures",
    "registry",
    "registry_in_force",
]
