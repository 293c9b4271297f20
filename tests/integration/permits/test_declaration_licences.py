"""Registration checks every line under specialised management: the matching licence is
attached by itself and its balance drawn; a pending result lets the goods go to storage
while clearance waits; no licence, no registration."""

from __future__ import annotations

from permits_support import API, Window, apples_payload
from support import export_payload, import_payload


def clearance(window: Window, declaration_id: int) -> dict[str, object]:
    found: dict[str, object] = window.get(f"/api/v1/declarations/{declaration_id}/clearance")
    return found


def test_apples_without_a_licence_are_not_registered_and_the_agency_is_named(
    window: Window,
) -> None:
    filed = window.file(apples_payload())
    assert filed["status"] == "rejected"
    reasons = filed["status_reasons"]
    assert reasons[0]["code"] == "licence_missing"
    assert "PPD" in reasons[0]["message_en"]


def test_the_matching_licence_is_attached_by_itself_and_its_balance_drawn(
    window: Window,
) -> None:
    licence = window.grant(window.apply()["id"])
    filed = window.file(apples_payload("4000"))
    assert filed["status"] in ("registered", "cleared"), filed
    attached = window.get(f"{API}/declarations/{filed['id']}")
    assert [a["application"]["id"] for a in attached["attached"]] == [licence["id"]]
    assert attached["waits"] == []
    assert window.get(f"{API}/applications/{licence['id']}")["balance"] == "6000"
    codes = [c["code"] for c in clearance(window, filed["id"])["conditions"]]  # type: ignore[union-attr]
    assert "licences_in_hand" in codes


def test_a_licence_for_10_t_cannot_clear_11_t(window: Window) -> None:
    licence = window.grant(window.apply()["id"])
    filed = window.file(apples_payload("11000"))
    assert filed["status"] == "rejected"
    assert filed["status_reasons"][0]["code"] == "licence_balance_short"
    assert window.get(f"{API}/applications/{licence['id']}")["balance"] == "10000"


def test_two_lines_on_one_licence_cannot_overdraw_it_together(window: Window) -> None:
    window.grant(window.apply()["id"])
    payload = apples_payload("6000")
    item = payload["items"][0]  # type: ignore[index]
    payload["items"] = [item, item]
    payload["invoice_amount"] = "18000.00"
    filed = window.file(payload)
    assert filed["status"] == "rejected"


def test_a_pending_result_lets_the_goods_register_and_clearance_waits_for_the_agency(
    window: Window,
) -> None:
    pending = window.apply()
    filed = window.file(apples_payload("4000"))
    assert filed["status"] == "registered"
    held = clearance(window, filed["id"])
    waiting = [w["message_en"] for w in held["waiting_for"]]  # type: ignore[union-attr]
    assert (
        "the result of plant quarantine of imported goods from Plant Protection Department (sample)"
        in waiting
    )
    awaited = window.get(f"{API}/declarations/{filed['id']}")
    (wait,) = awaited["waits"]
    assert wait["application"]["id"] == pending["id"]
    assert wait["application"]["holder"] == "agency"
    assert wait["since"] == "2026-11-20T02:00:00Z"
    assert wait["outcome"] is None

    window.grant(pending["id"])

    after = window.get(f"{API}/declarations/{filed['id']}")
    assert after["waits"] == []
    assert [a["application"]["id"] for a in after["attached"]] == [pending["id"]]
    assert window.get(f"{API}/applications/{pending['id']}")["balance"] == "6000"
    codes = [c["code"] for c in clearance(window, filed["id"])["conditions"]]  # type: ignore[union-attr]
    assert "licences_in_hand" in codes


def test_a_rejected_result_keeps_the_goods_held(window: Window) -> None:
    pending = window.apply()
    filed = window.file(apples_payload("4000"))
    window.act("thu", pending["id"], "accept")
    window.act("thu", pending["id"], "reject", note="Codling moth found")
    (wait,) = window.get(f"{API}/declarations/{filed['id']}")["waits"]
    assert wait["outcome"] == "rejected"
    held = clearance(window, filed["id"])
    assert held["status"] == "registered"
    assert any("Plant Protection" in w["message_en"] for w in held["waiting_for"])  # type: ignore[union-attr]


def test_a_permit_needed_before_registration_is_not_replaced_by_a_pending_one(
    window: Window,
) -> None:
    contract = window.upload("contract.pdf", "contract")
    window.apply(
        procedure="cites_export_permit",
        hs_code="44034990",
        unit="MTQ",
        quantity="50",
        document_ids=[contract],
    )
    payload = export_payload()
    payload["items"] = [
        {
            "hs_code": "44034990",
            "description": "Tropical logs",
            "origin_country": "VN",
            "quantity": "20",
            "unit": "MTQ",
            "unit_price": "400.00",
            "invoice_value": "8000.00",
            "net_weight": "16000",
        }
    ]
    payload.update(invoice_amount="8000.00", gross_weight="16500")
    filed = window.file(payload)
    assert filed["status"] == "rejected"
    assert filed["status_reasons"][0]["code"] == "licence_pending_before_registration"


def test_the_phones_and_t_shirts_of_the_demo_import_need_no_licence(window: Window) -> None:
    filed = window.file(import_payload())
    assert filed["status"] == "registered"
    codes = [c["code"] for c in clearance(window, filed["id"])["conditions"]]  # type: ignore[union-attr]
    assert "no_controls" in codes


def test_cancelling_the_declaration_gives_the_quantity_back(window: Window) -> None:
    licence = window.grant(window.apply()["id"])
    filed = window.file(apples_payload("4000"))
    cancelled = window.client.post(
        f"/api/v1/declarations/{filed['id']}/cancel",
        json={"reason": "Shipment not sent"},
        headers=window.headers("lan"),
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert window.get(f"{API}/applications/{licence['id']}")["balance"] == "10000"
