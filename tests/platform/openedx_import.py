"""Import a built OLX package the way Studio's parse phase does, with the platform's parsers.

Platform code from PyPI does the real work wherever it exists (see openedx_blocks.py):
each leaf block parses itself with its own `parse_xml` (html, problem, video from
xblocks-contrib, ORA2's openassessment), the video block imports its transcripts through
edx-val's `import_from_xml` into the in-memory database, and every key is built by
edx-opaque-keys, which refuses the url_names the platform refuses.

What is not on PyPI (openedx-platform's containers and XML store) is mirrored here rule by
rule, each rule naming its platform source:

- `xmodule/modulestore/xml.py` `load_course`: course.xml needs `url_name`; the policy is
  `policies/<url_name>/policy.json`; `make_name_unique`: a duplicate url_name of a block that
  stores state is renamed to a hash (its pointer then points nowhere);
- `xmodule/xml_block.py` `is_pointer_tag`: a child carrying only `url_name` (course: plus
  `org`, `course`) is a pointer to `<tag>/<url_name>.xml`; anything else is an inline block;
- `xmodule/x_module.py` `policy_key`: `"<type>/<url_name>"` entries of policy.json override
  that block's fields;
- `xmodule/course_block.py`, `xmodule/tabs.py`: tabs (`upgrade_tabs`, `validate_tabs`, the
  defaults when the list is empty); `xmodule/graders.py` `grader_from_conf`: each GRADER entry
  needs `type`, `min_count` and `drop_count`.

Studio imports with `load_error_blocks=False`: any exception aborts the import. Here every
failure is collected in `ImportedCourse.errors`, so that one run lists them all.
"""

from __future__ import annotations

import json
import tarfile
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree
from openedx_blocks import leaf_classes
from openedx_env import setup

setup()

from fs.osfs import OSFS  # noqa: E402
from opaque_keys import InvalidKeyError  # noqa: E402
from opaque_keys.edx.locator import CourseLocator  # noqa: E402
from xblock.fields import ScopeIds  # noqa: E402
from xblock.runtime import DictKeyValueStore, IdGenerator, IdReader, KvsFieldData  # noqa: E402
from xblock.runtime import Runtime as XBlockRuntime  # noqa: E402
from xblocks_contrib.common.xml_utils import is_pointer_tag, name_to_pathname  # noqa: E402

CONTAINERS = ("course", "chapter", "sequential", "vertical")
# xml.py make_name_unique: "tags that really need unique names--they store state".
NEED_UNIQUE_NAMES = ("problem", "sequential", "video", "course", "chapter", "vertical")
# course_block.py: a course without `start` opens on this date (invisible to learners).
DEFAULT_START_DATE = "2030-01-01T00:00:00Z"
# tabs.py initialize_default: what a course with an empty tab list gets.
DEFAULT_TAB_TYPES = ["courseware", "textbooks", "discussion", "wiki", "progress", "dates"]
# Tab types that may appear only once (CourseTabPluginManager, allow_multiple=False).
SINGLE_TABS = ("courseware", "course_info", "discussion", "progress", "dates", "wiki",
               "textbooks", "syllabus", "teams")
# The platform parses OLX with this parser (xml_block.py EDX_XML_PARSER).
XML_PARSER = etree.XMLParser(dtd_validation=False, load_dtd=False, remove_blank_text=True,
                             remove_comments=True, resolve_entities=False)


class ImportFailure(Exception):
    """What would abort Studio's import (or silently lose content) for one file or block."""


@dataclass
class Node:
    """One block of the imported course tree."""

    tag: str
    url_name: str
    fields: dict[str, str]  # container: its attributes after policy; leaf: the XML attributes
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    block: object | None = None  # the parsed XBlock of a leaf

    def inherited(self, name: str) -> str | None:
        """A field as the platform inherits it down the tree (start, due, format…)."""
        node: Node | None = self
        while node is not None:
            if node.fields.get(name):
                return node.fields[name]
            node = node.parent
        return None


@dataclass
class ImportedCourse:
    root: Path  # the extracted `course/` folder
    course_key: CourseLocator | None = None
    course: Node | None = None
    policy: dict = field(default_factory=dict)  # the "course/<run>" entry of policy.json
    grading_policy: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        stack = [self.course] if self.course else []
        while stack:
            node = stack.pop(0)
            yield node
            stack[:0] = node.children

    def nodes(self, tag: str) -> list[Node]:
        return [n for n in self.walk() if n.tag == tag]

    def counts(self) -> Counter[str]:
        return Counter(n.tag for n in self.walk())

    @property
    def start(self) -> str:
        return self.policy.get("start") or (self.course.fields.get("start") if self.course
                                            else None) or DEFAULT_START_DATE

    @property
    def tabs(self) -> list[str]:
        return effective_tabs(self.policy.get("tabs"))


# --------------------------------------------------------------------------- runtime


class _Ids(IdReader, IdGenerator):
    """xml.py CourseLocationManager: usage ids are made by the course key (opaque-keys)."""

    def __init__(self, course_key: CourseLocator) -> None:
        self.course_key = course_key
        self.target_course_id = course_key  # read by the video block's edx-val import
        self._autogen = 0

    def create_usage(self, def_id):
        return def_id

    def create_definition(self, block_type, slug=None):
        if slug is None:
            self._autogen += 1
            slug = f"autogen_{block_type}_{self._autogen}"
        return self.course_key.make_usage_key(block_type, slug)

    def get_definition_id(self, usage_id):
        return usage_id

    def get_block_type(self, def_id):
        return def_id.block_type

    def create_aside(self, definition_id, usage_id, aside_type):
        raise NotImplementedError

    def get_usage_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_definition_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_usage(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_definition(self, aside_id):
        raise NotImplementedError


class ImportRuntime(XBlockRuntime):
    """The runtime services the blocks' parse_xml reads during an import."""

    def __init__(self, root: Path, course_key: CourseLocator, policy: dict) -> None:
        ids = _Ids(course_key)
        super().__init__(ids, ids, services={"field-data": KvsFieldData(DictKeyValueStore())})
        self.resources_fs = OSFS(str(root))
        self._policy = policy

    def get_policy(self, usage_id) -> dict:
        return self._policy.get(f"{usage_id.block_type}/{usage_id.block_id}", {})

    def parse_asides(self, node, def_id, usage_id, id_generator) -> list:
        return []

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        return f"/handler/{handler_name}"

    def resource_url(self, resource):
        return f"/resource/{resource}"

    def local_resource_url(self, block, uri):
        return f"/local/{uri}"

    def publish(self, block, event_type, event_data):
        return None


# --------------------------------------------------------------------------- the import


def import_package(archive: Path, workdir: Path, profile: str = "edx") -> ImportedCourse:
    """Extract a `.tar.gz` like Studio, then import the first `course.xml` found."""
    root = extract(archive, workdir)
    return import_course(root, profile)


def extract(archive: Path, workdir: Path) -> Path:
    """contentstore/utils.py: refuse members leaving the folder; use the first course.xml."""
    if not archive.name.endswith((".tar.gz", ".zip")):
        raise ImportFailure(f"{archive.name}: Studio imports only .tar.gz or .zip files")
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            path = PurePosixPath(member.name)
            if path.is_absolute() or ".." in path.parts or member.issym() or member.islnk():
                raise ImportFailure(f"Unsafe archive file: {member.name}")
        tar.extractall(workdir, filter="data")
    found = sorted(workdir.rglob("course.xml"), key=lambda p: (len(p.parts), str(p)))
    if not found:
        raise ImportFailure("Could not find the course.xml file in the package")
    return found[0].parent


def import_course(root: Path, profile: str = "edx") -> ImportedCourse:
    imported = ImportedCourse(root=root)
    try:
        pointer = _parse_file(root, "course.xml")
    except ImportFailure as failure:
        imported.errors.append(str(failure))
        return imported
    url_name = pointer.get("url_name")
    if not url_name:
        imported.errors.append("course.xml: Can't load a course without a 'url_name'")
        return imported
    try:
        imported.course_key = CourseLocator(pointer.get("org", "edx"),
                                            pointer.get("course", root.name), url_name)
    except InvalidKeyError as error:
        imported.errors.append(f"course.xml: invalid course key: {error}")
        return imported
    policy = _read_json(root, f"policies/{url_name}/policy.json", imported.errors)
    imported.policy = policy.get(f"course/{url_name}", {})
    imported.grading_policy = _read_json(root, f"policies/{url_name}/grading_policy.json",
                                         imported.errors)
    imported.errors += grading_errors(imported.grading_policy)
    imported.errors += tab_errors(imported.policy.get("tabs"))
    loader = _Loader(root, imported, policy, leaf_classes(profile))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the blocks' own deprecation noise
        imported.course = loader.process(pointer, None)
    return imported


class _Loader:
    def __init__(self, root: Path, imported: ImportedCourse, policy: dict,
                 classes: dict[str, type]) -> None:
        assert imported.course_key is not None
        self.root = root
        self.imported = imported
        self.policy = policy
        self.classes = classes
        self.runtime = ImportRuntime(root, imported.course_key, policy)
        self.used_names: dict[str, set[str]] = defaultdict(set)

    def error(self, message: str) -> None:
        self.imported.errors.append(message)

    def process(self, node: etree._Element, parent: Node | None) -> Node | None:
        tag = node.tag
        url_name = self._unique_name(node)
        try:
            self.imported.course_key.make_usage_key(tag, url_name)  # type: ignore[union-attr]
        except InvalidKeyError as error:
            self.error(f"<{tag} url_name={url_name!r}>: invalid block id: {error}")
            return None
        if tag in CONTAINERS:
            return self._container(node, tag, url_name, parent)
        cls = self.classes.get(tag)
        if cls is None:
            self.error(f"<{tag} url_name={url_name!r}>: no block type '{tag}' on the platform")
            return None
        return self._leaf(node, cls, tag, url_name, parent)

    def _unique_name(self, node: etree._Element) -> str:
        url_name = node.get("url_name") or ""
        if not url_name:
            self.error(f"<{node.tag}> without url_name: the platform names it by a hash")
        elif url_name in self.used_names[node.tag] and node.tag in NEED_UNIQUE_NAMES:
            self.error(f"Non-unique url_name in xml: {node.tag} {url_name!r} (renamed to a hash"
                       ": its pointer breaks)")
        self.used_names[node.tag].add(url_name)
        return url_name

    def _container(self, node: etree._Element, tag: str, url_name: str,
                   parent: Node | None) -> Node | None:
        definition = node
        if is_pointer_tag(node):
            try:
                definition = _parse_file(self.root, f"{tag}/{name_to_pathname(url_name)}.xml")
            except ImportFailure as failure:
                self.error(str(failure))
                return None
        elif not len(node) and (self.root / tag / f"{url_name}.xml").is_file():
            self.error(f"<{tag} url_name={url_name!r}> carries more than url_name: it imports "
                       f"as an empty inline block and {tag}/{url_name}.xml is ignored")
        fields = {k: v for k, v in definition.attrib.items() if k != "url_name"}
        fields.update({k: str(v) for k, v in self.policy.get(f"{tag}/{url_name}", {}).items()})
        result = Node(tag, url_name, fields, parent)
        for child in definition:
            if not isinstance(child.tag, str) or (tag == "course" and child.tag == "wiki"):
                continue
            loaded = self.process(child, result)
            if loaded is not None:
                result.children.append(loaded)
        return result

    def _leaf(self, node: etree._Element, cls: type, tag: str, url_name: str,
              parent: Node | None) -> Node | None:
        if is_pointer_tag(node) and not hasattr(cls, "load_definition_xml") \
                and tag != "video":
            self.error(f"<{tag} url_name={url_name!r}>: an XBlock outside the platform's XML "
                       "blocks written as a pointer: releases before 2025 lose its content")
            return None
        usage = self.runtime.id_generator.create_definition(tag, url_name)
        keys = ScopeIds(None, tag, usage, usage)
        try:
            block = cls.parse_xml(etree.fromstring(etree.tostring(node)), self.runtime, keys)
        except Exception as error:  # Studio aborts the import on any of these
            self.error(f"<{tag} url_name={url_name!r}>: {type(error).__name__}: {error}")
            return None
        return Node(tag, url_name, dict(node.attrib), parent, block=block)


def _parse_file(root: Path, rel: str) -> etree._Element:
    path = root / rel
    try:
        return etree.parse(str(path), parser=XML_PARSER).getroot()
    except OSError as error:
        raise ImportFailure(f"Unable to load file contents at path {rel}: {error}") from error
    except etree.XMLSyntaxError as error:
        raise ImportFailure(f"{rel}: malformed XML: {error}") from error


def _read_json(root: Path, rel: str, errors: list[str]) -> dict:
    """xml.py load_policy: a missing file is {}; an unreadable one is dropped (logged)."""
    path = root / rel
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except ValueError as error:
        errors.append(f"{rel}: invalid JSON, the platform ignores the file: {error}")
        return {}
    return data if isinstance(data, dict) else {}


# --------------------------------------------------------------------------- course rules


def grading_errors(policy: dict) -> list[str]:
    """graders.py grader_from_conf: AssignmentFormatGrader(type, min_count, drop_count)."""
    errors = []
    for entry in policy.get("GRADER", []):
        missing = [k for k in ("type", "min_count", "drop_count") if k not in entry]
        if missing:
            errors.append(f"grading_policy.json: GRADER entry {entry} lacks {missing}: "
                          "ValueError at import")
    return errors


def tab_errors(tabs: list | None) -> list[str]:
    """tabs.py validate_tabs (after upgrade_tabs): courseware first, single tabs once."""
    upgraded = _upgrade_tabs([dict(t) for t in tabs or []])
    if not upgraded:
        return []
    errors = []
    if upgraded[0].get("type") != "courseware":
        errors.append(f"policy.json tabs: expected first tab to have type 'courseware': "
                      f"{upgraded}")
    counts = Counter(t.get("type") for t in upgraded)
    errors += [f"policy.json tabs: tab of type '{t}' appears {n} times"
               for t, n in counts.items() if t in SINGLE_TABS and n > 1]
    errors += [f"policy.json tabs: tab without name: {t}" for t in upgraded
               if "name" not in t and t.get("type") != "courseware"]
    return errors


def effective_tabs(tabs: list | None) -> list[str]:
    """The tab types a learner gets: the list as upgraded, or the defaults when empty."""
    upgraded = _upgrade_tabs([dict(t) for t in tabs or []])
    if not upgraded:
        return list(DEFAULT_TAB_TYPES)
    return [t.get("type", "") for t in upgraded]


def _upgrade_tabs(tabs: list[dict]) -> list[dict]:
    """tabs.py upgrade_tabs: course_info first is removed (courseware, course_info swap)."""
    if len(tabs) > 1:
        if tabs[0].get("type") == "courseware" and tabs[1].get("type") == "course_info":
            tabs[0], tabs[1] = tabs[1], tabs[0]
        if tabs[0].get("type") == "course_info":
            tabs.pop(0)
    return tabs
