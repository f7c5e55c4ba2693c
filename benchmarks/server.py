"""A ``streamlit run`` server whose process the benchmark can watch: its pid, CPU and memory.

``tests.e2e.browser.running_app`` yields only a URL; the concurrency and cold-start figures need
the server's own accounting (``/proc/<pid>/stat`` utime + stime, ``/proc/<pid>/status`` VmRSS),
so this starts the same command and keeps the process. Loopback only (``127.0.0.1``).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.browser import ROOT, SERVER_SCRIPT, launched_app

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """One running Streamlit server: where it listens, its process, and when it was launched."""

    url: str
    pid: int
    launched_at: float  # time.time() just before Popen: same epoch clock as the browser's timestamps
    healthy_after_s: float

    def cpu_s(self) -> float:
        """CPU seconds (user + system, all threads) the server process has used so far."""
        return process_cpu_s(self.pid)

    def rss_mb(self) -> float:
        """The server's resident memory now, in MB (10^6 bytes)."""
        return process_rss_mb(self.pid)


def process_cpu_s(pid: int) -> float:
    """utime + stime of ``pid`` from ``/proc/<pid>/stat``, in seconds."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        # The command name (field 2) may contain spaces, so split after its closing parenthesis.
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # fields 14 and 15 of stat(5)


def process_rss_mb(pid: int) -> float:
    """VmRSS of ``pid`` from ``/proc/<pid>/status``, in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    return float("nan")


def wait_cpu_quiet(server: Server, quiet_ms_per_s: float = 30.0, window_s: float = 1.0, cap_s: float = 30.0) -> float:
    """Wait until the server burns less than ``quiet_ms_per_s`` of CPU per second; return seconds waited."""
    t0 = time.monotonic()
    last = server.cpu_s()
    while time.monotonic() - t0 < cap_s:
        time.sleep(window_s)
        now = server.cpu_s()
        if (now - last) * 1000 / window_s < quiet_ms_per_s:
            break
        last = now
    return time.monotonic() - t0


@contextmanager
def served_app(script: str = SERVER_SCRIPT, env: dict[str, str] | None = None, cwd: Path = ROOT) -> Iterator[Server]:
    """Start ``streamlit run script`` on a free loopback port; yield the :class:`Server`; stop it."""
    with launched_app(script, env, cwd, stdout=subprocess.DEVNULL) as (proc, url, launched):
        yield Server(url, proc.pid, launched, round(time.time() - launched, 3))
