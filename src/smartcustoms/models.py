"""Every table, imported in one place so metadata (and Alembic) sees them all."""

from smartcustoms.audit import models as audit
from smartcustoms.border import models as border
from smartcustoms.declarations import models as declarations
from smartcustoms.documents import models as documents
from smartcustoms.idempotency import models as idempotency
from smartcustoms.identity import models as identity
from smartcustoms.notifications import models as notifications
from smartcustoms.outbox import models as outbox
from smartcustoms.partners import models as partners
from smartcustoms.payments import models as payments
from smartcustoms.permits import models as permits
from smartcustoms.reference import models as reference
from smartcustoms.risk import models as risk
from smartcustoms.signatures import models as signatures
from smartcustoms.tariff import models as tariff

__all__ = [
    "audit",
    "border",
    "declarations",
    "documents",
    "idempotency",
    "identity",
    "notifications",
    "outbox",
    "partners",
    "payments",
    "permits",
    "reference",
    "risk",
    "signatures",
    "tariff",
]
