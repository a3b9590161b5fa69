"""Creating a study project: where, name, codebook, coders, PI passphrase, blind option.

The PI passphrase guards the PI role in the app (who may see conditions, draw samples,
build consensus). It is stored as a salted scrypt hash, never as text. It does NOT protect
the data: anyone with the project file (or database login) can read every table.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from interactioncoder.core.codebook import Codebook
from interactioncoder.core.codebook.loader import CodebookError, load_codebook
from interactioncoder.core.codebook.shipped import shipped_codebook_dir, shipped_codebooks
from interactioncoder.core.project import Coder
from interactioncoder.storage import PROJECT_SUFFIX, ProjectRepository, create_project
from interactioncoder.storage.engine import is_url

MIN_PASSPHRASE = 8
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32


class SetupError(ValueError):
    """A user mistake in the set-up; ``str()`` is one line per problem, nothing changed."""


@dataclass(frozen=True)
class CoderSpec:
    name: str
    is_pi: bool = False


@dataclass(frozen=True)
class ProjectSpec:
    location: str  # a .icproj path or a postgresql:// URL
    name: str
    codebook: Codebook | None
    coders: tuple[CoderSpec, ...] = ()
    pi_passphrase: str = ""
    blind_to_condition: bool = False
    study_fields: tuple[str, ...] = field(default=())


# -- codebooks ----------------------------------------------------------------------
def shipped_codebook_names() -> list[str]:
    return [p.stem for p in shipped_codebooks()]


def load_codebook_choice(choice: str) -> Codebook:
    """A shipped codebook's name or a YAML file; problems as ``file:line:col: message``."""
    text = choice.strip()
    if not text:
        raise SetupError("choose a codebook (a shipped one or a YAML file)")
    path = Path(text).expanduser()
    if not path.suffix and not path.exists():
        path = shipped_codebook_dir() / f"{text}.yaml"
    if not path.is_file():
        raise SetupError(f"{text}: no such codebook file")
    try:
        return load_codebook(path)
    except CodebookError as exc:
        raise SetupError(str(exc)) from exc
    except OSError as exc:
        raise SetupError(f"{path}: cannot be read ({exc.strerror})") from exc


# -- passphrase -----------------------------------------------------------------------
def hash_passphrase(passphrase: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex), with a new random salt unless one is given."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=SCRYPT_LEN,
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_passphrase(passphrase: str, encoded: str | None) -> bool:
    """True when *passphrase* matches the stored hash (constant-time compare)."""
    if not encoded:
        return False
    try:
        scheme, n, r, p, salt_hex, digest_hex = encoded.split("$")
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
        n_i, r_i, p_i = int(n), int(r), int(p)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n_i, r=r_i, p=p_i, dklen=len(expected)
    )
    return hmac.compare_digest(got, expected)


def may_act_as_pi(repo: ProjectRepository, coder_id: int, passphrase: str) -> bool:
    """A PI coder unlocks the PI role with the project's passphrase; others never do."""
    if not repo.get_coder(coder_id).is_pi:
        return False
    stored = repo.pi_passphrase_hash()
    return stored is None or check_passphrase(passphrase, stored)


def add_coder_checked(
    repo: ProjectRepository, name: str, is_pi: bool, passphrase: str = ""
) -> Coder:
    """Add a coder; a new PI needs the project's PI passphrase (when one is set)."""
    stored = repo.pi_passphrase_hash()
    if is_pi and stored is not None and not check_passphrase(passphrase, stored):
        raise SetupError("a new PI needs the project's PI passphrase; it was not given right")
    return repo.add_coder(name, is_pi=is_pi)


def set_pi_passphrase(repo: ProjectRepository, passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise SetupError(f"the PI passphrase needs at least {MIN_PASSPHRASE} characters")
    repo.set_pi_passphrase_hash(hash_passphrase(passphrase))


# -- the project ----------------------------------------------------------------------
def normalise_location(location: str) -> str:
    text = location.strip()
    if not text or is_url(text):
        return text
    path = Path(text).expanduser()
    if path.name and not text.endswith(("/", "\\")) and path.suffix != PROJECT_SUFFIX:
        path = path.with_name(path.name + PROJECT_SUFFIX)
    return str(path)


def project_problems(spec: ProjectSpec) -> list[str]:
    """Everything wrong with *spec*, one line each ([] = ready to create)."""
    problems: list[str] = []
    location = normalise_location(spec.location)
    if not location:
        problems.append("choose where the project goes (a file, or a PostgreSQL URL)")
    elif not is_url(location):
        path = Path(location)
        if path.is_dir() or not path.name:
            problems.append(f"{path}: is a folder; give the project file a name")
        elif path.exists():
            problems.append(f"{path}: a file with this name exists already")
        elif not path.parent.is_dir():
            problems.append(f"{path.parent}: no such folder")
    elif not location.startswith(("postgresql", "sqlite")):
        problems.append(f"{location}: only postgresql:// (or sqlite://) URLs are supported")
    if not spec.name.strip():
        problems.append("give the project a name")
    if spec.codebook is None:
        problems.append("choose a codebook")
    problems.extend(_coder_problems(spec))
    return problems


def _coder_problems(spec: ProjectSpec) -> list[str]:
    problems: list[str] = []
    names = [c.name.strip() for c in spec.coders]
    if not names:
        problems.append("add at least one coder")
    if any(not n for n in names):
        problems.append("every coder needs a name")
    seen: set[str] = set()
    for n in names:
        if n and n.casefold() in seen:
            problems.append(f"coder {n!r} is listed twice")
        seen.add(n.casefold())
    has_pi = any(c.is_pi for c in spec.coders)
    if has_pi and len(spec.pi_passphrase) < MIN_PASSPHRASE:
        problems.append(
            f"a PI coder needs the PI passphrase (at least {MIN_PASSPHRASE} characters)"
        )
    if spec.blind_to_condition and not has_pi:
        problems.append("blind to condition needs a PI coder, who sees the conditions")
    return problems


def create_study_project(spec: ProjectSpec) -> ProjectRepository:
    """Create the project with everything in *spec*, or nothing (a failed file is removed)."""
    problems = project_problems(spec)
    if problems:
        raise SetupError("\n".join(problems))
    assert spec.codebook is not None
    location = normalise_location(spec.location)
    repo = create_project(location, spec.name.strip())
    try:
        with repo.atomic():
            repo.store_codebook(spec.codebook)
            for coder in spec.coders:
                repo.add_coder(coder.name.strip(), is_pi=coder.is_pi)
            if spec.pi_passphrase:
                repo.set_pi_passphrase_hash(hash_passphrase(spec.pi_passphrase))
            repo.set_blind_to_condition(spec.blind_to_condition)
            for name in spec.study_fields:
                if name.strip() and name.strip() not in repo.list_study_fields():
                    repo.add_study_field(name)
    except BaseException:
        repo.close()
        if not is_url(location):
            for suffix in ("", "-wal", "-shm"):
                Path(location + suffix).unlink(missing_ok=True)
        raise
    return repo
