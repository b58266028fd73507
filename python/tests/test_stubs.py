import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

PYTHON = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(importlib.util.find_spec("grpc_tools") is None, reason="grpcio-tools is not installed")
def test_the_committed_stubs_match_the_proto(tmp_path):
    subprocess.run([str(PYTHON / "generate_stubs.sh"), str(tmp_path)], check=True,
                   env={**os.environ, "PYTHON": sys.executable})
    for name in ["edgegen_pb2.py", "edgegen_pb2_grpc.py"]:
        committed = (PYTHON / "edgegen" / "_proto" / name).read_text()
        assert (tmp_path / name).read_text() == committed, (
            f"edgegen/_proto/{name} is stale: regenerate with python/generate_stubs.sh")
