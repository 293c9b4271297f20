"""An upload is judged by its bytes: what it claims to be does not matter."""

from __future__ import annotations

import pytest

from smartcustoms.documents.rules import (
    DocumentTooLarge,
    EmptyDocument,
    UnsupportedContent,
    check_size,
    sniff_content_type,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b'<?xml version="1.0"?><Invoice><ID>1</ID></Invoice>', "application/xml"),
        (b"\xef\xbb\xbf<Invoice/>", "application/xml"),
    ],
)
def test_supported_formats_are_recognised(data: bytes, expected: str) -> None:
    assert sniff_content_type(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows executable renamed to invoice.pdf
        b"PK\x03\x04",  # a zip
        b"<Invoice><ID>1</ID>",  # truncated XML
        b"plain text pretending to be a PDF",
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bomb">]><a>&b;</a>',
    ],
)
def test_disguised_or_dangerous_content_is_refused(data: bytes) -> None:
    with pytest.raises(UnsupportedContent):
        sniff_content_type(data)


def test_size_limits() -> None:
    check_size(10, limit=10)
    with pytest.raises(DocumentTooLarge):
        check_size(11, limit=10)
    with pytest.raises(EmptyDocument):
        check_size(0, limit=10)
