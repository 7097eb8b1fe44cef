"""Fixtures shared by the dialogue tests."""

from __future__ import annotations

import pytest

from bot.storage import register_repo
from tests.helpers.groups import SCHOOLS


@pytest.fixture
def office(services):
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": c, "name": n} for c, n in SCHOOLS])
