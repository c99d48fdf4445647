"""The OCR engine: RapidOCR's PP-OCR detection and recognition models, run by onnxruntime.

The only module that imports ``rapidocr``. The models ship inside the ``rapidocr`` wheel
(``rapidocr/models/*.onnx``, the character list inside the recognition model), so nothing is
fetched at run time; :func:`load_engine` refuses to start when a model file is missing rather
than let the library try to download it.

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
    """RapidOCR's detector and recognizer, loaded once per process and thread count."""

    def __init__(self, threads: int) -> None:
        try:
            import numpy as np
            from rapidocr import RapidOCR
        except ImportError as err:
            raise EngineMissing(INSTALL_HINT) from err
        self._np = np
        params: dict[str, Any] = {
            "Global.log_level": "error",
            "Global.use_cls": False,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        _check_models()
        ocr = RapidOCR(params=params)
        self._det = ocr._load_det_model()  # type: ignore[no-untyped-call]
        self._det.limit_type = "max"
        self._det.limit_side_len = 4096  # no resizing: pages are rendered at the resolution wanted
        rec = ocr._load_rec_model()  # type: ignore[no-untyped-call]
        self._rec_session = rec.session
        self._chars: list[str] = list(rec.postprocess_op.character)

    def detect(self, image: Image, scale: float = 1.0) -> list[tuple[int, int, int, int]]:
        """Text boxes (x0, y0, x1, y1) of a grey image, top to bottom; detection runs on the image
        scaled by ``scale`` (its cost grows with the pixels, and large text needs few)."""
        np = self._np
        if scale != 1.0:
            import cv2

            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        if image.shape[0] < 8 or image.shape[1] < 8:
            return []
        rgb = np.ascontiguousarray(np.repeat(image[:, :, None], 3, axis=2))
        found = self._det(rgb)
        if found.boxes is None:
            return []
        out: list[tuple[int, int, int, int]] = []
        for quad in found.boxes:
            xs, ys = quad[:, 0], quad[:, 1]
            out.append((int(xs.min() / scale), int(ys.min() / scale),
                        (math.ceil(xs.max() / scale)), (math.ceil(ys.max() / scale))))
        return sorted(out, key=lambda b: (b[1], b[0]))

    def recognize(self, crops: list[Image]) -> list[Reading]:
        """The reading of each grey crop (one text line each), in the order given."""
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / max(crops[i].shape[0], 1))
        out: list[Reading | None] = [None] * len(crops)
        for start in range(0, len(order), REC_BATCH):
            batch = order[start:start + REC_BATCH]
            for i, reading in zip(batch, self._recognize_batch([crops[i] for i in batch]), strict=True):
                out[i] = reading
        return [r if r is not None else Reading("", (), ()) for r in out]

    def _recognize_batch(self, crops: list[Image]) -> list[Reading]:
        np = self._np
        import cv2

        ratios = [c.shape[1] / max(c.shape[0], 1) for c in crops]
        width = int(REC_HEIGHT * max(max(ratios), 320 / REC_HEIGHT))
        batch = np.zeros((len(crops), 3, REC_HEIGHT, width), dtype=np.float32)
        used: list[int] = []
        for k, (crop, ratio) in enumerate(zip(crops, ratios, strict=True)):
            w = max(1, min(width, (math.ceil(REC_HEIGHT * ratio))))
            resized = cv2.resize(crop, (w, REC_HEIGHT)).astype(np.float32) / 127.5 - 1.0
            batch[k, :, :, :w] = resized[None, :, :]
            used.append(w)
        preds = self._rec_session(batch)
        return [self._decode(preds[k], used[k]) for k in range(len(crops))]

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


def _check_models() -> None:
    """Refuse to start when the wheel's models are missing: RapidOCR would download them."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("rapidocr")
    folders = list(spec.submodule_search_locations or []) if spec else []
    models = [p for folder in folders for p in (Path(folder) / "models").glob("*.onnx")]
    names = " ".join(p.name for p in models)
    if "_det_" not in names or "_rec_" not in names:
        raise EngineMissing(f"the installed rapidocr has no shipped models; {INSTALL_HINT} (rapidocr=={RAPIDOCR_VERSION})")


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

    return find_spec("rapidocr") is not None and find_spec("onnxruntime") is not None
