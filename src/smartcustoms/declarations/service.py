"""Declaration use cases: the domain's public API.

Routes and other domains call this module only; the use cases live in modules split by
concern: `access` (who sees what, the reads), `drafts` (create, edit, attach), `submission`
(submit and file: registration, written once), `amendments` (amend, cancel), `reuse` (goods
items from a sheet, a copy of an earlier declaration, the duplicate bill of lading), `release`
(clearance and the officers' release decisions; `reevaluate_clearance` is for other domains,
see `declarations.clearance`), `release_times` (the Time Release Study), `verification` (the
printed declaration's public check), with the status
steps they share in `transitions`.
"""

from __future__ import annotations

from smartcustoms.declarations.access import (
    History,
    attached_document_ids,
    check_action,
    declaration_for_exchange,
    declaration_numbers,
    get_declaration,
    has_any,
    history,
    imports_by_reference,
    list_declarations,
    milestones_of,
    offered_actions,
    open_amendment,
    registered_by_transport_documents,
    states_in_force,
    worklist,
)
from smartcustoms.declarations.amendments import amend, cancel
from smartcustoms.declarations.drafts import (
    WrittenDeclaration,
    attach_documents,
    content_of,
    create_draft,
    update_draft,
)
from smartcustoms.declarations.release import (
    Clearance,
    clearance_of,
    decide_release,
    offered_decisions,
    reevaluate_clearance,
)
from smartcustoms.declarations.release_times import (
    release_times_between,
    release_times_on_days,
    time_release_of,
)
from smartcustoms.declarations.repository import DeclarationFilter, DeclarationRow
from smartcustoms.declarations.reuse import (
    FilingWarning,
    copy_declaration,
    filing_warnings,
    import_items,
    warnings_of,
)
from smartcustoms.declarations.submission import file_and_submit, submission_errors, submit
from smartcustoms.declarations.transitions import HISTORY_TABLE, stored_history
from smartcustoms.declarations.verification import (
    PublicFacts,
    declaration_code,
    verify_declaration,
)

__all__ = [
    "HISTORY_TABLE",
    "Clearance",
    "DeclarationFilter",
    "DeclarationRow",
    "FilingWarning",
    "History",
    "PublicFacts",
    "WrittenDeclaration",
    "amend",
    "attach_documents",
    "attached_document_ids",
    "cancel",
    "check_action",
    "clearance_of",
    "content_of",
    "copy_declaration",
    "create_draft",
    "decide_release",
    "declaration_code",
    "declaration_for_exchange",
    "declaration_numbers",
    "file_and_submit",
    "filing_warnings",
    "get_declaration",
    "has_any",
    "history",
    "import_items",
    "imports_by_reference",
    "list_declarations",
    "milestones_of",
    "offered_actions",
    "offered_decisions",
    "open_amendment",
    "reevaluate_clearance",
    "registered_by_transport_documents",
    "release_times_between",
    "release_times_on_days",
    "states_in_force",
    "stored_history",
    "submission_errors",
    "submit",
    "time_release_of",
    "update_draft",
    "verify_declaration",
    "warnings_of",
    "worklist",
]
