"""Telling whether uploaded bytes are a PDF, from the bytes themselves.

The file's name and the type the browser declares are chosen by the sender and prove
nothing. A PDF starts with a `%PDF-x.y` header (readers accept it within the first 1024
bytes, after junk some scanners write) and ends with an `%%EOF` marker (readers look for it
in the last 1024 bytes). The file is not parsed further: parsing untrusted PDFs is where PDF
libraries have had their denial-of-service bugs, the scan is only ever served back as a
download (`attachment`, `nosniff`), and a truncated upload already fails the trailer check.
"""

from __future__ import annotations

import re

MAX_SCAN_BYTES = 10 * 1024 * 1024
"""The largest request the scan upload accepts: a few signed pages scanned at 300 dpi."""

HEADER_WINDOW = 1024
TRAILER_WINDOW = 1024

_HEADER = re.compile(rb"%PDF-[12]\.\d")


def is_pdf(content: bytes) -> bool:
    """True if `content` has a PDF header near its start and an end-of-file marker near its end."""
    return bool(_HEADER.search(content[:HEADER_WINDOW])) and b"%%EOF" in content[-TRAILER_WINDOW:]
