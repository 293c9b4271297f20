"""Declaration use cases: the domain's public API.

Routes and other domains call this module only; the use cases live in modules split by
concern: `access` (who sees what, the reads), `drafts` (create, edit, attach), `submission`
(submit and file: registration, written once), `amendments` (amend, cancel), with the
status steps they share in `transitions`.
"""

from __future__ import annotations

from smartcustoms.declarations.access import (
    History,
    attached_document_ids,
    check_action,
    get_declaration,
    has_any,
    history,
    list_declarations,
    offered_actions,
    open_amendment,
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
from smartcustoms.declarations.repository import DeclarationFilter, DeclarationRow
from smartcustoms.declarations.submission import file_and_submit, submit

__all__ = [
    "DeclarationFilter",
    "DeclarationRow",
    "History",
    "WrittenDeclaration",
    "amend",
    "attach_documents",
    "attached_document_ids",
    "cancel",
    "check_action",
    "content_of",
    "create_draft",
    "file_and_submit",
    "get_declaration",
    "has_any",
    "history",
    "list_declarations",
    "offered_actions",
    "open_amendment",
    "submit",
    "update_draft",
    "worklist",
]
