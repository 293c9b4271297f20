"""The SAMPLE registry and procedures shipped in the package load cleanly and say they are
a sample; a registry with two agencies on one commodity does not load."""

from __future__ import annotations

import pytest

from smartcustoms.errors import ValidationFailed
from smartcustoms.permits.rules import RegistryOverlap, parse_definitions, parse_registry
from smartcustoms.permits.service import SAMPLE_PROCEDURES, SAMPLE_REGISTRY


def test_the_sample_files_load_and_are_marked_as_sample() -> None:
    agencies, procedures = parse_definitions(SAMPLE_PROCEDURES.read_text(encoding="utf-8"))
    entries = parse_registry(SAMPLE_REGISTRY.read_text(encoding="utf-8"))
    assert {a.code for a in agencies} == {"PPD", "VFA", "CITES"}
    assert all("(sample)" in a.name_en for a in agencies)
    assert SAMPLE_PROCEDURES.read_text(encoding="utf-8").startswith("# ⚠️ SAMPLE")
    assert "SAMPLE" in (SAMPLE_REGISTRY.parent / "README.md").read_text(encoding="utf-8")
    assert all(e.key.startswith("SAMPLE-") for e in entries)
    codes = {p.code for p in procedures}
    assert {e.procedure for e in entries} <= codes


def test_a_registry_file_with_an_overlap_names_both_entries() -> None:
    text = SAMPLE_REGISTRY.read_text(encoding="utf-8") + (
        "X-FS-0808,080810,quarantine,food_safety_import,VFA,import,,,30,5,yes\n"
    )
    with pytest.raises(RegistryOverlap) as refused:
        parse_registry(text)
    assert "X-FS-0808" in refused.value.message_en
    assert "SAMPLE-PQ-0808" in refused.value.message_en


def test_a_registry_file_with_other_columns_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        parse_registry("hs,agency\n0808,PPD\n")


def test_a_procedure_of_an_agency_not_listed_is_refused() -> None:
    text = """
agencies: [{code: PPD, name_en: a, name_vi: b}]
procedures:
  - {code: x, kind: k, agency: VFA, name_en: a, name_vi: b,
     steps: [{state: received, actor: agency}]}
"""
    with pytest.raises(ValidationFailed):
        parse_definitions(text)
