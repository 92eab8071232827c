"""The actors' services: installed by the runtime, else built by the factory the composition root provides (a bare
`dramatiq cli.actors` run), else refused with what to run; `workers.context` builds nothing itself."""

from __future__ import annotations

import pytest

from workers import context


@pytest.fixture
def clean_context():
    context.install(None)
    context.provide(None)
    yield
    context.install(None)
    context.provide(None)


def test_without_installed_services_or_a_factory_the_actors_are_told_what_to_run(clean_context):
    with pytest.raises(LookupError, match="run `invoicing worker`, or `dramatiq cli.actors`"):
        context.services()


def test_the_provided_factory_builds_the_services_once_and_installed_ones_come_first(clean_context):
    built = []
    context.provide(lambda: built.append("built") or "built services")
    assert (context.services(), context.services(), built) == ("built services", "built services", ["built"])
    context.install("installed services")
    assert context.services() == "installed services"


def test_a_bare_dramatiq_run_gets_its_services_from_the_composition_root(clean_context):
    import importlib

    import cli.actors
    from cli import root

    importlib.reload(cli.actors)  # as `dramatiq cli.actors` imports it
    assert context._factory is root.actor_services
