"""Reading a submission from a path: regular files only, the limit checked while reading."""

import os

import pytest

from invoicing.formats.errors import TooLarge
from invoicing.formats.input_files import CannotOpen, NotARegularFile, read_regular_file


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "invoice.xml"
    path.write_bytes(b"<Invoice/>")
    assert read_regular_file(path) == b"<Invoice/>"


def test_a_file_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "big.xml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(TooLarge):
        read_regular_file(path, limit=100)


def test_a_file_at_the_limit_is_read(tmp_path):
    path = tmp_path / "exact.xml"
    path.write_bytes(b"x" * 100)
    assert len(read_regular_file(path, limit=100)) == 100


def test_dev_zero_is_refused_without_reading():
    with pytest.raises(NotARegularFile, match="device"):
        read_regular_file("/dev/zero")


def test_a_fifo_without_writer_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFile, match="FIFO"):
        read_regular_file(fifo)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(NotARegularFile, match="folder"):
        read_regular_file(tmp_path)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(CannotOpen, match="cannot be opened"):
        read_regular_file(tmp_path / "nothing.xml")
