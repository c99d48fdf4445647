"""Make image-only copies of PDFs: what a department that publishes scans puts online.

    .venv/bin/python scripts/make_scans.py INPUT.pdf... -o DIR [--dpi 150] [--realistic]
        [--skew 1.0] [--quality 60] [--seed 0]

- plain (the default): each page rendered by pdfium at ``--dpi`` (150), grey, and wrapped into a
  PDF page of the same size with no text layer (the image stored losslessly, Flate);
- ``--realistic``: a scanner's copy — rendered at ``--dpi`` (100–200), a grey, uneven paper
  background, speckle, the page turned by ``--skew`` degrees (0.5–1.5; the sign alternates from
  page to page), and JPEG compression at ``--quality``.

Deterministic for given options and seed. Nothing generated here is committed: tests and
``make eval-scan`` write into temporary directories.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2


@dataclass(frozen=True)
class ScanStyle:
    dpi: float = 150.0
    realistic: bool = False
    skew: float = 1.0
    quality: int = 60
    seed: int = 0


REALISTIC = ScanStyle(dpi=100.0, realistic=True, skew=1.0, quality=60)
"""The acceptance case of issue 14: skewed, JPEG, 100 dpi."""


def make_scan(source: Path, target: Path, style: ScanStyle = ScanStyle(), pages: list[int] | None = None) -> int:
    """Write the image-only copy of ``source`` (of its ``pages``, 1-based; all by default) to
    ``target``; returns the page count."""
    pdf = pypdfium2.PdfDocument(str(source))
    rng = np.random.default_rng(style.seed)
    images: list[tuple[float, float, bytes, int, int, str]] = []
    try:
        for index in [p - 1 for p in pages] if pages else range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            bitmap = page.render(scale=style.dpi / 72, grayscale=True)
            array = bitmap.to_numpy()
            image = np.ascontiguousarray(array[:, :, 0] if array.ndim == 3 else array)
            if style.realistic:
                image = _age(image, rng, style.skew * (1 if index % 2 == 0 else -1))
                ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, style.quality])
                assert ok
                images.append((width, height, encoded.tobytes(), image.shape[1], image.shape[0], "DCTDecode"))
            else:
                images.append((width, height, zlib.compress(image.tobytes(), 6), image.shape[1], image.shape[0],
                              "FlateDecode"))
            page.close()
    finally:
        pdf.close()
    target.write_bytes(_pdf(images))
    return len(images)


def _age(image: np.ndarray, rng: np.random.Generator, skew: float) -> np.ndarray:
    """A scanner's look: ink a little lighter, a grey uneven background, turned, speckled."""
    h, w = image.shape
    ink = 1.0 - image.astype(np.float32) / 255.0
    shade = np.linspace(222, 236, w, dtype=np.float32)[None, :] + rng.normal(0, 3, (h, w)).astype(np.float32)
    page = shade * (1.0 - 0.92 * ink)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    page = cv2.warpAffine(page, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=228.0)
    specks = rng.random((h, w)) < 0.0008
    page[specks] = rng.uniform(40, 140, int(specks.sum()))
    return np.clip(page, 0, 255).astype(np.uint8)


def _pdf(pages: list[tuple[float, float, bytes, int, int, str]]) -> bytes:
    """A minimal PDF: one page per image, the image filling the page, no text."""
    objects: list[bytes] = []
    kids = []
    for k, (width, height, data, px_w, px_h, codec) in enumerate(pages):
        page_id, content_id, image_id = 3 + 3 * k, 4 + 3 * k, 5 + 3 * k
        kids.append(f"{page_id} 0 R")
        draw = f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Im0 Do Q".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2f} {height:.2f}] "
            f"/Resources << /XObject << /Im0 {image_id} 0 R >> >> /Contents {content_id} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        objects.append(
            f"<< /Type /XObject /Subtype /Image /Width {px_w} /Height {px_h} /ColorSpace /DeviceGray "
            f"/BitsPerComponent 8 /Filter /{codec} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")
    head = [b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(head + objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
    return bytes(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("-o", "--out", type=Path, required=True, help="directory for the copies")
    parser.add_argument("--dpi", type=float, default=None, help="150 plain, 100 realistic by default")
    parser.add_argument("--realistic", action="store_true", help="skew, grey background, speckle, JPEG")
    parser.add_argument("--skew", type=float, default=1.0)
    parser.add_argument("--quality", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pages", type=lambda v: [int(p) for p in v.split(",")], default=None,
                        help="only these pages, e.g. 1,3,4")
    args = parser.parse_args(argv)
    dpi = args.dpi or (100.0 if args.realistic else 150.0)
    style = ScanStyle(dpi=dpi, realistic=args.realistic, skew=args.skew, quality=args.quality, seed=args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for source in args.inputs:
        target = args.out / source.name
        pages = make_scan(source, target, style, args.pages)
        print(f"{target}: {pages} pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
