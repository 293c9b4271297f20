"""The audit chain's anchors over JSON: the checkpoint key's public half (anyone) and the
signed checkpoints (supervisors and administrators), so an outside party can keep and check
them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from smartcustoms.audit import keys, service
from smartcustoms.audit.rules import key_id, public_pem
from smartcustoms.audit.schemas import CheckpointKeyRead, CheckpointRead
from smartcustoms.deps import ApiActor, ServicesDep, SessionDep, requires
from smartcustoms.openapi import AUTHENTICATED, problems

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("/checkpoint-key", response_model=CheckpointKeyRead, responses=problems(404))
def checkpoint_key(services: ServicesDep) -> Any:
    """The public key of the platform's checkpoint key (no sign-in needed): check the
    checkpoints you keep with it. 404 until the first checkpoint made the key."""
    public = keys.published_key(services.settings.audit_checkpoint_key_file)
    return CheckpointKeyRead(
        algorithm="Ed25519", key_id=key_id(public), public_key_pem=public_pem(public)
    )


@router.get(
    "/checkpoints",
    response_model=list[CheckpointRead],
    responses=AUTHENTICATED,
    dependencies=[requires("audit.read")],
)
def checkpoints(actor: ApiActor, session: SessionDep) -> Any:
    """Every signed checkpoint, oldest first (supervisors and administrators)."""
    service.require_reader(actor)
    return [CheckpointRead(**c.as_json()) for c in service.checkpoints(session)]
