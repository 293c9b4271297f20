"""An amendment of a registered declaration runs the single window's check again: what the
amended version drew is replaced by what the amendment draws (never counted twice, never
lost), a decrease gives quantity back, an increase beyond the licence is refused with the
version in force untouched, and cancelling the amendment gives everything back."""

from __future__ import annotations

from typing import Any

from permits_support import API, Window, apples_payload
from support import import_payload


def amend(window: Window, declaration_id: int, payload: dict[str, object]) -> dict[str, Any]:
    """Lan amends the declaration with this content and submits the amendment."""
    lan = window.headers("lan")
    draft = window.client.post(f"/api/v1/declarations/{declaration_id}/amend", headers=lan)
    assert draft.status_code == 201, draft.text
    v2 = draft.json()["id"]
    changed = window.client.put(f"/api/v1/declarations/{v2}", json=payload, headers=lan)
    assert changed.status_code == 200, changed.text
    submitted = window.client.post(f"/api/v1/declarations/{v2}/submit", headers=lan)
    assert submitted.status_code == 200, submitted.text
    found: dict[str, Any] = submitted.json()["declaration"]
    return found


def balance(window: Window, licence_id: int) -> str:
    return str(window.get(f"{API}/applications/{licence_id}")["balance"])


def attached(window: Window, declaration_id: int) -> list[tuple[int, str]]:
    found = window.get(f"{API}/declarations/{declaration_id}")["attached"]
    return [(a["application"]["id"], a["quantity"]) for a in found]


def status(window: Window, declaration_id: int) -> str:
    return str(window.get(f"/api/v1/declarations/{declaration_id}")["status"])


def test_a_smaller_amendment_gives_the_difference_back_and_replaces_the_draw(
    window: Window,
) -> None:
    licence = window.grant(window.apply()["id"])["id"]
    v1 = window.file(apples_payload("4000"))["id"]
    assert balance(window, licence) == "6000"

    v2 = amend(window, v1, apples_payload("3000"))

    assert v2["status"] in ("registered", "cleared"), v2
    assert balance(window, licence) == "7000"
    assert attached(window, v2["id"]) == [(licence, "3000")]
    assert status(window, v1) == "amended"


def test_a_larger_amendment_draws_only_the_difference(window: Window) -> None:
    licence = window.grant(window.apply()["id"])["id"]
    v1 = window.file(apples_payload("4000"))["id"]

    v2 = amend(window, v1, apples_payload("9000"))

    assert v2["status"] in ("registered", "cleared"), v2
    # 9,000 of 10,000 drawn in all, not 4,000 + 9,000 (which the licence could not hold).
    assert balance(window, licence) == "1000"
    assert attached(window, v2["id"]) == [(licence, "9000")]


def test_an_amendment_beyond_the_balance_is_refused_and_the_version_in_force_keeps_its_draw(
    window: Window,
) -> None:
    licence = window.grant(window.apply()["id"])["id"]
    v1 = window.file(apples_payload("4000"))["id"]
    window.file(apples_payload("5000", invoice_number="INV-OTHER"))  # 1,000 left

    v2 = amend(window, v1, apples_payload("6000"))  # needs 2,000 more

    assert v2["status"] == "rejected"
    (reason,) = v2["status_reasons"]
    assert reason["code"] == "licence_balance_short"
    assert "6000" in reason["message_en"]
    assert "PPD" in reason["message_en"]
    assert reason["message_vi"] != reason["message_en"]
    assert balance(window, licence) == "1000"
    assert status(window, v1) in ("registered", "cleared")
    assert attached(window, v1) == [(licence, "4000")]


def test_cancelling_an_amended_declaration_gives_back_what_the_amendment_drew(
    window: Window,
) -> None:
    licence = window.grant(window.apply()["id"])["id"]
    v1 = window.file(apples_payload("4000"))["id"]
    v2 = amend(window, v1, apples_payload("7000"))["id"]
    assert balance(window, licence) == "3000"

    cancelled = window.client.post(
        f"/api/v1/declarations/{v2}/cancel",
        json={"reason": "Shipment not sent"},
        headers=window.headers("lan"),
    )

    assert cancelled.status_code == 200, cancelled.text
    assert balance(window, licence) == "10000"


def test_an_amendment_leaving_out_the_controlled_goods_gives_their_quantity_back(
    window: Window,
) -> None:
    licence = window.grant(window.apply()["id"])["id"]
    v1 = window.file(apples_payload("4000"))["id"]

    v2 = amend(window, v1, import_payload())

    assert v2["status"] in ("registered", "cleared"), v2
    assert balance(window, licence) == "10000"
    assert attached(window, v2["id"]) == []


def test_an_amended_line_waiting_for_a_result_waits_once_and_draws_once(
    window: Window,
) -> None:
    pending = window.apply()["id"]
    v1 = window.file(apples_payload("4000"))["id"]

    v2 = amend(window, v1, apples_payload("5000"))["id"]

    assert window.get(f"{API}/declarations/{v1}")["waits"] == []
    (wait,) = window.get(f"{API}/declarations/{v2}")["waits"]
    assert wait["application"]["id"] == pending
    assert wait["quantity"] == "5000"

    window.grant(pending)

    assert balance(window, pending) == "5000"
    assert attached(window, v2) == [(pending, "5000")]
    assert attached(window, v1) == []
