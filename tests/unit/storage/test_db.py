"""Storage settings: database URLs normalised for the driver."""

from __future__ import annotations

import pytest

from storage.db import normalize_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "sqlite:///concerto.db"),
        ("", "sqlite:///concerto.db"),
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://h/db", "postgresql+psycopg://h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls(given, expected):
    assert normalize_url(given) == expected
