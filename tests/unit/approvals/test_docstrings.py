"""The examples in the approval modules' docstrings run as written."""

import doctest

import pytest

import invoicing.approvals as approvals
from invoicing.approvals import loader


@pytest.mark.parametrize("module", [approvals, loader], ids=lambda module: module.__name__)
def test_the_docstring_examples_run(module):
    assert doctest.testmod(module, raise_on_error=False).failed == 0
