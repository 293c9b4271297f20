"""The packaged reference files, read without a database."""

from __future__ import annotations

from collections import Counter

from smartcustoms.reference import sources

REQUIRED_TYPES = {
    "A11", "A12", "A21", "A31", "A41", "A42", "B11", "B12", "B13", "E11", "E21",
    "E31", "E52", "E62", "G11", "G12", "G21", "G22", "G51", "G61", "H11", "H21",
}  # fmt: skip
HEADER_FIELD_VOCABULARY = {
    "transport_document", "arrival_date", "departure_date", "port_of_loading",
    "port_of_discharge", "foreign_party_name", "invoice_number", "incoterms",
    "gross_weight", "packages", "contract_number",
}  # fmt: skip


def test_hs_2022_has_every_chapter_heading_and_subheading_and_no_placeholders() -> None:
    rows = list(sources.read_hs_codes())
    assert Counter(row.level for row in rows) == {2: 96, 4: 1228, 6: 5612}
    codes = {row.code for row in rows}
    assert not codes & {"99", "9999", "999999", "TOTAL"}
    assert all(len(row.code) == row.level for row in rows)


def test_hs_codes_point_at_a_parent_one_level_up_within_the_same_section() -> None:
    rows = {row.code: row for row in sources.read_hs_codes()}
    for row in rows.values():
        if row.level == 2:
            assert row.parent is None
        else:
            assert row.parent == row.code[: row.level - 2]
            assert rows[row.parent].section == row.section


def test_namibia_is_a_country_not_a_missing_value() -> None:
    countries = {row.code: row.name for row in sources.read_countries()}
    assert countries["NA"] == "Namibia"
    assert len(countries) == 249
    assert "VN" in countries


def test_currencies_are_current_iso_4217_codes_with_minor_units() -> None:
    currencies = {row.code: row for row in sources.read_currencies()}
    assert len(currencies) == 178
    assert currencies["VND"].minor_units == 0
    assert currencies["USD"].minor_units == 2
    assert currencies["EUR"].minor_units == 2
    assert currencies["XAU"].minor_units is None  # gold has no minor unit
    assert "DEM" not in currencies  # withdrawn


def test_locations_are_unique_five_character_codes_from_both_editions() -> None:
    rows = list(sources.read_locations())
    codes = [row.code for row in rows]
    assert len(codes) == len(set(codes)) == 115_793
    assert all(len(code) == 5 for code in codes)
    by_code = {row.code: row for row in rows}
    assert by_code["VNHPH"].name == "Haiphong"
    assert by_code["VNCLI"].name == "Cát Lái"
    assert by_code["ADALV"].country == "AD"  # from the older AD–FR edition
    assert by_code["NAWVB"].country == "NA"
    assert all(len(row.function) == 8 and len(row.subdivision) <= 3 for row in rows)


def test_units_flag_deleted_and_deprecated_codes_as_inactive() -> None:
    units = {row.code: row for row in sources.read_units()}
    assert len(units) == 2136
    assert units["KGM"].active
    assert units["NA"].name == "milligram per kilogram"
    assert not units["05"].active  # status X: deleted


def test_incoterms_are_the_eleven_2020_rules() -> None:
    assert {row.code for row in sources.read_incoterms()} == {
        "EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP",
    }  # fmt: skip


def test_transport_modes_are_rec_19_codes_with_vietnamese_names() -> None:
    modes = {row.code: row for row in sources.read_transport_modes()}
    assert sorted(modes) == list("0123456789")
    assert modes["1"].name_vi == "Đường biển"
    assert all(row.name_en and row.name_vi for row in modes.values())


def test_sample_offices_are_marked_sample_and_point_at_real_locodes() -> None:
    offices = list(sources.read_customs_offices())
    locations = {row.code for row in sources.read_locations()}
    assert len(offices) >= 15
    assert all(office.sample for office in offices)
    assert all(office.location_code in locations for office in offices)
    assert all(len(office.code) == 4 for office in offices)
    assert {"VNHPH", "VNSGN", "VNHAN", "VNDAD", "VNCLI"} <= {o.location_code for o in offices}


def test_sample_declaration_types_cover_the_common_codes_with_known_fields() -> None:
    types = {row.code: row for row in sources.read_declaration_types()}
    assert set(types) >= REQUIRED_TYPES
    assert all(row.sample for row in types.values())
    assert {row.direction for row in types.values()} == {"import", "export"}
    for row in types.values():
        assert set(row.required_fields) <= HEADER_FIELD_VOCABULARY, row.code
    assert types["A11"].name_vi == "Nhập kinh doanh tiêu dùng"
    assert types["B11"].direction == "export"
    assert "contract_number" in types["E21"].required_fields


def test_required_fields_name_real_declaration_header_fields() -> None:
    # The declaration rules look fields up by these names; a typo would block every filing.
    from smartcustoms.declarations.content import HEADER_FIELDS

    assert set(HEADER_FIELDS) >= HEADER_FIELD_VOCABULARY
