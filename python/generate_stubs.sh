#!/usr/bin/env bash
# Regenerates edgegen/_proto/ from ../src/main/proto/edgegen.proto with grpcio-tools (pip install grpcio-tools).
# The generated files are committed, so installing the package needs no protoc; tests/test_stubs.py fails when
# they are stale.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
out="${1:-$here/edgegen/_proto}"
mkdir -p "$out"
"${PYTHON:-python3}" -m grpc_tools.protoc -I "$here/../src/main/proto" --python_out="$out" --grpc_python_out="$out" \
  "$here/../src/main/proto/edgegen.proto"
# protoc writes a top-level import; the stubs live in a package
sed -i 's/^import edgegen_pb2 as edgegen__pb2$/from . import edgegen_pb2 as edgegen__pb2/' "$out/edgegen_pb2_grpc.py"
touch "$out/__init__.py"
