"""Starting and stopping a local ``scripts/edgegen serve`` for an environment that was given no address."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import threading
from pathlib import Path
from typing import Optional

_LISTENING = re.compile(r"listening on (\S+):(\d+)")


def repository_root() -> Path:
    """The EdgeGen checkout: $EDGEGEN_HOME, else the folder above python/ that holds this package."""
    home = os.environ.get("EDGEGEN_HOME")
    if home:
        return Path(home).resolve()
    return Path(__file__).resolve().parent.parent.parent


class LocalServer:
    """``scripts/edgegen serve --port 0`` as a child process, on a free loopback port, until :meth:`stop`."""

    def __init__(self, process: subprocess.Popen, host: str, port: int):
        self._process = process
        self.host = host
        self.port = port

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @classmethod
    def start(cls, root: Optional[Path] = None, timeout_seconds: float = 300.0) -> "LocalServer":
        """Starts the server (building the jar first if needed) and waits for its 'listening on' line."""
        root = root or repository_root()
        script = root / "scripts" / "edgegen"
        if not script.exists():
            raise FileNotFoundError(f"{script} not found: set EDGEGEN_HOME to an EdgeGen checkout")
        process = subprocess.Popen([str(script), "serve", "--port", "0", "--bind", "127.0.0.1"], cwd=root,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines: "queue.Queue[Optional[str]]" = queue.Queue()

        def pump() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True, name="edgegen-serve-stdout").start()
        try:
            while True:
                line = lines.get(timeout=timeout_seconds)
                if line is None:
                    raise RuntimeError(f"edgegen serve exited with code {process.wait()} before listening")
                match = _LISTENING.search(line)
                if match:
                    return cls(process, match.group(1), int(match.group(2)))
        except BaseException:
            process.kill()
            process.wait()
            raise

    def stop(self) -> None:
        """Stops the server and waits for it to exit."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
