"""Prompts as versioned files in ``prompts/``, rendered strictly, with untrusted text fenced as data.

The files live in the top-level ``prompts/`` folder of the source tree and ship inside the
package as ``checker/prompts`` (see ``[tool.setuptools]`` in pyproject.toml); :func:`prompts_dir`
finds them either way.

A prompt file is Markdown with YAML front matter (``id``, ``version``)::

    ---
    id: extract_claims
    version: "3"
    ---
    System instructions (Jinja2)...
    === user ===
    User message (Jinja2), e.g. {{ data }}

Everything before the ``=== user ===`` line is the system message. Templates are
rendered with ``StrictUndefined``: a missing variable raises ``ConfigError``.
``PromptRef`` (id, version, sha256 of the file) goes into every report.

Spotlighting: :func:`fence` wraps untrusted article text between markers that carry a
per-request tag derived from a hash of that very text, so the text cannot contain its own
closing marker, yet the same input gives the same request (stable cache keys, cassettes).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import frontmatter
import jinja2

from ..errors import ConfigError
from ..models import PromptRef

USER_SEPARATOR = re.compile(r"^=== user ===[ \t]*$", re.MULTILINE)
_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)


def prompts_dir() -> Path:
    """The prompt folder: ``checker/prompts`` in an installed package, else the source tree's ``prompts/``."""
    shipped = resources.files("checker") / "prompts"
    if shipped.is_dir():
        return Path(str(shipped))
    source = Path(__file__).resolve().parents[2] / "prompts"
    if not source.is_dir():
        raise ConfigError(f"prompt folder not found: neither {shipped} nor {source} exists; reinstall checker")
    return source


@dataclass(frozen=True)
class Prompt:
    """One prompt file: id, version, system and user templates, hash of the file text."""

    id: str
    version: str
    system: str
    user: str
    sha256: str

    @property
    def ref(self) -> PromptRef:
        return PromptRef(id=self.id, version=self.version, sha256=self.sha256)

    def render(self, variables: dict) -> list[dict[str, str]]:
        """Chat messages (system, user); a missing variable raises ConfigError."""
        try:
            system = _ENV.from_string(self.system).render(**variables).strip()
            user = _ENV.from_string(self.user).render(**variables).strip()
        except jinja2.UndefinedError as exc:
            raise ConfigError(f"prompt {self.id} v{self.version}: {exc.message}") from None
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]


@lru_cache(maxsize=32)
def load_prompt(prompt_id: str, directory: Path | None = None) -> Prompt:
    """Read ``prompts/<prompt_id>.md``; the front matter id must match the file name."""
    path = (directory or prompts_dir()) / f"{prompt_id}.md"
    if not path.is_file():
        raise ConfigError(f"prompt file not found: {path}")
    raw = path.read_text(encoding="utf-8")
    post = frontmatter.loads(raw)
    pid, version = post.metadata.get("id"), post.metadata.get("version")
    if pid != prompt_id or version is None:
        raise ConfigError(f"{path}: front matter needs 'id: {prompt_id}' and a 'version'")
    parts = USER_SEPARATOR.split(post.content, maxsplit=1)
    if len(parts) != 2:
        raise ConfigError(f"{path}: missing the '=== user ===' line between system and user message")
    try:
        _ENV.parse(parts[0])
        _ENV.parse(parts[1])
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: template error: {exc.message}") from None
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return Prompt(id=pid, version=str(version), system=parts[0].strip(), user=parts[1].strip(), sha256=digest)


def data_tag(text: str) -> str:
    """The per-request marker tag: 12 hex digits of a hash of the fenced text."""
    return hashlib.sha256(("checker-fence\0" + text).encode("utf-8")).hexdigest()[:12]


def fence(text: str) -> tuple[str, str]:
    """``(tag, fenced)``: the text between ``<<DATA tag>>`` and ``<<END DATA tag>>`` lines."""
    tag = data_tag(text)
    if tag in text:  # cannot happen short of a hash preimage; refuse rather than mis-fence
        raise ConfigError("article text contains its own data marker")
    return tag, f"<<DATA {tag}>>\n{text}\n<<END DATA {tag}>>"
