"""The review site (issue 16), without a browser: what the pages say, link and escape."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from report_support import (
    PUTUO,
    SEED,
    SEED_PDF,
    Page,
    hostile_json,
    parsed,
    read_page,
    write_json,
)

from extractor.cli import main
from extractor.report import SiteInput, build_report, build_site
from extractor.report.charts import group_digits
from extractor.report.site import script_json


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed (as a JSON written by parse) and the seed PDF (parsed here, with page images)."""
    folder = tmp_path_factory.mktemp("site-in")
    seed_json = write_json(folder, "seed.json", parsed(SEED))
    out = tmp_path_factory.mktemp("site") / "review"
    build_report([seed_json, SEED_PDF], out)
    return out


def _error_targets(page: Page, data: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(issue, the id its finding links to) for every error of ``data``, checking the finding is
    on the page and its link resolves."""
    out = []
    for i, issue in enumerate(data["issues"]):
        if issue["severity"] != "error":
            continue
        finding = page.ids.get(f"f-{i + 1}")
        assert finding is not None, f"error {issue['check']} is not on the page"
        assert "sev-error" in str(finding.get("class"))
        target = finding.get("data-go")
        assert target, f"error {issue['check']} links nowhere"
        assert target in page.ids, f"error {issue['check']} links to a missing element {target}"
        out.append((issue, str(target)))
    return out


def test_site_layout(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "assets" / "report.css").is_file() and (site / "assets" / "report.js").is_file()
    pages = sorted(p.name for p in (site / "docs").glob("*.html"))
    assert pages == ["seed.html", "seed.pdf.html"]
    images = sorted((site / "docs" / "seed.pdf").glob("*.png"))
    assert images, "the PDF has no page images"
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in images)
    assert not (site / "docs" / "seed").exists(), "a Markdown document got page images"


def test_every_error_links_to_its_cell_or_sentence_seed(site: Path) -> None:
    data = parsed(SEED)
    page = read_page(site / "docs" / "seed.html")
    targets = _error_targets(page, data)
    assert len(targets) == 8  # the seed's six defects, two of them printed twice
    for issue, target in targets:
        if issue["table"] is not None and issue["row"] is not None and issue["column"] is not None:
            assert target.startswith("c-"), (issue["check"], target)
            cell = page.ids[target]
            assert "sev-error" in str(cell.get("class")), target
            assert str(issue["row"]) in target and issue["table"] in target
        elif issue["prov"] is not None:
            assert target.startswith(("sen-", "sec-", "toc-")), (issue["check"], target)
            assert page.ids[target].get("data-l") or page.ids[target].get("data-b"), target
    # the cell the hierarchy-sum of 表2 points at is the 总计 of row 3 (3775.2)
    hierarchy = next(t for i, t in targets if i["check"] == "hierarchy-sum" and i["table"] == "t2")
    assert hierarchy == "c-t2-3-4"
    assert page.ids[hierarchy].get("data-f")


def test_every_error_links_seed_pdf(site: Path) -> None:
    data = parsed(SEED_PDF)
    page = read_page(site / "docs" / "seed.pdf.html")
    targets = _error_targets(page, data)
    assert targets
    cells = [t for i, t in targets if t.startswith("c-")]
    assert cells, "no error of the seed PDF points at a cell"
    for target in cells:
        assert page.ids[target].get("data-b"), f"{target} has no box on the page"


def test_markdown_rows_carry_line_numbers(site: Path) -> None:
    page = read_page(site / "docs" / "seed.html")
    row = page.ids["r-t2-3"]
    assert row.get("data-l") == "155,155"
    assert "Markdown" in "".join(page.text)


def test_cells_numbers_and_printed_text(site: Path) -> None:
    page = read_page(site / "docs" / "seed.html")
    cell = page.ids["c-t2-3-4"]
    assert "num" in str(cell.get("class"))
    data = json.loads(page.scripts[0].replace("\\u003c", "<"))
    item = data["cells"]["c-t2-3-4"][0]
    assert item[0].startswith("code 20604")
    assert item[1] == "total"
    assert item[2] == "37,752,000 元"
    assert item[3] == "3775.2 万元"
    assert data["tables"]["t2"]["cols"][4] == "总计"


def test_page_images_match_pdf_boxes(site: Path) -> None:
    page = read_page(site / "docs" / "seed.pdf.html")
    data = json.loads(page.scripts[0])
    assert data["pages"], "no page listed"
    for number, image in data["pages"].items():
        assert (site / "docs" / image["src"]).is_file()
        assert image["w"] > 500 and image["h"] > 500
        assert int(number) >= 1
    for table in data["tables"].values():
        for number, box in table["boxes"].items():
            assert number in data["pages"], "a table on a page without an image"
            assert 0 <= box[0] < box[2] <= data["pages"][number]["w"] + 1
            assert 0 <= box[1] < box[3] <= data["pages"][number]["h"] + 1


def test_index_lists_documents(site: Path) -> None:
    page = read_page(site / "index.html")
    rows = [d for tag, d in page.tags if tag == "tr" and d.get("data-id")]
    assert [r["data-id"] for r in rows] == ["seed", "seed.pdf"]
    assert all("data-errors" in r for r in rows)
    text = "".join(page.text)
    assert "昌吉高新技术产业开发区创业创新投资服务中心" in text
    assert "9/9" in text and "–" in text  # nine standard tables; confidence not reported
    assert "docs/seed.html" in page.links() and "docs/seed.pdf.html" in page.links()


def test_every_link_stays_inside_the_site(site: Path) -> None:
    root = site.resolve()
    for html in [site / "index.html", *(site / "docs").glob("*.html")]:
        page = read_page(html)
        for link in page.links():
            assert "://" not in link and not link.startswith("//"), f"{html.name}: external link {link}"
            if link.startswith("#"):
                assert link[1:] in page.ids, f"{html.name}: dangling anchor {link}"
                continue
            target = (html.parent / link.split("#")[0]).resolve()
            assert target.is_relative_to(root), f"{html.name}: {link} leaves the site"
            assert target.exists(), f"{html.name}: {link} does not exist"
        text = html.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text


def test_output_is_deterministic(tmp_path: Path, site: Path) -> None:
    seed_json = write_json(tmp_path / "in", "seed.json", parsed(SEED))
    again = tmp_path / "again"
    build_report([seed_json, SEED_PDF], again)
    first = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    for rel in first:
        assert (site / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    data = hostile_json(parsed(SEED))
    out = tmp_path / "site"
    build_site([SiteInput("evil<script>", data)], out)
    for html in [out / "index.html", *(out / "docs").glob("*.html")]:
        text = html.read_text(encoding="utf-8")
        assert "<script>window" not in text and "<img src=x" not in text, html.name
        assert text.count("</script>") == text.count("<script"), "a script block was closed early"
        page = Page(text)
        assert not [d for tag, d in page.tags if tag == "img" and d.get("onerror")]
        assert all(d.get("src", "").endswith("report.js") or d.get("type") == "application/json"
                   for tag, d in page.tags if tag == "script")
    doc = next((out / "docs").glob("*.html"))
    assert "/" not in doc.name and doc.name.startswith("evil_script")
    page = read_page(doc)
    shown = "".join(page.text)
    assert "<script>window.__pwned = 1</script>" in shown  # shown as text
    assert json.loads(page.scripts[0])["tables"]  # the data block still parses


def test_script_json_cannot_close_its_block() -> None:
    text = script_json({"a": "</script><!-- <script>", "b": ["&"]})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- <script>", "b": ["&"]}


def test_group_digits_is_exact() -> None:
    assert group_digits("39204100") == "39,204,100"
    assert group_digits("-1234567.891") == "-1,234,567.891"
    assert group_digits("999") == "999"


def test_charts_from_line_items(site: Path) -> None:
    text = (site / "docs" / "seed.html").read_text(encoding="utf-8")
    data = parsed(SEED)
    classes = [i for i in data["line_items"] if i["table_type"] == "expenditure" and i["level"] == "类"
               and i["measure"] == "total"]
    assert classes
    for item in classes:
        assert f"{item['code']} {item['name']}: {group_digits(item['amount_yuan'])} 元" in text
    assert 'id="chart-function"' in text and 'id="chart-economic"' in text
    economic = [i for i in data["line_items"] if i["table_type"] == "general_budget_basic_expenditure"
                and i["level"] == "款" and i["measure"] == "total"]
    assert text.count("<title>30") >= len({i["code"] for i in economic}) > 5


def test_confidence_shown_when_present(tmp_path: Path) -> None:
    data = parsed(SEED)
    data["confidence"] = {"closed": 3, "tried": 10, "ratio": "0.3000"}
    data["tables"][1]["confidence"] = {"closed": 9, "tried": 10, "ratio": "0.9000"}
    data["tables"][1]["reading"] = {
        "header_rows": 2, "column_roles": ["0:code", "3:name", "4:amount:total"], "code_form": "split",
        "pages": [4, 5], "measures_from_arithmetic": ["basic"],
    }
    data["tables"][2]["confidence"] = {"closed": 0, "tried": 0, "ratio": None}
    data["tables"][3]["confidence"] = None
    out = tmp_path / "site"
    build_site([SiteInput("low", data), SiteInput("plain", parsed(SEED))], out)
    index = read_page(out / "index.html")
    rows = {d["data-id"]: d for tag, d in index.tags if tag == "tr" and d.get("data-id")}
    assert "data-low" in rows["low"] and "data-low" not in rows["plain"]
    assert "3/10 (30%)" in "".join(index.text)
    doc = (out / "docs" / "low.html").read_text(encoding="utf-8")
    assert "confidence 9/10 (90%)" in doc and "confidence 0/0" in doc and "confidence –" in doc
    assert "reading: 2 header rows, codes split, p. 4–5, measures from arithmetic: basic" in doc
    assert "<li>总计 <span class=\"muted\">— amount:total</span></li>" in doc


def test_json_input_finds_its_pdf_by_sha256(tmp_path: Path) -> None:
    folder = tmp_path / "outputs"
    write_json(folder, "seed.pdf.json", parsed(SEED_PDF))
    shutil.copy(SEED_PDF, folder / "seed.pdf")
    build_report([folder / "seed.pdf.json"], tmp_path / "a")
    assert list((tmp_path / "a" / "docs" / "seed.pdf").glob("*.png"))
    (folder / "seed.pdf").write_bytes(SEED_PDF.read_bytes() + b"\n% changed\n")
    build_report([folder / "seed.pdf.json"], tmp_path / "b")
    assert not (tmp_path / "b" / "docs" / "seed.pdf").exists()
    assert "was not found beside seed.pdf.json with the same sha256" in (
        tmp_path / "b" / "docs" / "seed.pdf.html").read_text(encoding="utf-8")


def test_link_source_only_when_asked(tmp_path: Path) -> None:
    document = SiteInput("seed.pdf", parsed(SEED_PDF), SEED_PDF)
    build_site([document], tmp_path / "plain")
    assert "seed.pdf\"" not in (tmp_path / "plain" / "docs" / "seed.pdf.html").read_text(encoding="utf-8")
    build_site([document], tmp_path / "linked", link_source=True)
    page = read_page(tmp_path / "linked" / "docs" / "seed.pdf.html")
    outside = [link for link in page.links() if link.endswith("fixtures/pdf/seed.pdf")]
    assert outside
    assert ((tmp_path / "linked" / "docs") / outside[0]).resolve() == SEED_PDF.resolve()


def test_cli_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED), "-o", str(tmp_path / "r")]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == str(tmp_path / "r" / "index.html")
    assert err.startswith("report: 1 document")
    assert main(["report", str(tmp_path / "missing.pdf"), "-o", str(tmp_path / "x")]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "no such file" in err and "Traceback" not in err
    (tmp_path / "file").write_text("x")
    assert main(["report", str(SEED), "-o", str(tmp_path / "file")]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "is a file" in err
    (tmp_path / "note.txt").write_text("x")
    assert main(["report", str(tmp_path / "note.txt"), "-o", str(tmp_path / "y")]) == 2


def test_batch_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["batch", str(SEED), str(SEED_PDF), "-o", str(tmp_path / "b"), "-j", "1", "--no-progress", "--report"])
    assert code == 0
    _, err = capsys.readouterr()
    assert "report: 2 documents" in err
    site = tmp_path / "b" / "report"
    index = read_page(site / "index.html")
    assert len([d for tag, d in index.tags if tag == "tr" and d.get("data-id")]) == 2
    assert list((site / "docs" / "seed.pdf").glob("*.png")), "the batch's PDF was not found through the manifest"
    assert not any(p.suffix == ".json" for p in site.rglob("*"))


@pytest.mark.corpus
@pytest.mark.skipif(not PUTUO.is_file(), reason="needs ../shared/corpus (shanghai-putuo)")
def test_corpus_pdf_every_error_on_the_page(tmp_path: Path) -> None:
    build_report([PUTUO], tmp_path / "site")
    data = parsed(PUTUO)
    page = read_page(tmp_path / "site" / "docs" / "dept_budget.pdf.html")
    targets = _error_targets(page, data)
    assert targets
    for _, target in targets:
        element = page.ids[target]
        assert element.get("data-b") or target.startswith("sec-")
    images = list((tmp_path / "site" / "docs" / "dept_budget.pdf").glob("*.png"))
    assert len(images) >= 12  # the tables alone span pages 10–21
    assert sum(p.stat().st_size for p in images) < 60_000 * len(images)
    assert (tmp_path / "site" / "docs" / "dept_budget.pdf.html").stat().st_size < 400_000


def test_images_choice(tmp_path: Path) -> None:
    document = SiteInput("seed.pdf", parsed(SEED_PDF), SEED_PDF)
    counts = {}
    for which in ("none", "checked", "all"):
        summary = build_site([document], tmp_path / which, images=which)
        counts[which] = summary.images
        assert summary.images == len(list((tmp_path / which / "docs").rglob("*.png")))
    assert counts["none"] == 0 < counts["checked"] <= counts["all"]
    data = parsed(SEED_PDF)
    table_pages = {p for t in data["tables"] for p in range(t["pages"][0], t["pages"][-1] + 1) if t["pages"]}
    finding_pages = {i["prov"]["page"] for i in data["issues"] if i["prov"] and i["prov"].get("page")}
    assert {int(p.stem[1:]) for p in (tmp_path / "checked" / "docs").rglob("*.png")} == table_pages | finding_pages
    assert "p. " in (tmp_path / "none" / "docs" / "seed.pdf.html").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="unknown --images"):
        build_site([document], tmp_path / "x", images="some")


def test_malformed_output_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = parsed(SEED)
    data["tables"][1]["rows"][0]["spans"][0]["prov"] = {"page": "x", "bbox": ["a", 1, 2, 3]}
    data["tables"][1]["rows"][0]["spans"][0]["col"] = "first"
    path = write_json(tmp_path, "broken.json", data)
    assert main(["report", str(path), "-o", str(tmp_path / "site")]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "broken: not a well-formed extractor output" in err
