"""A refusal raised in another process (a worker pool, a writer) arrives whole: same kind, words and rule."""

import pickle

import pytest

from invoicing.lifecycle.errors import ApprovalRefused, ConcurrentChange, LifecycleError


@pytest.mark.parametrize("refusal", [
    ConcurrentChange("The invoice kept changing.", "Reload and try again."),
    LifecycleError("Wrong.", "Do it right.", de="Falsch."),
    ApprovalRefused("four_eyes", de="Vier Augen.", en="Four eyes.", hint="Ask a colleague."),
])
def test_a_refusal_survives_pickling(refusal):
    copy = pickle.loads(pickle.dumps(refusal))

    assert type(copy) is type(refusal)
    assert copy.as_dict() == refusal.as_dict()
    assert str(copy) == str(refusal)
