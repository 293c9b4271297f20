"""The KCS reader names every missing or malformed column; records round-trip."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from smartcustoms.errors import DomainError
from smartcustoms.risk.ml.errors import ModelDataError
from smartcustoms.risk.ml.records import (
    DeclarationRecord,
    frame_from_records,
    read_kcs_csv,
    records_from_frame,
)

REAL_TRAIN = Path("/work/shared/data/customs-declarations-kcs/df_syn_train_eng.csv")


def test_every_missing_column_is_named(
    declarations: pd.DataFrame, write_csv: Callable[..., Path]
) -> None:
    text = write_csv(declarations.head(5)).read_text()
    lines = [line.split(",") for line in text.splitlines()]
    dropped = {"HS6 Code", "Net Mass"}
    keep = [i for i, name in enumerate(lines[0]) if name not in dropped]
    path = write_csv("\n".join(",".join(line[i] for i in keep) for line in lines))

    with pytest.raises(ModelDataError) as caught:
        read_kcs_csv(path)

    assert isinstance(caught.value, DomainError)
    assert "HS6 Code" in str(caught.value)
    assert "Net Mass" in str(caught.value)
    assert {e.path for e in caught.value.errors} == dropped


def test_malformed_values_name_their_column_and_first_line(
    declarations: pd.DataFrame, write_csv: Callable[..., Path]
) -> None:
    bad = declarations.head(5).copy()
    bad["hs6"] = ["851712", "8517", "851712", "851712", "851712"]
    bad["net_mass"] = bad["net_mass"].astype(str)
    bad.loc[3, "net_mass"] = "heavy"

    with pytest.raises(ModelDataError) as caught:
        read_kcs_csv(write_csv(bad))

    problems = {e.path: e.message_en for e in caught.value.errors}
    assert set(problems) == {"HS6 Code", "Net Mass"}
    assert "line 3" in problems["HS6 Code"]
    assert "'heavy'" in problems["Net Mass"]


def test_a_missing_file_is_a_domain_error(tmp_path: Path) -> None:
    with pytest.raises(ModelDataError, match="not found"):
        read_kcs_csv(tmp_path / "absent.csv")


def test_namibia_and_leading_zeros_survive_reading(
    declarations: pd.DataFrame, write_csv: Callable[..., Path]
) -> None:
    frame = read_kcs_csv(write_csv(declarations))

    assert "NA" in set(frame["origin_country"])
    assert "010121" in set(frame["hs6"])


def test_records_round_trip_through_a_frame(declarations: pd.DataFrame) -> None:
    records = records_from_frame(declarations.head(50))

    assert records[0].date == declarations["date"].iloc[0].date()
    assert all(r.seller_id is None or r.seller_id for r in records)
    pd.testing.assert_frame_equal(frame_from_records(records), declarations.head(50))


def test_unlabelled_records_make_a_frame_without_labels() -> None:
    record = DeclarationRecord(
        declaration_id="SC1-1", date=date(2024, 5, 2), office_id="01NV", process_type="N",
        import_type="A11", import_use="", payment_type="", transport_mode="1",
        declarant_id="0101234567", importer_id="0312345678", seller_id=None, courier_id=None,
        hs6="851712", departure_country="CN", origin_country="CN", tax_rate=0.0, tax_type="",
        origin_indicator="", net_mass=1.5, item_price=3_000_000.0,
    )  # fmt: skip

    frame = frame_from_records([record])

    assert "fraud" not in frame.columns
    assert frame.loc[0, "seller_id"] == ""


@pytest.mark.skipif(not REAL_TRAIN.exists(), reason="KCS data not present")
def test_the_published_kcs_file_head_reads_cleanly(tmp_path: Path) -> None:
    head = tmp_path / "head.csv"
    with REAL_TRAIN.open() as source:
        head.write_text("".join(next(source) for _ in range(201)))

    frame = read_kcs_csv(head)

    assert len(frame) == 200
    assert frame["hs6"].str.fullmatch(r"\d{6}").all()
    assert set(frame["fraud"]) <= {0, 1}
