"""A server process freezes what startup built, so the collector's full passes skip it."""

import gc

from web.app import settle_heap


def test_what_startup_built_is_frozen_and_full_passes_no_longer_walk_it():
    built = [{"row": n} for n in range(20_000)]  # long-lived, as the application's objects are
    try:
        settle_heap()
        assert gc.get_freeze_count() >= len(built)
        walked = {id(found) for found in gc.get_objects(generation=2)}
        assert not any(id(row) in walked for row in built)
    finally:
        gc.unfreeze()
