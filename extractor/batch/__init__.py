"""Batch conversion: many documents → one JSON each plus ``manifest.jsonl``, restartable.

- :mod:`~extractor.batch.run` — the run: inputs, resume, the manifest, the engine.
- :mod:`~extractor.batch.jobs` — what a worker runs and returns (:func:`~extractor.batch.jobs.convert_document`).
- :mod:`~extractor.batch.inputs` — files, directories and globs → tasks with output names.
- :mod:`~extractor.batch.pool` — the local process pool; :mod:`~extractor.batch.dask_engine` — Dask.

The command (``extractor batch``) is :mod:`extractor.cli.batch`.
"""
