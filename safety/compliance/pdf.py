"""A rendered page as PDF through WeasyPrint, its style sheets read from the static folder.

Nothing is fetched over the network: the fetcher serves the app's own static files from disk
and refuses every other address, so a PDF can neither leak a request nor wait for one.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.security import safe_join


def _static_file(url: str, root: str) -> tuple[bytes, str]:
    """The bytes and type of a URL under the app's static path at `root` (the address the
    page was served from); ValueError for any other address."""
    prefix = f"{root.rstrip('/')}{current_app.static_url_path}/"
    folder = current_app.static_folder
    if not url.startswith(prefix) or folder is None:
        raise ValueError(f"not a static file of this app: {url}")
    found = safe_join(folder, urlsplit(url).path.removeprefix(urlsplit(prefix).path))
    if found is None or not Path(found).is_file():
        raise ValueError(f"no such static file: {url}")
    return Path(found).read_bytes(), mimetypes.guess_type(found)[0] or "application/octet-stream"


def html_to_pdf(html: str) -> bytes:
    """The page `html` of the current request as a PDF, laid out by its print style sheets."""
    # Imported here: WeasyPrint takes about a second to import, which only PDFs should pay.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            body, content_type = _static_file(url, request.url_root)
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    # The site's sheets hold screen properties WeasyPrint does not know (`overflow-x`,
    # `user-select`...); each would log a warning per PDF. Refused fetches still log errors.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=request.url_root, url_fetcher=StaticFetcher())
    return document.write_pdf()
