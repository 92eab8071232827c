"""The one thread of a process that talks to Saxon (saxonche).

saxonche binds its GraalVM isolate to the thread that created the `PySaxonProcessor`; calling it
from other threads of a threaded host aborts the process ("Failed to enter the specified
IsolateThread context" — akretion/factur-x issue 77, akretion/fr-einvoicing issue 9). So every
Saxon object here is created, used and dropped on a single dedicated thread, which serves jobs
from any caller thread through a queue (`SaxonHost.call`). After a fork the child gets a thread
and processor of its own: it never touches the parent's.

The jobs get a `SaxonContext`: the processor, and stylesheets compiled once per process (keyed
by their absolute path), plus lxml XML schemas compiled once per process. Jobs run one at a
time, so a compiled stylesheet's parameters can be set per run without locking.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Callable, TypeVar

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor, PyXPathProcessor, PyXsltExecutable

T = TypeVar("T")


class CompileError(Exception):
    """A stylesheet or schema of the configuration could not be compiled; the message says which and why."""


class SaxonContext:
    """What a job on the Saxon thread may use: the processor and the compiled artefacts."""

    def __init__(self) -> None:
        # The processor must outlive every executable made from it: it lives as long as the thread.
        self.processor = PySaxonProcessor(license=False)
        self._stylesheets: dict[Path, PyXsltExecutable] = {}
        self._schemas: dict[tuple[Path, ...], etree.XMLSchema] = {}
        self._xpaths: dict[tuple[tuple[str, str], ...], PyXPathProcessor] = {}

    def xpath(self, namespaces: tuple[tuple[str, str], ...]) -> PyXPathProcessor:
        """An XPath processor with these (prefix, uri) declarations, made once per set of declarations."""
        if namespaces not in self._xpaths:
            processor = self.processor.new_xpath_processor()
            for prefix, uri in namespaces:
                processor.declare_namespace(prefix, uri)
            self._xpaths[namespaces] = processor
        return self._xpaths[namespaces]

    def stylesheet(self, path: Path) -> PyXsltExecutable:
        """The compiled XSLT at `path` (compiled on first use)."""
        path = path.resolve()
        if path not in self._stylesheets:
            compiler = self.processor.new_xslt30_processor()
            try:
                self._stylesheets[path] = compiler.compile_stylesheet(stylesheet_file=str(path))
            except PySaxonApiError as error:
                raise CompileError(f"{path}: the stylesheet does not compile ({str(error).strip()}).") from None
        return self._stylesheets[path]

    def schema(self, paths: tuple[Path, ...]) -> etree.XMLSchema:
        """The XML Schema made of the files at `paths` (compiled on first use)."""
        paths = tuple(path.resolve() for path in paths)
        if paths not in self._schemas:
            self._schemas[paths] = _compile_schema(paths)
        return self._schemas[paths]


class SaxonHost:
    """Runs jobs on this process's Saxon thread and returns their results to the calling thread."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._pid: int | None = None
        self._context: SaxonContext | None = None

    def call(self, job: Callable[[SaxonContext], T]) -> T:
        """Run `job(context)` on the Saxon thread; its exception, if any, is raised here."""
        return self._thread().submit(self._run, job).result()

    @property
    def name(self) -> str:
        """The XSLT/XPath engine with its version, e.g. "SaxonC-HE 13.1 via saxonche 13.1.1"."""
        return f"{self.call(lambda context: context.processor.version).split(' from ')[0]} " \
               f"via saxonche {metadata.version('saxonche')}"

    def _run(self, job: Callable[[SaxonContext], T]) -> T:
        if self._context is None:
            self._context = SaxonContext()
        return job(self._context)

    def _thread(self) -> ThreadPoolExecutor:
        with self._guard:
            if self._pid != os.getpid():
                # A forked child inherits the parent's objects but not its thread: start afresh,
                # and never use the parent's processor or executables.
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="saxon")
                self._context = None
                self._pid = os.getpid()
            assert self._executor is not None  # made on the first call in this process
            return self._executor


def _compile_schema(paths: tuple[Path, ...]) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        if len(paths) == 1:
            document = etree.parse(str(paths[0]), parser)
        else:
            # KoSIT hands all schema sources of a scenario to one JAXP Schema; libxml2 takes one
            # root, so a wrapper imports each source under its own target namespace.
            document = etree.ElementTree(_wrapper(paths, parser))
        return etree.XMLSchema(document)
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError) as error:
        raise CompileError(f"{', '.join(map(str, paths))}: the XML Schema does not compile ({error}).") from None


def _wrapper(paths: tuple[Path, ...], parser: etree.XMLParser) -> etree._Element:
    xs = "http://www.w3.org/2001/XMLSchema"
    wrapper = etree.Element(f"{{{xs}}}schema", nsmap={"xs": xs})
    for path in paths:
        namespace = etree.parse(str(path), parser).getroot().get("targetNamespace")
        attributes = {"schemaLocation": path.as_uri()}
        if namespace:
            attributes["namespace"] = namespace
        etree.SubElement(wrapper, f"{{{xs}}}import", attributes)
    return wrapper


HOST = SaxonHost()
"""The process's Saxon thread; every Saxon call of this package goes through it."""
