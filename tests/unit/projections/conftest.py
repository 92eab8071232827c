import pytest

from tests.unit.projections.world import World


@pytest.fixture
def world():
    world = World()
    yield world
    world.close()
