"""``extractor export``: csv, datapackage (frictionless-valid), sqlite, parquet from a batch dir."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SEED

from extractor.batch.jobs import BatchConfig
from extractor.batch.run import run_batch
from extractor.cli import main
from extractor.errors import InputError
from extractor.export import export
from extractor.export.codes import code_rows

OTHER = ROOT / "fixtures" / "seed" / "seed-html.md"


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("batch")
    run_batch([str(SEED), str(OTHER)], BatchConfig(out_dir=out, jobs=2))
    yield out


def outputs(batch_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(batch_dir.glob("*.json"))]


def read_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def shared_function_code(docs: list[dict[str, Any]]) -> str:
    """A 功能分类 code printed in every document."""
    sets = [
        {i["code"] for i in d["line_items"] if i["classification"] == "functional" and i["code"]}
        for d in docs
    ]
    common = sorted(set.intersection(*sets))
    assert common, "the fixtures share no function code"
    return common[0]


def test_csv_has_every_line_item_and_one_file_per_table(batch_dir: Path, tmp_path: Path) -> None:
    docs = outputs(batch_dir)
    assert main(["export", str(batch_dir), "--to", "csv", "-o", str(tmp_path / "csv")]) == 0
    rows = read_csv(tmp_path / "csv" / "line_items.csv")
    assert len(rows) == sum(len(d["line_items"]) for d in docs)
    first = docs[0]["line_items"][0]
    assert rows[0]["amount_yuan"] == first["amount_yuan"] and rows[0]["printed"] == first["printed"]
    tables = sorted((tmp_path / "csv" / "tables").glob("*.csv"))
    assert len(tables) == sum(len(d["tables"]) for d in docs)
    table = docs[0]["tables"][0]
    with open(
        tmp_path / "csv" / "tables" / f"{SEED.name}__{table['id']}.csv", encoding="utf-8", newline=""
    ) as handle:
        grid = list(csv.reader(handle))
    assert len(grid) == 1 + len(table["rows"]) and grid[1] == table["rows"][0]["cells"]


def test_csv_bom_for_excel(batch_dir: Path, tmp_path: Path) -> None:
    export([batch_dir], "csv", tmp_path / "csv", bom=True)
    assert (tmp_path / "csv" / "line_items.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_csv(tmp_path / "csv" / "line_items.csv", encoding="utf-8-sig")[0]["document"] == SEED.name


def test_sqlite_answers_one_function_code_across_documents(batch_dir: Path, tmp_path: Path) -> None:
    docs = outputs(batch_dir)
    code = shared_function_code(docs)
    db_path = tmp_path / "budget.sqlite"
    assert main(["export", str(batch_dir), "--to", "sqlite", "-o", str(db_path)]) == 0
    db = sqlite3.connect(db_path)
    try:
        rows = db.execute(
            "SELECT d.source_path, li.amount_yuan, li.amount_fen FROM line_items li JOIN documents d USING (document) "
            "WHERE li.code = ? AND li.measure = 'total'",
            (code,),
        ).fetchall()
        plan = " ".join(
            str(r) for r in db.execute("EXPLAIN QUERY PLAN SELECT * FROM line_items WHERE code = ?", (code,))
        )
        counts = [
            db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("documents", "tables", "issues", "codes")
        ]
    finally:
        db.close()
    assert {r[0] for r in rows} == {SEED.name, OTHER.name}
    assert all(Decimal(amount) * 100 == fen for _, amount, fen in rows)
    assert "line_items_code" in plan
    assert (
        counts[0] == 2
        and counts[1] == sum(len(d["tables"]) for d in docs)
        and counts[3] == len(code_rows()) > 0
    )


def test_parquet_amounts_are_exact_decimals(batch_dir: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    docs = outputs(batch_dir)
    export([batch_dir], "parquet", tmp_path / "items.parquet")
    table = pq.read_table(tmp_path / "items.parquet")
    assert table.schema.field("amount_yuan").type == pa.decimal128(20, 2)
    expected = [Decimal(i["amount_yuan"]) for d in docs for i in d["line_items"]]
    assert table.column("amount_yuan").to_pylist() == expected


def test_datapackage_passes_frictionless_validate(batch_dir: Path, tmp_path: Path) -> None:
    from frictionless import validate

    out = tmp_path / "dp"
    assert main(["export", str(batch_dir), "--to", "datapackage", "-o", str(out)]) == 0
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == {"documents", "tables", "line_items", "issues", "codes"}
    assert all(r["schema"]["primaryKey"] for r in resources.values())
    keys = resources["line_items"]["schema"]["foreignKeys"]
    assert {"fields": ["code_ref"], "reference": {"resource": "codes", "fields": ["code"]}} in keys
    assert {s["sha256"] for s in descriptor["sources"]} == {d["source"]["sha256"] for d in outputs(batch_dir)}
    assert any(r["code_ref"] for r in read_csv(out / "line_items.csv"))
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["title", "message"])


def test_datapackage_foreign_key_to_codes_is_checked(batch_dir: Path, tmp_path: Path) -> None:
    """A code_ref missing from the codes resource makes the package invalid (the key is enforced)."""
    from frictionless import validate

    out = tmp_path / "dp"
    export([batch_dir], "datapackage", out)
    rows = read_csv(out / "line_items.csv")
    rows[0]["code_ref"] = "9999999"
    with open(out / "line_items.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = validate(out / "datapackage.json")
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def test_export_skips_manifest_and_foreign_json_but_rejects_them_named(
    batch_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "datapackage.json").write_text("{}", encoding="utf-8")
    summary = export([batch_dir, tmp_path], "csv", tmp_path / "csv")
    assert summary.documents == 2
    with pytest.raises(InputError):
        export([tmp_path / "datapackage.json"], "csv", tmp_path / "csv2")
    assert main(["export", str(tmp_path / "nothing"), "--to", "csv", "-o", str(tmp_path / "x")]) == 2


def test_export_target_of_the_wrong_kind_is_a_usage_error(
    batch_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    assert main(["export", str(batch_dir), "--to", "csv", "-o", str(a_file)]) == 2
    assert main(["export", str(batch_dir), "--to", "sqlite", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err


def test_codes_resource_is_empty_when_the_code_lists_are_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "extractor.semantics.codelists", None)  # import now fails
    assert code_rows.__wrapped__() == ()
