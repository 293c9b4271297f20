"""CUSCAR cargo reports read into manifests: what pydifact leaves to us is checked here."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from smartcustoms.border.cuscar import read_cuscar
from smartcustoms.exchange.rules import MessageRefused

CUSCAR = (Path(__file__).parents[2] / "data" / "border" / "cuscar.edi").read_text()


def test_a_cargo_report_is_read_segment_by_segment() -> None:
    manifest = read_cuscar(CUSCAR)

    assert (manifest.mode, manifest.transport_id, manifest.voyage, manifest.office_code) == (
        "sea",
        "9312345",
        "V2611N",
        "03CC",
    )
    assert manifest.arrival_at.isoformat() == "2026-11-21T14:00:00+07:00"
    (line,) = manifest.lines
    assert (line.document_number, line.packages, line.gross_weight) == (
        "HASLC01240012345",
        40,
        Decimal("820.5"),
    )
    assert (line.consignee_tax_code, line.hs_code, line.origin_country) == (
        "0101234565",
        "851713",
        "CN",
    )
    assert [(c.number, c.seal) for c in line.containers] == [("CSQU3054383", "SL123456")]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("CUSCAR:D:95B", "CUSDEC:D:96B"), "message_not_expected"),
        (("UNT+18+1", "UNT+9+1"), "control_count"),
        (("DTM+132:202611211400:203", "DTM+132:20261121:102"), "cuscar_value"),
        (("TDT+20+V2611N+1+", "TDT+20+V2611N+9+"), "cuscar_value"),
        (("GID+1+40:PK", "GID+1+forty:PK"), "cuscar_value"),
        (("LOC+22+03CC'\n", ""), "cuscar_missing"),
    ],
)
def test_a_faulty_cargo_report_is_refused_at_its_segment(
    change: tuple[str, str], code: str
) -> None:
    text = CUSCAR.replace(*change)
    if code == "cuscar_missing":
        text = text.replace("UNT+18+1", "UNT+17+1")

    with pytest.raises(MessageRefused) as refused:
        read_cuscar(text)

    assert code in {e.code for e in refused.value.errors}


def test_goods_segments_before_any_bill_are_refused() -> None:
    text = CUSCAR.replace("LOC+11+VNHPH'\n", "LOC+11+VNHPH'\nGID+1+3:PK'\n").replace(
        "UNT+18+1", "UNT+19+1"
    )
    with pytest.raises(MessageRefused) as refused:
        read_cuscar(text)
    assert [e.code for e in refused.value.errors] == ["cuscar_order"]
