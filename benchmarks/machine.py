"""What machine a benchmark ran on: the speed ratios of int8 embedding depend on the CPU.

On AVX-512 VNNI (or AVX-VNNI) cores int8 dot products run at ~2x fp32 and the ONNX path
embedded 5-6x sentence-transformers; on AVX2 cores without VNNI (an AMD EPYC Zen 2 here)
int8 ran at ~1.25x fp32 and the same code ~2x (benchmarks/README.md).
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

# CPU flags that give int8 matrix products their own instructions, best first.
INT8_DOT_FLAGS = ("avx512_vnni", "avx_vnni", "amx_int8")


def describe_machine() -> dict[str, object]:
    """CPU model, core count and the int8 dot-product instructions present (Linux /proc/cpuinfo)."""
    model, flags = platform.processor() or platform.machine(), set()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and value.strip():
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "avx2": "avx2" in flags,
        "int8_dot_product": [f for f in INT8_DOT_FLAGS if f in flags],
    }
