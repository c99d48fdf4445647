"""Structure: the outline and the tables of a read document.

- :mod:`~extractor.structure.sections` — the outline (第一部分 …, 一、, （一）) and the 目录;
  :mod:`~extractor.structure.numbering` ranks heading numbers.
- :mod:`~extractor.structure.tables` — table regions → tables: captions, header rows, notes,
  continuation across pages; with :mod:`~extractor.structure.header` (header rows and paths),
  :mod:`~extractor.structure.table_context` (表N, title, 编制部门, 单位, 备注) and
  :mod:`~extractor.structure.columns` (a continuation's cells under the columns it continues).
- :mod:`~extractor.structure.patterns` — regular expressions compiled on first use.

Imports only :mod:`extractor.model`.
"""
