"""The registry each app keeps in memory follows a change committed by another process at
once (its version number moves), and a change through the app itself."""

from __future__ import annotations

from sqlalchemy.orm import Session

from permits_support import Window, apples_payload
from smartcustoms.kit.clock import FixedClock
from smartcustoms.permits import service as permits
from smartcustoms.permits.models import RegistryVersion
from support import import_payload


def test_a_registry_loaded_by_another_process_is_used_at_the_next_registration(
    window: Window, session: Session, clock: FixedClock
) -> None:
    assert window.file(apples_payload())["status"] == "rejected"  # the app keeps the registry
    before = session.get(RegistryVersion, 1)
    assert before is not None
    version = before.version

    # Another process (a session without the app's caches) loads a registry without apples.
    without_apples = "\n".join(
        line
        for line in permits.SAMPLE_REGISTRY.read_text(encoding="utf-8").splitlines()
        if ",0808," not in line
    )
    permits.load_definitions(
        session,
        registry_text=without_apples,
        procedures_text=permits.SAMPLE_PROCEDURES.read_text(encoding="utf-8"),
        source="test",
        at=clock.now(),
    )
    session.commit()
    session.expire_all()
    after = session.get(RegistryVersion, 1)
    assert after is not None
    assert after.version == version + 1

    assert window.file(apples_payload(invoice_number="INV-2"))["status"] == "registered"

    # And back, through the same other process: apples are controlled again at once.
    permits.load_sample(session, at=clock.now())
    session.commit()
    refused = window.file(apples_payload(invoice_number="INV-3"))
    assert refused["status"] == "rejected"
    assert refused["status_reasons"][0]["code"] == "licence_missing"


def test_an_entry_added_through_the_app_is_used_at_once(window: Window) -> None:
    assert window.file(import_payload())["status"] == "registered"  # phones: no control
    phones = {
        "key": "TEST-PHONES",
        "hs_prefix": "8517",
        "kind": "food_safety",
        "procedure": "food_safety_import",
        "agency": "VFA",
        "direction": "import",
    }
    added = window.client.post(
        "/api/v1/permits/registry", json=phones, headers=window.headers("admin")
    )
    assert added.status_code == 201, added.text

    refused = window.file(import_payload(invoice_number="INV-PHONES-2"))

    assert refused["status"] == "rejected"
    (reason,) = refused["status_reasons"]
    assert reason["code"] == "licence_missing"
    assert "VFA" in reason["message_en"]
