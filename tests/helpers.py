"""Small helpers shared by the playbook tests."""

from __future__ import annotations


def write(folder, name: str, text: str | bytes):
    """Write a playbook (text or raw bytes) under folder, making its folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
