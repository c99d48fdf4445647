"""The OCR engine: RapidOCR's PP-OCR detection and recognition models, run by onnxruntime.

The only module that runs the models. They ship inside the ``rapidocr`` wheel
(``rapidocr/models/*.onnx``, the character list inside the recognition model), so nothing is
fetched at run time; :func:`load_engine` refuses to start when a model file is missing. They are
run by onnxruntime directly, with RapidOCR's own pre- and post-processing re-stated here (the
detector's boxes are the same), without importing ``rapidocr``: its pipeline's dependencies cost
some 30 MB, and its whole-page detection several hundred.

Memory is bounded whatever the page: detection runs on strips of at most :data:`DET_PIXELS`
pixels, recognition on batches of at most :data:`REC_COLUMNS` input columns, and large tensors
are given back to the system as they are freed (:func:`_unmap_large_blocks`).

Two entry points, both thread-safe (onnxruntime sessions may be run from several threads, and
release the GIL while they run):

- :meth:`Engine.detect`: text boxes of an image (axis-parallel, in the image's pixels);
- :meth:`Engine.recognize`: the text of each crop, with every character's confidence and
  horizontal position — recognition only, no detection, which is what ruled table cells need.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

from extractor.errors import UsageError

Image = Any
"""A grey image (a 2-D uint8 array)."""

RAPIDOCR_VERSION = "3.10.0"
"""The pinned engine (pyproject's ``ocr`` extra): its models and internals are what this module reads."""
INSTALL_HINT = "OCR needs the engine: pip install 'budget-extractor[ocr]' (RapidOCR and onnxruntime)"
REC_HEIGHT = 48
"""The recognition model's input height; a crop is scaled to it."""
REC_STRIDE = 8
"""Input columns per output time step of the recognition model."""
REC_BATCH = 8
"""Crops recognized together at most."""
REC_COLUMNS = 2560
"""Input columns of a recognition batch at most (crops × padded width): 8 short crops, or one line
across a page. The model's working memory grows with them: about 10 kB a column in use, 50 kB
held once the heap fragments."""
DET_PIXELS = 360_000
"""Pixels text detection works on at once: a taller image is cut into overlapping strips, as the
detector's working memory grows with the pixels (about 120 bytes each in use, 400 held once the
heap fragments: 550 MB for a whole A4 page at the detection resolution)."""
DET_OVERLAP = 96
"""Rows two strips share, more than twice a line of text at the detection resolution: each strip
keeps the boxes whose centre lies in its own part, and such a box lies wholly inside it."""


class EngineMissing(UsageError):
    """The OCR engine is not installed (or its shipped models are missing)."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What the recognizer read in one crop: the text, each character's confidence, and the
    centre of each character as a fraction of the crop's width."""

    text: str
    confidences: tuple[float, ...]
    centres: tuple[float, ...]

    @property
    def confidence(self) -> float:
        return min(self.confidences, default=0.0)


class Engine:
    """RapidOCR's detector and recognizer, loaded once per process and thread count.

    The two models are run by onnxruntime directly, with the session options, pre- and
    post-processing of RapidOCR's own pipeline (``rapidocr/ch_ppocr_det``, ``ch_ppocr_rec``):
    importing ``rapidocr`` itself would load its whole pipeline's dependencies (shapely, PIL,
    requests …), some 30 MB, for none of the work done here."""

    def __init__(self, threads: int) -> None:
        try:
            import numpy as np
            import onnxruntime
            import pyclipper
        except ImportError as err:
            raise EngineMissing(INSTALL_HINT) from err
        self._np = np
        self._clipper = pyclipper
        _unmap_large_blocks()
        det_path, rec_path = _model_paths()
        self._det_session = _session(onnxruntime, det_path, threads)
        self._rec_session = _session(onnxruntime, rec_path, threads)
        meta = self._rec_session.get_modelmeta().custom_metadata_map
        # the recognizer's characters, as RapidOCR reads them: a blank first, a space last
        self._chars: list[str] = ["blank", *meta["character"].splitlines(), " "]

    def detect(self, image: Image, scale: float = 1.0) -> list[tuple[int, int, int, int]]:
        """Text boxes (x0, y0, x1, y1) of a grey image, top to bottom; detection runs on the image
        scaled by ``scale`` (its cost grows with the pixels, and large text needs few)."""
        if scale != 1.0:
            import cv2

            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        if image.shape[0] < 8 or image.shape[1] < 8:
            return []
        out: list[tuple[int, int, int, int]] = []
        for top, bottom, own_top, own_bottom in strips(image.shape[0], image.shape[1]):
            for quad in self._detect_strip(image[top:bottom]):
                xs, ys = quad[:, 0], quad[:, 1] + top
                if not own_top <= (float(ys.min()) + float(ys.max())) / 2 < own_bottom:
                    continue  # (the neighbouring strip has it whole)
                out.append((int(xs.min() / scale), int(ys.min() / scale),
                            (math.ceil(xs.max() / scale)), (math.ceil(ys.max() / scale))))
        return sorted(out, key=lambda b: (b[1], b[0]))

    def recognize(self, crops: list[Image]) -> list[Reading]:
        """The reading of each grey crop (one text line each), in the order given."""
        order = sorted(range(len(crops)), key=lambda i: _ratio(crops[i]))
        out: list[Reading | None] = [None] * len(crops)
        for batch in rec_batches([_ratio(crops[i]) for i in order]):
            chosen = [order[k] for k in batch]
            for i, reading in zip(chosen, self._recognize_batch([crops[i] for i in chosen]), strict=True):
                out[i] = reading
        return [r if r is not None else Reading("", (), ()) for r in out]

    def _recognize_batch(self, crops: list[Image]) -> list[Reading]:
        np = self._np
        import cv2

        ratios = [_ratio(c) for c in crops]
        width = _rec_width(max(ratios))
        batch = np.zeros((len(crops), 3, REC_HEIGHT, width), dtype=np.float32)
        used: list[int] = []
        for k, (crop, ratio) in enumerate(zip(crops, ratios, strict=True)):
            w = max(1, min(width, (math.ceil(REC_HEIGHT * ratio))))
            resized = cv2.resize(crop, (w, REC_HEIGHT)).astype(np.float32) / 127.5 - 1.0
            batch[k, :, :, :w] = resized[None, :, :]
            used.append(w)
        preds = self._rec_session.run(None, {self._rec_session.get_inputs()[0].name: batch})[0]
        return [self._decode(preds[k], used[k]) for k in range(len(crops))]

    def _detect_strip(self, image: Image) -> list[Any]:
        """The text boxes (4×2 arrays of corner points) of a grey image, as RapidOCR's detector
        gives them: the image resized to multiples of 32, normalized, and the probability map
        turned into boxes by DB post-processing."""
        np = self._np
        import cv2

        height, width = image.shape
        h32, w32 = round(height / 32) * 32, round(width / 32) * 32
        if h32 <= 0 or w32 <= 0:
            return []
        grey = cv2.resize(image, (w32, h32))
        plane = ((grey.astype("float32") * (1 / 255.0) - 0.5) / 0.5).astype(np.float32)
        del grey
        batch = np.ascontiguousarray(np.broadcast_to(plane, (1, 3, h32, w32)))
        del plane
        pred = self._det_session.run(None, {self._det_session.get_inputs()[0].name: batch})[0][0, 0]
        del batch
        return _db_boxes(pred, (height, width), self._clipper)

    def _decode(self, pred: Any, used_width: int) -> Reading:
        """Greedy CTC decoding, keeping each character's probability and place."""
        best = pred.argmax(axis=1)
        steps = max(1, (math.ceil(used_width / REC_STRIDE)))
        text: list[str] = []
        confs: list[float] = []
        centres: list[float] = []
        prev = 0
        for t in range(min(len(best), steps + 1)):
            idx = int(best[t])
            if idx != 0 and idx != prev:
                ch = self._chars[idx]
                text.append(ch)
                confs.append(round(float(pred[t, idx]), 4))
                centres.append(min(1.0, (t + 0.5) * REC_STRIDE / used_width))
            prev = idx
        return Reading("".join(text), tuple(confs), tuple(centres))


def _ratio(crop: Image) -> float:
    return float(crop.shape[1] / max(crop.shape[0], 1))


def _rec_width(ratio: float) -> int:
    """The padded input width of a recognition batch whose widest crop has ``ratio``."""
    return int(REC_HEIGHT * max(ratio, 320 / REC_HEIGHT))


def rec_batches(ratios: list[float]) -> list[list[int]]:
    """Consecutive runs of crops (given by their width-to-height ratios, ascending) recognized
    together: at most :data:`REC_BATCH` crops, and at most :data:`REC_COLUMNS` input columns
    once padded to the widest (a crop wider than that goes alone)."""
    out: list[list[int]] = []
    for k, ratio in enumerate(ratios):
        if out and len(out[-1]) < REC_BATCH and (len(out[-1]) + 1) * _rec_width(ratio) <= REC_COLUMNS:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def strips(height: int, width: int) -> list[tuple[int, int, int, int]]:
    """The horizontal strips text detection runs on, as (top, bottom, own_top, own_bottom) rows:
    at most :data:`DET_PIXELS` pixels each (rows a multiple of 32, the detector's stride),
    neighbours sharing :data:`DET_OVERLAP` rows; the own parts tile the image."""
    rows = max(3 * DET_OVERLAP, (DET_PIXELS // max(width, 1)) // 32 * 32)
    if height <= rows:
        return [(0, height, 0, height)]
    step = rows - DET_OVERLAP
    tops = [*range(0, height - rows, step), height - rows]
    out: list[tuple[int, int, int, int]] = []
    for k, top in enumerate(tops):
        own_top = 0 if k == 0 else (top + tops[k - 1] + rows) // 2
        own_bottom = height if k == len(tops) - 1 else (tops[k + 1] + top + rows) // 2
        out.append((top, top + rows, own_top, own_bottom))
    return out


DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
"""The models RapidOCR's default pipeline runs (Chinese, PP-OCRv6 small), shipped in its wheel."""


def _model_paths() -> tuple[str, str]:
    """The wheel's detection and recognition models (found without importing ``rapidocr``);
    refuses to start when they are missing rather than fetch anything."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("rapidocr")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        det, rec = Path(folder) / "models" / DET_MODEL, Path(folder) / "models" / REC_MODEL
        if det.is_file() and rec.is_file():
            return str(det), str(rec)
    raise EngineMissing(f"the installed rapidocr has no shipped models; {INSTALL_HINT} (rapidocr=={RAPIDOCR_VERSION})")


M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter for the size from which a block is mapped on its own."""
MMAP_THRESHOLD = 128 * 1024
"""glibc's initial mmap threshold, kept (see :func:`_unmap_large_blocks`)."""


def _unmap_large_blocks() -> None:
    """Keep glibc's mmap threshold at its initial 128 KiB. onnxruntime (without its memory arena)
    allocates every tensor with ``malloc``; glibc raises the threshold to the size of each large
    block freed (up to 32 MiB), after which the models' large, short-lived tensors come from the
    heap, which fragments and keeps them: a page's detection then holds three times the memory it
    uses. With the threshold fixed, those blocks are mapped and given back as they are freed.
    The price is system time (their pages are mapped anew each time): measured, about 0.5 s for a
    document with one scanned page, about 1 s of CPU per page of a long scan (some 30% more CPU),
    for a peak of a half to a third. Set once the engine loads (a process without OCR is left as it
    is); only on Linux with glibc, elsewhere nothing is done."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        if hasattr(libc, "gnu_get_libc_version"):
            libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    except (OSError, AttributeError):
        return


def _session(onnxruntime: Any, path: str, threads: int) -> Any:
    """An onnxruntime session with RapidOCR's options (CPU, no memory arena, all graph
    optimizations), ``threads`` threads within an operator, and no memory pattern: the inputs'
    shapes change from call to call, and a pattern planned for one shape is one more large block
    held (same results, 15 MB less at the peak of a page)."""
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False
    options.enable_mem_pattern = False
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])


# ---------------------------------------------------------------- DB post-processing (RapidOCR's)

_DB_THRESH = 0.3
_DB_BOX_THRESH = 0.5
_DB_MAX_CANDIDATES = 1000
_DB_UNCLIP_RATIO = 1.6
_DB_MIN_SIZE = 3


def _db_boxes(pred: Any, shape: tuple[int, int], clipper: Any) -> list[Any]:
    """Boxes of a detection probability map, in the pixels of an image of ``shape``: RapidOCR's
    ``DBPostProcess`` (threshold, 2×2 dilation, contours, minimum-area boxes scored by the mean
    probability inside, grown by the unclip ratio) and its ``filter_det_res``."""
    import cv2
    import numpy as np

    dest_height, dest_width = shape
    height, width = pred.shape
    bitmap = cv2.dilate((pred > _DB_THRESH).astype(np.uint8), np.array([[1, 1], [1, 1]]))
    contours, _ = cv2.findContours((bitmap * 255).astype(np.uint8), cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    out: list[Any] = []
    for contour in contours[:_DB_MAX_CANDIDATES]:
        points, side = _mini_box(contour)
        if side < _DB_MIN_SIZE or _box_score(pred, points.reshape(-1, 2)) < _DB_BOX_THRESH:
            continue
        box, side = _mini_box(_unclip(points, clipper))
        if side < _DB_MIN_SIZE + 2:
            continue
        box[:, 0] = np.clip(np.round(box[:, 0] / width * dest_width), 0, dest_width)
        box[:, 1] = np.clip(np.round(box[:, 1] / height * dest_height), 0, dest_height)
        box = _clockwise(box.astype(np.int32))
        box[:, 0] = np.minimum(np.maximum(box[:, 0], 0), dest_width - 1).astype(np.int32)
        box[:, 1] = np.minimum(np.maximum(box[:, 1], 0), dest_height - 1).astype(np.int32)
        if int(np.linalg.norm(box[0] - box[1])) <= 3 or int(np.linalg.norm(box[0] - box[3])) <= 3:
            continue
        out.append(box)
    return out


def _mini_box(contour: Any) -> tuple[Any, float]:
    import cv2
    import numpy as np

    rect = cv2.minAreaRect(contour)
    points = sorted(cv2.boxPoints(rect), key=lambda p: p[0])
    i1, i4 = (0, 1) if points[1][1] > points[0][1] else (1, 0)
    i2, i3 = (2, 3) if points[3][1] > points[2][1] else (3, 2)
    return np.array([points[i1], points[i2], points[i3], points[i4]]), float(min(rect[1]))


def _box_score(pred: Any, box: Any) -> float:
    """The mean probability inside a box (RapidOCR's ``box_score_fast``)."""
    import cv2
    import numpy as np

    h, w = pred.shape[:2]
    box = box.copy()
    xmin = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    xmax = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    ymin = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    ymax = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    mask = np.zeros((ymax - ymin + 1, xmax - xmin + 1), dtype=np.uint8)
    box[:, 0] -= xmin
    box[:, 1] -= ymin
    cv2.fillPoly(mask, box.reshape(1, -1, 2).astype(np.int32), 1)
    return float(cv2.mean(pred[ymin:ymax + 1, xmin:xmax + 1], mask)[0])


def _unclip(box: Any, clipper: Any) -> Any:
    """The box grown by area × ratio / perimeter (pyclipper's round offset, as RapidOCR)."""
    import numpy as np

    xs, ys = box[:, 0].astype(np.float64), box[:, 1].astype(np.float64)
    area = abs(float(np.dot(xs, np.roll(ys, -1)) - np.dot(ys, np.roll(xs, -1)))) / 2
    length = float(np.hypot(np.roll(xs, -1) - xs, np.roll(ys, -1) - ys).sum())
    offset = clipper.PyclipperOffset()
    offset.AddPath(box, clipper.JT_ROUND, clipper.ET_CLOSEDPOLYGON)
    return np.array(offset.Execute(area * _DB_UNCLIP_RATIO / length)).reshape((-1, 1, 2))


def _clockwise(pts: Any) -> Any:
    """The corners ordered top-left, top-right, bottom-right, bottom-left (as float32)."""
    import numpy as np

    by_x = pts[np.argsort(pts[:, 0]), :]
    left, right = by_x[:2, :], by_x[2:, :]
    tl, bl = left[np.argsort(left[:, 1]), :]
    tr, br = right[np.argsort(right[:, 1]), :]
    return np.array([tl, tr, br, bl], dtype="float32")


_ENGINES: dict[int, Engine] = {}
_LOCK = threading.Lock()


def load_engine(threads: int = 1) -> Engine:
    """The process's engine for ``threads`` onnxruntime threads per call (loaded on first use)."""
    with _LOCK:
        engine = _ENGINES.get(threads)
        if engine is None:
            engine = _ENGINES[threads] = Engine(threads)
        return engine


def engine_available() -> bool:
    """Whether the OCR engine can be imported (without loading its models)."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("rapidocr", "onnxruntime", "pyclipper"))
