"""EdgeGen from Python: ``edgegen.ParallelEnv`` over the simulator's gRPC bridge (``scripts/edgegen serve``)."""

from edgegen.env import ParallelEnv, SlotArrays
from edgegen.server import LocalServer

__all__ = ["ParallelEnv", "SlotArrays", "LocalServer"]
