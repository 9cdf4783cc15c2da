"""schemathesis against the app's OpenAPI schema, in process (ASGI): generated requests to every API operation,
valid and malformed, never get a 5xx or a traceback; every refusal is a Vietnamese `{"error": …}`."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from cascade.web import Settings, create_app

UPLOADS = Path(tempfile.mkdtemp(prefix="cascadetest-schema-"))
atexit.register(shutil.rmtree, UPLOADS, True)
# a short time limit keeps a generated request that happens to be a real plan from dominating the run
app = create_app(Settings(audit_timeout=10.0, upload_dir=UPLOADS))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
VIETNAMESE = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def test_schema_lists_the_operations() -> None:
    ops = {(op.method.upper(), op.path) for op in (r.ok() for r in schema.get_all_operations())}
    assert ops == {("POST", "/api/audit"), ("GET", "/api/library"), ("POST", "/api/library"),
                   ("POST", "/api/parent-suggestion")}


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case) -> None:
    response = case.call()
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    if response.status_code >= 400:
        message = response.json()["error"]
        assert VIETNAMESE & set(message.lower()), message
