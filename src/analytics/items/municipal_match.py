"""Which municipal item a district item takes up.

District lists reword the municipal titles (改善学校周边环境 for 改善学校医院周边环境, 城市居住品质提升治理 for
城市居住品质提升), so titles are compared by similarity, not equality. An item that its document marks as
municipal tier must find a match; an item whose tier the document does not state is taken as municipal only
on a close match.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..documents.sourcetext import compact
from ..errors import Warnings
from .projects import Project
from .read import ParsedDocument

# Defaults of the similarity thresholds (analysis_settings.yaml, municipal_matching): the difflib ratio on
# titles without white space that a stated municipal-tier item needs to be matched, and the stricter one an
# item of unstated tier needs to be counted as municipal.
MATCH_STATED = 0.6
MATCH_UNSTATED = 0.85


# A title may carry its target (新建公共充电桩1500个, the sentence of a numbered list): titles are compared by what
# they name, their numbers left out.
_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _NUMBER.sub("", compact(a)), _NUMBER.sub("", compact(b))).ratio()


_CLAUSE = re.compile(r"[，,；;。：:\n]")


def _clause_similarity(clause: str, item: Project) -> float:
    """A title that is a task's first clause (完成城镇老旧小区改造10个) is compared with the municipal item's title
    and with each clause of its task (完成城镇老旧小区改造600个): the best of them."""
    parts = [item.title.text, *(p for p in _CLAUSE.split(item.task.text) if p.strip())]
    return max(similarity(clause, part) for part in parts)


def best_match(project: Project | str, municipal: list[Project]) -> tuple[Project | None, float]:
    if isinstance(project, Project) and project.title_from_task:
        scored = [(_clause_similarity(project.title.text, m), m) for m in municipal]
    else:
        title = project.title.text if isinstance(project, Project) else project
        # a short title (两癌筛查) may name less than its task does (免费开展宫颈癌和乳腺癌筛查6000人次): the task's
        # clauses are compared with the title above too, the best of them counts
        clauses = [c for c in _CLAUSE.split(project.task.text) if c.strip()] if isinstance(project, Project) else []
        scored = [(max(similarity(t, m.title.text) for t in [title, *clauses]), m) for m in municipal]
    if not scored:
        return None, 0.0
    score, match = max(scored, key=lambda pair: pair[0])
    return match, score


def assign_municipal_items(
    projects: list[Project],
    municipal: list[Project],
    doc_name: str,
    warnings: Warnings,
    stated: float = MATCH_STATED,
    unstated: float = MATCH_UNSTATED,
) -> None:
    """Set tier and municipal_item_no on a district document's projects, in place."""
    for project in projects:
        match, score = best_match(project, municipal)
        if project.tier == "local":  # the document says it is the list's own
            continue
        if project.tier is not None:  # 市级 / 省级 …: taken up from a list above, which must have it
            if match is not None and score >= stated:
                project.municipal_item_no, project.municipal_match_score = match.item_no, round(score, 3)
            else:
                best = f" (closest: {match.item_no} {match.title.text}, {score:.2f})" if match else ""
                warnings.add(
                    doc_name,
                    project.line,
                    f"item {project.item_no} {project.title.text} is marked {project.tier} but matches no "
                    f"municipal item{best}",
                )
            continue
        if match is not None and score >= unstated:
            project.tier, project.tier_source = "municipal", "title_match"
            project.municipal_item_no, project.municipal_match_score = match.item_no, round(score, 3)
        else:
            project.tier, project.tier_source = "local", "title_match"
        warnings.add(
            doc_name,
            project.line,
            f"item {project.item_no}: the document does not state its tier; taken as {project.tier} "
            "by title similarity",
        )


def align_to_municipal_list(
    doc: ParsedDocument,
    municipal: ParsedDocument | None,
    warnings: Warnings,
    thresholds: dict,
    above: str = "",
    top: bool = False,
) -> None:
    """Mark a list's items with the item of `municipal` (the list of its year right above it: Chongqing's for a
    district, a prefecture's for a county) they take up. A list at the top (`top`: no list above it, and lists
    below it or no division above it) takes up its own items. `above` names the divisions above the list's, for
    the warning when there is no list to read it against."""
    if top:
        for project in doc.projects:
            project.tier, project.tier_source = "municipal", "municipal_list"
            project.municipal_item_no, project.municipal_match_score = project.item_no, 1.0
        return
    if municipal is None:
        year = doc.entry.year
        warnings.add(
            doc.document.path,
            None,
            f"no list of the level above ({above or 'not named'}) for {year} (no municipal list for {year} in the "
            "corpus to read it against, nor one of the province or prefecture): items are not aligned, figures "
            "are not compared",
        )
        for project in doc.projects:
            project.tier = project.tier or "local"
        return
    assign_municipal_items(
        doc.projects,
        municipal.projects,
        doc.document.name,
        warnings,
        thresholds["stated_tier_similarity"],
        thresholds["unstated_tier_similarity"],
    )
