"""`minutes serve` with a stdlib sampling profiler: where each kind of thread spends its time.

    SAMPLE_OUT=profile.json python -m benchmarks.sampled_serve serve [--host 127.0.0.1]

Every few milliseconds a sampler thread reads every thread's stack (sys._current_frames)
and counts, per kind of thread (answer, listener, waitress, the main loop...), the
innermost function of this project on the stack and the library function below it; it
also reads each thread's CPU clock. On SIGTERM it writes SAMPLE_OUT and exits. The sampler
needs the interpreter lock to look, so a thread seen "in" a function may be waiting for the
lock there: the CPU clocks say how much of a thread's time was really spent computing.
Used by `bench_slack.py --rate ... --profile`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INTERVAL_S = 0.005
IDLE = ("wait", "acquire", "select", "poll", "recv", "recv_into", "accept", "readinto", "_wait_for_tstate_lock", "sleep",
        "get", "_worker", "run_forever", "handle_read")  # the function a blocked thread sits in


def _kind(name: str) -> str:
    """A thread's kind from its name ("answer_0" -> "answer", "waitress-3" -> "waitress")."""
    return re.sub(r"[-_]?\d+$", "", re.sub(r"\s*\(.*\)$", "", name)) or name


def _where(frame) -> tuple[str, str]:
    """(the innermost function of this project, the innermost function of all) on a stack."""
    leaf = f"{Path(frame.f_code.co_filename).stem}.{frame.f_code.co_name}"
    ours = None
    while frame is not None and ours is None:
        path = frame.f_code.co_filename
        if path.startswith(str(ROOT)) and "/.venv/" not in path and "sampled_serve" not in path:
            ours = f"{Path(path).relative_to(ROOT).with_suffix('')}.{frame.f_code.co_name}".replace("/", ".")
        frame = frame.f_back
    return ours or "-", leaf


class Sampler:
    def __init__(self) -> None:
        self.samples: Counter[tuple[str, str, str]] = Counter()
        self.cpu_s: dict[int, tuple[str, float]] = {}  # thread ident -> (kind, CPU seconds so far)
        self.started = time.monotonic()
        self._me = threading.get_ident()

    def run(self) -> None:
        self._me = threading.get_ident()
        last_cpu = 0.0
        while True:
            time.sleep(INTERVAL_S)
            names = {t.ident: t.name for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                if ident == self._me:
                    continue
                ours, leaf = _where(frame)
                kind = _kind(names.get(ident, "?"))
                self.samples[(kind, ours, "idle" if leaf.rsplit(".", 1)[1] in IDLE else leaf)] += 1
            if time.monotonic() - last_cpu > 0.5:
                last_cpu = time.monotonic()
                for ident, name in names.items():
                    try:
                        self.cpu_s[ident] = (_kind(name), time.clock_gettime(time.pthread_getcpuclockid(ident)))
                    except (OSError, ProcessLookupError):
                        pass

    def report(self) -> dict:
        cpu: Counter[str] = Counter()
        for kind, seconds in self.cpu_s.values():
            cpu[kind] += seconds
        by_kind: dict[str, list] = {}
        totals: Counter[str] = Counter()
        for (kind, _, _), n in self.samples.items():
            totals[kind] += n
        for (kind, ours, leaf), n in self.samples.most_common():
            rows = by_kind.setdefault(kind, [])
            if len(rows) < 25:
                rows.append({"share": round(n / totals[kind], 3), "in": ours, "at": leaf})
        return {"seconds": round(time.monotonic() - self.started, 1), "interval_s": INTERVAL_S,
                "process_cpu_s": round(time.process_time(), 2),
                "thread_cpu_s": {k: round(v, 2) for k, v in cpu.most_common()}, "samples": by_kind}


def main() -> None:
    sampler = Sampler()
    out = Path(os.environ.get("SAMPLE_OUT", "serve-profile.json"))

    def stop(*_) -> None:
        out.write_text(json.dumps(sampler.report(), indent=1))
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=sampler.run, name="sampler", daemon=True).start()
    sys.path.insert(0, str(ROOT))
    from cli.main import app

    app(prog_name="minutes")


if __name__ == "__main__":
    main()
