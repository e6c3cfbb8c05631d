"""Shared fixtures: the official EWP specifications committed as test data (the product never reads them)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from accord_testing.data import EWP_IIAS as IIAS
from accord_testing.data import EWP_REFERENCE as REFERENCE
from accord_testing.data import ewp_reference_bytes as reference_bytes

__all__ = ["IIAS", "REFERENCE", "reference_bytes"]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make any socket connection fail loudly, to prove that schema loading and validation stay offline."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
