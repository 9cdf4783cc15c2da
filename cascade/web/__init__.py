"""The self-check web app behind `cascade serve`: upload a draft, pick its parent, read the report in the browser.

`create_app(settings)` builds the FastAPI app; `Settings` holds its limits (upload size, .docx inflation cap,
time limit) and where the library of parent plans lives.
"""

from __future__ import annotations

from cascade.web.app import create_app
from cascade.web.settings import Settings

__all__ = ["Settings", "create_app"]
