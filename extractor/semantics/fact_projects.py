"""Project entries of the narrative → ``project`` facts.

Three layouts are read:

- a heading per project, fields as ``key：value`` lines below it (the seed:
  ``### 1、项目名称：产教联合体建设`` / ``预算安排规模：1 万元`` / ``项目承担单位：…``);
- ``项目名称：…`` lines inside a section's text, each starting a project;
- a ``…项目经费情况说明`` line followed by key lines without a colon, the value on the next
  lines (Shanghai: ``六、年度预算安排`` / ``795万元``).

A value runs on over the following lines until the next key. ``project`` facts: ``label`` is
the project name; ``amount_yuan`` the 预算安排规模; values ``name``, ``policy_basis``,
``budget`` (as printed), ``undertaker``, ``allocation``, ``period``, ``summary``, ``plan``,
``goal`` — the keys the entry prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from extractor.model import Fact, Prov, Section
from extractor.semantics.phrases import parse_money
from extractor.semantics.sentences import Sentence, clean_text, sentence_prov, title_prov

# printed field names → value keys
_KEYS: dict[str, str] = {
    "项目名称": "name",
    "设立的政策依据": "policy_basis",
    "政策依据": "policy_basis",
    "立项依据": "policy_basis",
    "设立依据": "policy_basis",
    "预算安排规模": "budget",
    "年度预算安排": "budget",
    "预算安排": "budget",
    "项目预算": "budget",
    "资金规模": "budget",
    "项目承担单位": "undertaker",
    "承担单位": "undertaker",
    "实施主体": "undertaker",
    "实施单位": "undertaker",
    "资金分配情况": "allocation",
    "资金分配": "allocation",
    "资金执行时间": "period",
    "执行时间": "period",
    "实施周期": "period",
    "实施期限": "period",
    "项目概述": "summary",
    "实施方案": "plan",
    "绩效目标": "goal",
}
_KEY_ALTERNATION = "|".join(sorted(_KEYS, key=len, reverse=True))
# a field line: "预算安排规模：1 万元", "1、项目名称：产教联合体建设", "六、年度预算安排"
_KEY_LINE = re.compile(
    rf"^\s*(?:[（(]?[一二三四五六七八九十\d]{{1,3}}[)）、.．]\s*)?(?P<key>{_KEY_ALTERNATION})\s*"
    r"(?:[:：]\s*(?P<value>.*))?$"
)
# a Shanghai project heading line: "人民调解项目经费情况说明"
_PROJECT_HEADING = re.compile(r"^\s*(?P<name>[^\s，。：:、]{2,40}?)项目经费情况说明\s*$")


@dataclass(slots=True)
class _Project:
    name: str
    prov: Prov
    section: str
    sentence: str
    fields: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    last_key: str | None = None

    def add(self, key: str, value: str) -> None:
        if key not in self.fields:
            self.order.append(key)
            self.fields[key] = value
        self.last_key = key

    def extend(self, text: str) -> None:
        if self.last_key is not None:
            self.fields[self.last_key] += text


def _title_name(title: str) -> str | None:
    match = _KEY_LINE.match(clean_text(title))
    if match and _KEYS[match.group("key")] == "name" and match.group("value"):
        return match.group("value").strip()
    return None


def _project_fact(project: _Project) -> Fact:
    fields = dict(project.fields)
    fields["name"] = project.name
    money = parse_money(fields.get("budget", ""))
    keys = ["name", *(k for k in project.order if k != "name")]
    return Fact(
        kind="project",
        label=project.name,
        sentence=project.sentence,
        prov=project.prov,
        section=project.section,
        amount_yuan=money.yuan if money else None,
        printed=money.printed if money else None,
        unit=money.unit if money else None,
        values=tuple((k, fields[k].strip()) for k in keys),
    )


def _section_projects(section: Section) -> Iterator[_Project]:
    """The projects of one section: one named by its title, or several named in its text."""
    heading = _PROJECT_HEADING.match(clean_text(section.title))
    name = _title_name(section.title) or (heading.group("name") if heading else None)
    project = _Project(name, title_prov(section), section.id, clean_text(section.title)) if name else None
    lines = section.text.split("\n")
    for index, raw in enumerate(lines):
        line = clean_text(raw).strip()
        if not line:
            continue
        prov = sentence_prov(section, Sentence(line, index, index))
        key_match = _KEY_LINE.match(line)
        heading = _PROJECT_HEADING.match(line)
        if heading or (key_match and _KEYS[key_match.group("key")] == "name" and key_match.group("value")):
            if project is not None:
                yield project
            new_name = heading.group("name") if heading else (key_match.group("value") if key_match else "")
            project = _Project((new_name or "").strip(), prov, section.id, line)
            continue
        if project is None:
            continue
        project.prov = project.prov.union(prov)
        if key_match:
            project.add(_KEYS[key_match.group("key")], key_match.group("value") or "")
        else:
            project.extend(line)
    if project is not None:
        yield project


def _add_child_fields(project: _Project, children: Sequence[Section]) -> None:
    """Fields printed as sub-headings (``六、年度预算安排``) with the value as their text."""
    for child in children:
        match = _KEY_LINE.match(clean_text(child.title))
        if match is None:
            continue
        text = "".join(clean_text(line).strip() for line in child.text.split("\n"))
        project.add(_KEYS[match.group("key")], (match.group("value") or "") + text)
        project.prov = project.prov.union(child.prov)


def section_to_projects(section: Section, children: Sequence[Section] = ()) -> tuple[Fact, ...]:
    """One ``project`` fact per project entry of one section (``children``: its sub-sections)."""
    projects = list(_section_projects(section))
    if (
        projects
        and children
        and (_title_name(section.title) or _PROJECT_HEADING.match(clean_text(section.title)))
    ):
        _add_child_fields(projects[-1], children)
    return tuple(_project_fact(p) for p in projects)


def sections_to_projects(sections: Sequence[Section]) -> tuple[Fact, ...]:
    """One ``project`` fact per project entry, in document order."""
    facts: list[Fact] = []
    for section in sections:
        children = [s for s in sections if s.parent == section.id]
        facts += section_to_projects(section, children)
    return tuple(facts)
