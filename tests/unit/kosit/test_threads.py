"""The runner is safe from any thread (and after a fork): every Saxon call happens on one thread of the process."""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from tests.unit.kosit.helpers import (
    CII,
    EN16931,
    EXTENSION,
    PEPPOL_BIS,
    UBL_CREDIT_NOTE,
    UBL_INVOICE,
    XRECHNUNG,
    document,
    runner,
)
from tests.unit.kosit.test_levels import with_sub_invoice_line, with_unit_code
from validators.kosit.saxon import HOST


def documents() -> list[bytes]:
    made = [document(kind, spec, seed=seed) for seed in (1, 2) for kind in (UBL_INVOICE, UBL_CREDIT_NOTE, CII)
            for spec in (XRECHNUNG, EXTENSION, EN16931, PEPPOL_BIS)]
    return made + [with_unit_code(XRECHNUNG, "FOO"), with_sub_invoice_line(XRECHNUNG), b"<broken>"]


def summary(xml: bytes) -> tuple:
    result = runner().run(xml)
    return (result.scenario, result.accepted, result.schema_valid, result.findings, result.wellformedness_errors,
            result.report_xml().count(b"<rep:message"))


def test_many_threads_at_once_get_the_same_results_as_one_thread():
    docs = documents()
    expected = [summary(xml) for xml in docs]
    assert len({e[1] for e in expected}) == 2  # both verdicts occur
    work = [i % len(docs) for i in range(len(docs) * 4)]
    barrier = threading.Barrier(16)

    def judge(index: int) -> tuple:
        if index < 16:
            barrier.wait()  # the first sixteen calls start together
        return summary(docs[index])

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(judge, work))
    assert results == [expected[i] for i in work]


def test_every_saxon_call_runs_on_the_same_thread_whoever_calls():
    callers = []
    with ThreadPoolExecutor(max_workers=8) as pool:
        callers = list(pool.map(lambda _: HOST.call(lambda context: threading.get_ident()), range(32)))
    assert len(set(callers)) == 1
    assert callers[0] != threading.get_ident()


def test_a_forked_child_gets_its_own_saxon_thread_and_the_same_verdicts():
    docs = [document(UBL_INVOICE, XRECHNUNG), with_unit_code(EN16931, "FOO")]
    expected = [[runner().run(xml).accepted, sorted(runner().run(xml).errors)] for xml in docs]
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: judge, report through the pipe, leave without running pytest's teardown
        try:
            os.close(reader)
            answer = [[runner().run(xml).accepted, sorted(runner().run(xml).errors)] for xml in docs]
            os.write(writer, json.dumps(answer).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert json.loads(answer) == expected
