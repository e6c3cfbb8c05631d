"""Shared fixtures: the official EWP reference tree (tests only; the product never reads it)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

# /work/main/accord/engines/ewp/tests -> /work/shared/reference/ewp (override with EWP_REFERENCE_DIR).
_DEFAULT = Path(__file__).resolve().parents[5] / "shared/reference/ewp"
REFERENCE = Path(os.environ.get("EWP_REFERENCE_DIR", _DEFAULT))
IIAS = REFERENCE / "ewp-specs-api-iias"

needs_reference = pytest.mark.skipif(not IIAS.is_dir(), reason=f"EWP reference tree not found at {REFERENCE}")


def reference_bytes(relative: str) -> bytes:
    return (REFERENCE / relative).read_bytes()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make any socket connection fail loudly, to prove that schema loading and validation stay offline."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
