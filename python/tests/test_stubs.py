import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

PYTHON = Path(__file__).resolve().parent.parent
HAS_GRPC_TOOLS = importlib.util.find_spec("grpc_tools") is not None
HAS_MAVEN_PROTOC = any((PYTHON.parent / "target" / "protoc-plugins").glob("protoc-*-linux-x86_64.exe"))


@pytest.mark.skipif(not HAS_GRPC_TOOLS and not HAS_MAVEN_PROTOC,
                    reason="neither grpcio-tools nor Maven's protoc (target/protoc-plugins) is here")
def test_the_committed_stubs_match_the_proto(tmp_path):
    subprocess.run([str(PYTHON / "generate_stubs.sh"), str(tmp_path)], check=True,
                   env={**os.environ, "PYTHON": sys.executable})
    # without grpcio-tools only the messages are generated (the service stub needs its gRPC plugin)
    names = ["edgegen_pb2.py", "edgegen_pb2_grpc.py"] if HAS_GRPC_TOOLS else ["edgegen_pb2.py"]
    for name in names:
        committed = (PYTHON / "edgegen" / "_proto" / name).read_text()
        assert (tmp_path / name).read_text() == committed, (
            f"edgegen/_proto/{name} is stale: regenerate with python/generate_stubs.sh")
