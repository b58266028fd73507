import pytest

from edgegen import LocalServer


@pytest.fixture(scope="session")
def server():
    """One local `scripts/edgegen serve` for the whole session."""
    local = LocalServer.start()
    yield local
    local.stop()
