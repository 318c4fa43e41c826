"""Export a sentence-transformers model's transformer to ONNX, once, for fast offline use.

Importing torch and sentence-transformers costs ~5 s a process; onnxruntime and the Rust
tokenizer load in ~0.4 s and embed a query in ~3 ms with the same vectors (fp32 ONNX
matches torch to 1e-7). The export itself needs torch and runs once per model, the first
time an index is built; the file goes under `MINUTES_MODEL_CACHE` (default
`MINUTES_HOME/models/`) and is written to a
temporary name and renamed, so a concurrent reader never opens half a file.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

from index.config import minutes_home

ONNX_FILE = "model.onnx"
INT8_FILE = "model-int8.onnx"


def exported_model_dir(model: Path) -> Path:
    """Where the ONNX export of `model` lives; keyed by the model's path and weights' size and time."""
    weights = [p for p in (model / "model.safetensors", model / "pytorch_model.bin") if p.exists()]
    stamp = "|".join(f"{p.resolve()}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in weights) or str(model.resolve())
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:12]
    cache = os.environ.get("MINUTES_MODEL_CACHE")
    return (Path(cache) if cache else minutes_home() / "models") / f"{model.name}-{digest}"


def export_onnx(model: Path, target: Path) -> Path:
    """Write `target/model.onnx` (inputs input_ids, attention_mask, token_type_ids → last_hidden_state)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub at run time
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a one-off export should not draw progress bars
    transformer = AutoModel.from_pretrained(str(model)).eval()

    class LastHiddenState(torch.nn.Module):
        # A plain positional forward: the exporter cannot pass keyword-only model arguments.
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    target.mkdir(parents=True, exist_ok=True)
    sample = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    partial = target / f"{ONNX_FILE}.{os.getpid()}.tmp"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about constant shapes do not apply here
        torch.onnx.export(
            LastHiddenState(transformer), (sample, sample, torch.zeros_like(sample)), str(partial),
            input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
            opset_version=17, dynamo=False,
        )
    final = target / ONNX_FILE
    os.replace(partial, final)
    return final


def quantize_int8(fp32_file: Path, target: Path) -> Path:
    """Write an int8 copy of `fp32_file` (dynamic quantisation, per-channel weights) as `target`.

    Per-channel scales keep the vectors close to fp32 (min cosine 0.98 on sample passages,
    0.92 per-tensor); whether that is close enough is measured on the question sets.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    quantize_dynamic(str(fp32_file), str(partial), weight_type=QuantType.QInt8, per_channel=True,
                     extra_options={"DefaultTensorType": 1})  # 1: float, for the exporter's untyped outputs
    os.replace(partial, target)
    return target
