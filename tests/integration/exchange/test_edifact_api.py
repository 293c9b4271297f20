"""CUSDEC in, CUSRES out, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydifact.segmentcollection import Interchange

from support import Users

pytestmark = [
    pytest.mark.release_held,
    pytest.mark.filterwarnings("ignore::pydifact.exceptions.MissingImplementationWarning"),
]

URL = "/api/v1/exchange/edifact/cusdec"
FIXTURES = Path(__file__).parents[2] / "fixtures" / "exchange"
EDI = {"Content-Type": "application/EDIFACT"}


def _segments(text: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for segment in Interchange.from_str(text).segments:
        found.setdefault(segment.tag, []).append(segment.elements)
    return found


def test_a_two_item_cusdec_is_registered_and_answered_by_a_cusres(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    cusdec = (FIXTURES / "cusdec_import_2_items.edi").read_bytes()

    answer = app_client.post(URL, content=cusdec, headers={**lan, **EDI})

    assert answer.status_code == 201, answer.text
    assert answer.headers["content-type"].startswith("application/EDIFACT")
    cusres = _segments(answer.text)
    assert cusres["UNH"][0][1] == ["CUSRES", "D", "96B", "UN"]
    (bgm,) = cusres["BGM"]
    assert bgm[0] == "962"
    assert bgm[2] == "29"
    assert cusres["RFF"] == [[["ACW", "LRN-2026-0001"]]]
    assert cusres["GIS"][0][0][0] in ("1", "2", "3")
    listed = app_client.get("/api/v1/declarations", headers=lan).json()["items"]
    assert [d["number"] for d in listed] == [bgm[1]]
    stored = app_client.get(f"/api/v1/declarations/{listed[0]['id']}", headers=lan).json()
    assert stored["foreign_party_name"] == "Shenzhen Bright Electronics Co., Ltd"
    assert [(i["hs_code"], i["quantity"], i["unit_price"]) for i in stored["items"]] == [
        ("85171300", "50", "200"),
        ("61091010", "1000", "2.5"),
    ]


@pytest.mark.parametrize(
    ("fixture", "code", "segment"),
    [
        ("cusdec_unknown_qualifier.edi", "qualifier_unknown", ["LOC", "30"]),
        ("cusdec_unknown_country.edi", "code_unknown", ["LOC", "23"]),
        ("cusdec_wrong_count.edi", "control_count", ["UNT", "35"]),
        ("cusdec_no_goods_item.edi", "segment_missing", ["UNH", "2"]),
        ("cusdec_unknown_hs_code.edi", "unknown_hs_code", ["CST", "28"]),
    ],
)
def test_a_cusdec_breaking_a_check_is_answered_by_a_cusres_with_the_segment_at_fault(
    app_client: TestClient, users: Users, fixture: str, code: str, segment: list[str]
) -> None:
    lan = users.headers("lan")

    answer = app_client.post(URL, content=(FIXTURES / fixture).read_bytes(), headers={**lan, **EDI})

    assert answer.status_code == 200, answer.text
    cusres = _segments(answer.text)
    assert cusres["BGM"][0][2] == "27"
    assert segment in [e[0] for e in cusres["ERP"]]
    assert code in [e[0] for e in cusres["ERC"]]
    english, vietnamese = cusres["FTX"][-1][3]
    assert f"no. {segment[1]}" in str(english)
    assert f"số {segment[1]}" in str(vietnamese)
    assert app_client.get("/api/v1/declarations", headers=lan).json()["total"] == 0


@pytest.mark.parametrize(
    ("body", "path", "line"),
    [
        (b"UNB+UNOC:3+A+B+2611:0900+1'", "UNB[1]", 1),
        (b"UNB+UNOC:3+A+B+261120:0900+1'\nUNH+1+CUSDEC:D:96B:UN'\nBGM+929?", "BGM[3]", 3),
        (b"UNB+UNOC:3+A+B+261120:0900+1'\nUNH+1+CUSDEC:D:96B:UN'\nxx+1'", "SEG[3]", 3),
        (b"hello", "UNB[1]", 1),
        (b"\xff\xfe\x00", "UNB[1]", 1),
    ],
    ids=["bad_timestamp", "cut_short", "bad_tag", "not_edifact", "binary"],
)
def test_malformed_edifact_is_refused_by_segment_position_and_line(
    app_client: TestClient, users: Users, body: bytes, path: str, line: int
) -> None:
    answer = app_client.post(URL, content=body, headers={**users.headers("lan"), **EDI})

    assert answer.status_code == 422, answer.text
    assert answer.json()["locations"] == [{"path": path, "line": line}]
