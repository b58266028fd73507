"""EdgeGen from Python: ``edgegen.ParallelEnv`` over the simulator's gRPC bridge (``scripts/edgegen serve``)."""

from edgegen.env import ParallelEnv
from edgegen.server import LocalServer

__all__ = ["ParallelEnv", "LocalServer"]
