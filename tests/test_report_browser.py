"""The review site in a real browser (issue 16): headless Chromium driven by Playwright.

The browser is the Debian ``chromium`` package (``scripts/install_chromium.sh``, run by
``.ci/run`` when it is missing); Playwright only drives it (``executable_path``), it never
downloads a browser. Without Chromium or Playwright every test here skips and says why.

Each page is opened from disk (``file://``) and checked for: a screenshot that is not blank, the
table and the page image visible, a finding click that selects its cell or sentence and draws
its box on the page image, no console message of level error, no request that is not a file of
the site, and markup from a document staying text. ``REPORT_SCREENSHOTS=DIR`` keeps the
screenshots there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from report_support import PUTUO, SEED, SEED_PDF, hostile_json, parsed

from extractor.report import SiteInput, build_report, build_site

FONTS = Path(os.environ.get("EXTRACTOR_TEST_FONTS", "/opt/extractor-test-fonts")) / "fonts.conf"
"""A fontconfig file adding a CJK font for the browser only (scripts/install_chromium.sh)."""


def _chromium() -> str | None:
    return os.environ.get("EXTRACTOR_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM = _chromium()
try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium is not installed (Debian: scripts/install_chromium.sh, or set EXTRACTOR_CHROMIUM)",
    ),
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed (pip install -e '.[dev]')"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed (Markdown, via its JSON), seed PDF (with page images), a parsed Markdown document
    with markup in a cell, and a JSON whose title, cells and messages carry markup."""
    import hostile

    folder = tmp_path_factory.mktemp("browser-in")
    out = tmp_path_factory.mktemp("browser") / "site"
    md = hostile.make_md_hostile_markup(folder)
    build_site(
        [SiteInput("seed", parsed(SEED)), SiteInput("seed.pdf", parsed(SEED_PDF), SEED_PDF),
         SiteInput("hostile-markup.md", parsed(md)), SiteInput("evil", hostile_json(parsed(SEED)))],
        out,
    )
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert sync_playwright is not None and CHROMIUM is not None
    with sync_playwright() as playwright:
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS)} if FONTS.is_file() else None
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            env=env,
        )
        yield instance
        instance.close()


@dataclass
class Watched:
    page: Page
    site: Path
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def goto(self, relative: str) -> None:
        self.page.goto((self.site / relative).as_uri())
        self.page.wait_for_load_state("load")

    def assert_clean(self) -> None:
        assert not self.console, f"console errors: {self.console}"
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        root = self.site.resolve().as_uri()
        outside = [u for u in self.requests if not u.startswith(root + "/")]
        assert not outside, f"requests outside the site: {outside}"


@pytest.fixture
def tab(browser: Browser, site: Path) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, java_script_enabled=True)
    page = context.new_page()
    watched = Watched(page, site)
    page.on("console", lambda m: watched.console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: watched.console.append(f"pageerror: {err}"))
    page.on("request", lambda r: watched.requests.append(r.url))

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield watched
    context.close()


def inked(png: bytes) -> float:
    """The share of a PNG's pixels darker than light grey."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        histogram = image.convert("L").histogram()
    return sum(histogram[:160]) / sum(histogram)


def screenshot(tab: Watched, name: str, tmp_path: Path) -> Path:
    """A screenshot, checked not to be blank (enough non-white pixels, several grey levels)."""
    from PIL import Image

    keep = os.environ.get("REPORT_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    tab.page.screenshot(path=str(path))
    with Image.open(path) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    total = sum(histogram)
    inked = sum(histogram[:200]) / total
    levels = sum(1 for count in histogram if count > total / 10_000)
    assert inked > 0.02, f"{name}: the screenshot is nearly blank ({inked:.1%} inked)"
    assert levels > 8, f"{name}: the screenshot has only {levels} grey levels"
    return path


def image_loaded(tab: Watched) -> None:
    """Wait until the page image shown has loaded (a new page's image loads after the click)."""
    tab.page.wait_for_function(
        "() => { const i = document.getElementById('page-img'); return i.complete && i.naturalWidth > 0; }"
    )


def visible_box(tab: Watched, selector: str) -> dict[str, float]:
    box = tab.page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not displayed"
    assert box["width"] > 2 and box["height"] > 2, f"{selector} is empty: {box}"
    return box


def inside(inner: dict[str, float], outer: dict[str, float], slack: float = 2) -> bool:
    return (inner["x"] >= outer["x"] - slack and inner["y"] >= outer["y"] - slack
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack)


def test_index(tab: Watched, tmp_path: Path) -> None:
    tab.goto("index.html")
    screenshot(tab, "index", tmp_path)
    rows = tab.page.locator("#docs tbody tr")
    assert rows.count() == 4
    assert tab.page.locator("text=昌吉高新技术产业开发区创业创新投资服务中心").count() >= 1
    # sort by errors, descending: the counts come out ordered
    button = tab.page.locator("#docs th button", has_text="errors")
    button.click()
    button.click()
    errors = tab.page.eval_on_selector_all(
        "#docs tbody tr", "rows => rows.map(r => Number(r.cells[8].getAttribute('data-sort')))"
    )
    assert errors == sorted(errors, reverse=True) and errors[0] > 0
    # filter: partial / OCR keeps only the JSON whose reader warned
    tab.page.check("input[value=partial]")
    shown = tab.page.eval_on_selector_all("#docs tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.id)")
    assert shown == ["evil"]
    assert tab.page.inner_text("#shown") == "1"
    tab.page.uncheck("input[value=partial]")
    tab.page.fill("#q", "seed.pdf")
    shown = tab.page.eval_on_selector_all("#docs tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.id)")
    assert shown == ["seed.pdf"]
    tab.page.click("a[href='docs/seed.pdf.html']")
    tab.page.wait_for_load_state("load")
    assert tab.page.url.endswith("docs/seed.pdf.html")
    tab.assert_clean()


def test_pdf_document_page(tab: Watched, tmp_path: Path) -> None:
    tab.goto("docs/seed.pdf.html")
    image_loaded(tab)
    assert tab.page.evaluate("() => document.getElementById('page-img').naturalWidth") > 500
    visible_box(tab, "table.grid")
    visible_box(tab, "#page-img")
    visible_box(tab, "#chart-function")
    screenshot(tab, "pdf-document", tmp_path)
    # the page image itself is drawn: choose the first table's page and look at its pixels
    first_table = tab.page.evaluate("() => Object.values(JSON.parse(document.getElementById('report-data').textContent).tables)[0]")
    tab.page.select_option("#page-pick", next(iter(first_table["boxes"])))
    image_loaded(tab)
    assert inked(tab.page.locator("#page-img").screenshot()) > 0.01, "the page image looks blank"

    finding = tab.page.locator(".finding.sev-error[data-go^='c-']").first
    target = finding.get_attribute("data-go")
    assert target
    finding.click()
    state = tab.page.evaluate(
        """(id) => {
          const cell = document.getElementById(id);
          const row = cell.closest('tr');
          return {
            selected: Array.from(document.querySelectorAll('td.sel')).map(c => c.id),
            findingSelected: document.querySelector('.finding.sel') !== null,
            cellHidden: document.getElementById('box-cell').hidden,
            tableHidden: document.getElementById('box-table').hidden,
            page: document.getElementById('page-pick').value,
            rowPage: row.getAttribute('data-p'),
            where: document.getElementById('where').textContent,
            hash: location.hash,
          };
        }""",
        target,
    )
    assert state["selected"] == [target]
    assert state["findingSelected"]
    assert not state["cellHidden"] and not state["tableHidden"]
    assert state["page"] == state["rowPage"]
    assert f"page {state['rowPage']}" in state["where"]
    assert state["hash"] == f"#{target}"
    page_box = visible_box(tab, "#page-wrap")
    cell_box = visible_box(tab, "#box-cell")
    table_box = visible_box(tab, "#box-table")
    assert inside(cell_box, table_box, slack=4) and inside(table_box, page_box)
    image_loaded(tab)
    screenshot(tab, "pdf-finding-clicked", tmp_path)

    # zoom: the page image grows, and the viewer scrolls to keep the cell's box in sight
    tab.page.click("#page-zoom")
    assert "zoom" in (tab.page.get_attribute("#page-wrap", "class") or "")
    viewer = visible_box(tab, ".viewer .scroll")
    assert visible_box(tab, "#page-wrap")["width"] > viewer["width"]
    assert inside(visible_box(tab, "#box-cell"), viewer)
    screenshot(tab, "pdf-zoomed", tmp_path)

    # hovering a cell shows its exact yuan, printed text, code and measure
    tab.page.hover(f"#{target}")
    tip = tab.page.locator("#tip")
    assert tip.is_visible()
    text = tip.inner_text()
    assert "yuan" in text and "元" in text and "measure" in text and "column" in text
    assert finding.locator(".check").inner_text() in text  # the finding, too
    # keyboard: focus another cell and press Enter to select it
    other = tab.page.locator("td[data-pick][data-b]").nth(3)
    other.focus()
    assert tip.is_visible()
    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("() => document.querySelector('td.sel').id") == other.get_attribute("id")
    # the jump links scroll without selecting anything
    tab.page.click("nav.jump a[href='#tables']")
    assert tab.page.evaluate("() => document.querySelector('#tables').classList.contains('sel')") is False
    assert tab.page.evaluate("() => location.hash") == "#tables"
    tab.assert_clean()


def test_markdown_document_page(tab: Watched, tmp_path: Path) -> None:
    tab.goto("docs/seed.html")
    visible_box(tab, "table.grid")
    screenshot(tab, "markdown-document", tmp_path)
    tab.page.locator(".finding.sev-error[data-go='c-t2-3-4']").first.click()
    assert tab.page.evaluate("() => document.querySelector('td.sel') && document.querySelector('td.sel').id") == "c-t2-3-4"
    assert "Markdown line 155" in tab.page.inner_text("#where")
    cell = tab.page.locator("#c-t2-3-4")
    assert "sev-error" in (cell.get_attribute("class") or "")
    assert "✖" in cell.inner_text()  # a symbol, not colour alone
    # a narrative error selects its sentence
    narrative = tab.page.locator(".finding.sev-error[data-go^='sen-']").first
    sentence = narrative.get_attribute("data-go")
    narrative.click()
    assert tab.page.evaluate("() => Array.from(document.querySelectorAll('.sentence.sel')).map(s => s.id)") == [sentence]
    assert "Markdown line" in tab.page.inner_text("#where")
    screenshot(tab, "markdown-sentence-clicked", tmp_path)
    tab.assert_clean()


def test_hash_selects_on_load(tab: Watched) -> None:
    tab.goto("docs/seed.pdf.html")
    target = tab.page.locator(".finding.sev-error[data-go^='c-']").first.get_attribute("data-go")
    tab.goto("index.html")
    tab.page.goto((tab.site / "docs" / "seed.pdf.html").as_uri() + f"#{target}")
    tab.page.wait_for_load_state("load")
    assert tab.page.evaluate("() => document.querySelector('td.sel').id") == target
    assert not tab.page.evaluate("() => document.getElementById('box-cell').hidden")
    tab.assert_clean()


def test_hostile_document_is_inert(tab: Watched, tmp_path: Path) -> None:
    for name in ("docs/evil.html", "docs/hostile-markup.md.html", "index.html"):
        tab.goto(name)
        assert tab.page.evaluate("() => window.__pwned") is None, f"{name}: a document's markup ran"
        assert tab.page.locator("img[onerror]").count() == 0
    tab.goto("docs/evil.html")
    assert "<script>window.__pwned = 1</script>" in tab.page.inner_text("#doc-title")
    cell_texts = tab.page.eval_on_selector_all("table.grid td", "cells => cells.map(c => c.textContent)")
    assert any('<img src=x onerror="window.__pwned = 2">' in t for t in cell_texts)
    for finding in tab.page.locator(".finding").all()[:3]:
        finding.click()
    tab.page.hover("table.grid td[data-pick]")
    assert tab.page.evaluate("() => window.__pwned") is None
    screenshot(tab, "hostile", tmp_path)
    tab.goto("docs/hostile-markup.md.html")
    assert tab.page.locator("td", has_text="技术与开发<img src=x").count() == 1
    tab.assert_clean()


@pytest.mark.corpus
@pytest.mark.skipif(not PUTUO.is_file(), reason="needs ../shared/corpus (shanghai-putuo)")
def test_corpus_pdf(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "putuo"
    build_report([PUTUO], out)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    watched = Watched(context.new_page(), out)
    watched.page.on("console", lambda m: watched.console.append(m.text) if m.type == "error" else None)
    watched.page.on("pageerror", lambda err: watched.console.append(str(err)))
    watched.page.on("request", lambda r: watched.requests.append(r.url))
    try:
        watched.goto("docs/dept_budget.pdf.html")
        visible_box(watched, "table.grid")
        visible_box(watched, "#page-img")
        image_loaded(watched)
        screenshot(watched, "putuo", tmp_path)
        errors = watched.page.locator(".finding.sev-error")
        assert errors.count() == sum(1 for i in parsed(PUTUO)["issues"] if i["severity"] == "error")
        for k in range(errors.count()):
            finding = errors.nth(k)
            target = finding.get_attribute("data-go")
            finding.click()
            selected = watched.page.evaluate("() => Array.from(document.querySelectorAll('.sel')).map(e => e.id)")
            assert target in selected and finding.get_attribute("id") in selected
            assert not watched.page.evaluate("() => document.getElementById('box-cell').hidden")
            page_box = visible_box(watched, "#page-wrap")
            assert inside(visible_box(watched, "#box-cell"), page_box)
        image_loaded(watched)
        screenshot(watched, "putuo-finding-clicked", tmp_path)
        cell = watched.page.locator("td[data-b].num").nth(10)
        cell.click()
        assert not watched.page.evaluate("() => document.getElementById('box-table').hidden")
        image_loaded(watched)
        screenshot(watched, "putuo-cell-clicked", tmp_path)
        watched.assert_clean()
    finally:
        context.close()
