"""Corrections the document's own arithmetic proves, made after the reading and before validation.

- :mod:`~extractor.correct.ocr_digits` — digits an OCR engine may have misread (3/8, 1/7, a lost
  decimal point), chosen by the identities they close; each correction is reported as a finding.
"""
