"""Test data committed with the suite (see ATTRIBUTION.md): real institution lists, the EWP specifications."""

from __future__ import annotations

import atexit
import functools
import lzma
import shutil
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EWP_REFERENCE = HERE / "ewp"
EWP_IIAS = EWP_REFERENCE / "ewp-specs-api-iias"


@functools.cache
def _unpacked_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="accord-testdata-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.cache
def reference_file(name: str) -> Path:
    """The path of a real reference list under its published name, unpacked from its .xz copy on first use."""
    packed = HERE / "reference" / f"{name}.xz"
    if not packed.is_file():
        plain = HERE / "reference" / name
        if not plain.is_file():
            raise FileNotFoundError(f"no test data named {name!r} in {HERE / 'reference'}")
        return plain
    target = _unpacked_folder() / name
    target.write_bytes(lzma.decompress(packed.read_bytes()))
    return target


def ewp_reference_bytes(relative: str) -> bytes:
    """A file of the official EWP specifications, by its path below `<repo>/<branch>/`."""
    return (EWP_REFERENCE / relative).read_bytes()
