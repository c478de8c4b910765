"""Cassettes carry no credentials or account identifiers: every vcrpy cassette under tests/,
requests and responses alike, headers and bodies."""

from __future__ import annotations

import base64
import gzip
import json
import re
from pathlib import Path

import pytest
import yaml

TESTS = Path(__file__).resolve().parents[1]
FORBIDDEN_HEADER = re.compile(r"authorization|api[-_]?key|cookie|organi[sz]ation|openai-project", re.IGNORECASE)
#: A header line anywhere in the file, e.g. inside a multi-line body string.
FORBIDDEN_LINE = re.compile(r"^\s*-?\s*['\"]?(authorization|api-key|openai-organization|openai-project|set-cookie|cookie)['\"]?\s*:",
                            re.IGNORECASE | re.MULTILINE)
SECRET = re.compile(
    r"sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}"  # OpenAI / Anthropic style keys
    r"|Bearer\s+\S+"  # a bearer token
    r"|org-[A-Za-z0-9]{10,}"  # OpenAI organization id
    r"|\bproj_[A-Za-z0-9]{10,}"  # OpenAI project id
    r"|\bsess-[A-Za-z0-9]{20,}"  # OpenAI session key
    r"|\bAIza[0-9A-Za-z_-]{30,}"  # Google API key
)


def _load(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None


def is_cassette(data) -> bool:
    """A vcrpy cassette: a mapping with a version and a list of request/response interactions."""
    return (isinstance(data, dict) and isinstance(data.get("interactions"), list) and "version" in data
            and all(isinstance(i, dict) and {"request", "response"} <= set(i) for i in data["interactions"]))


YAMLS = sorted(p for pattern in ("*.yaml", "*.yml") for p in TESTS.rglob(pattern))
CASSETTES = [p for p in YAMLS if is_cassette(_load(p))]


def _text(value) -> str:
    """A recorded body as text: bytes decoded (gunzipped when compressed), dicts as JSON."""
    if isinstance(value, dict):
        value = value.get("string", json.dumps(value))
    if isinstance(value, bytes):
        if value[:2] == b"\x1f\x8b":
            value = gzip.decompress(value)
        value = value.decode("utf-8", errors="replace")
    return "" if value is None else str(value)


def problems(path: Path) -> list[str]:
    """What in one cassette looks like a credential: forbidden header names, secret-like tokens
    in header values, bodies or the raw file (base64 bodies decoded too)."""
    raw = path.read_text(encoding="utf-8")
    found = [f"token {m.group(0)[:12]}… in the file" for m in SECRET.finditer(raw)]
    found += [f"header line {m.group(1)!r} in the file" for m in FORBIDDEN_LINE.finditer(raw)]
    for n, interaction in enumerate(yaml.safe_load(raw)["interactions"]):
        for side in ("request", "response"):
            part = interaction[side]
            for name, values in (part.get("headers") or {}).items():
                if FORBIDDEN_HEADER.search(name):
                    found.append(f"interaction {n} {side} header {name}")
                for value in values if isinstance(values, list) else [values]:
                    if SECRET.search(str(value)):
                        found.append(f"interaction {n} {side} header {name}: secret-like value")
            body = _text(part.get("body"))
            if SECRET.search(body):
                found.append(f"interaction {n} {side} body: secret-like token")
            for chunk in re.findall(r"[A-Za-z0-9+/]{40,}={0,2}", body):  # base64 might hide a token
                try:
                    decoded = base64.b64decode(chunk, validate=True).decode("utf-8")
                except (ValueError, UnicodeDecodeError):
                    continue
                if SECRET.search(decoded) or FORBIDDEN_HEADER.search(decoded.split(":", 1)[0]):
                    found.append(f"interaction {n} {side} body: base64 holding a secret")
    return found


def test_cassettes_are_found_in_every_cassette_folder():
    assert CASSETTES, "no vcrpy cassette found under tests/"
    folders = {p.parent.relative_to(TESTS).parts[0] for p in CASSETTES}
    assert {"cassettes", "llm"} <= folders  # tests/cassettes/ and tests/llm/cassettes/
    assert len(CASSETTES) >= 8


def test_every_yaml_in_a_cassettes_folder_is_a_cassette():
    """A cassette that no longer parses would otherwise drop out of the scan unseen."""
    strays = [str(p.relative_to(TESTS)) for p in YAMLS if "cassettes" in p.parts and p not in CASSETTES]
    assert strays == []


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: str(p.relative_to(TESTS)))
def test_no_credentials_in_cassette(path):
    assert problems(path) == []


PLANTED = {
    "authorization request header": ("request", {"Authorization": ["Bearer abc123"]}, None),
    "api-key request header": ("request", {"api-key": ["x"]}, None),
    "x-api-key request header": ("request", {"X-Api-Key": ["x"]}, None),
    "proxy-authorization request header": ("request", {"Proxy-Authorization": ["Basic eA=="]}, None),
    "cookie request header": ("request", {"Cookie": ["a=b"]}, None),
    "set-cookie response header": ("response", {"Set-Cookie": ["a=b"]}, None),
    "organization response header": ("response", {"openai-organization": ["acme"]}, None),
    "project response header": ("response", {"OpenAI-Project": ["proj"]}, None),
    "sk key in a request body": ("request", {}, '{"api_key": "sk-' + "a1B2" * 6 + '"}'),
    "sk-proj key in a response body": ("response", {}, '{"echo": "sk-proj-' + "Z9y8" * 6 + '"}'),
    "org id in a response header value": ("response", {"x-debug": ["org-" + "Abc123" * 2]}, None),
    "bearer token in a response body": ("response", {}, "token: Bearer eyJhbGciOi"),
    "base64 body holding a key": ("response", {}, base64.b64encode(("key=sk-" + "Q" * 24).encode()).decode()),
}


@pytest.mark.parametrize("case", PLANTED)
def test_scan_catches_a_planted_credential(tmp_path, case):
    side, headers, body = PLANTED[case]
    clean = {"method": "POST", "uri": "http://127.0.0.1:9/v1/chat/completions", "body": "{}", "headers": {}}
    response = {"status": {"code": 200, "message": "OK"}, "headers": {}, "body": {"string": "{}"}}
    interaction = {"request": clean, "response": response}
    interaction[side]["headers"] = headers
    if body is not None:
        if side == "request":
            interaction["request"]["body"] = body
        else:
            interaction["response"]["body"] = {"string": body}
    path = tmp_path / "planted.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "interactions": [interaction]}))
    assert is_cassette(_load(path))
    assert problems(path), case


def test_scan_passes_a_clean_cassette_and_the_no_key_placeholder(tmp_path):
    request = {"method": "POST", "uri": "http://127.0.0.1:9/v1/chat/completions",
               "body": '{"model": "toy", "note": "sk-no-key-required"}', "headers": {"content-type": ["application/json"]}}
    response = {"status": {"code": 200, "message": "OK"}, "headers": {"server": ["uvicorn"]},
                "body": {"string": '{"choices": []}'}}
    path = tmp_path / "clean.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "interactions": [{"request": request, "response": response}]}))
    assert problems(path) == []
