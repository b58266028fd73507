"""``edgegen.ParallelEnv``: EdgeGen's users as PettingZoo agents, each slot played by the Java simulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Mapping, Optional

import grpc
import numpy as np
from gymnasium import spaces
from pettingzoo.utils.env import ParallelEnv as _PettingZooParallelEnv

from edgegen._proto import edgegen_pb2 as pb
from edgegen._proto import edgegen_pb2_grpc as pb_grpc
from edgegen.server import LocalServer, repository_root


def _resolve(scenario: str) -> str:
    """An absolute path: as given from the working directory, else from the EdgeGen checkout."""
    path = Path(scenario)
    if not path.is_absolute() and not path.exists() and (repository_root() / path).exists():
        path = repository_root() / path
    return str(path.resolve())


class ParallelEnv(_PettingZooParallelEnv):
    """A PettingZoo ParallelEnv of one EdgeGen scenario.

    Agents are ``user_0..user_{N-1}``; every agent acts in every slot (an agent without a task in the slot has its
    action ignored and a reward of 0). Observations are the actor's features (docs/observation.md), actions are the
    flattened action indices, and ``infos[agent]["action_mask"]`` says which are valid, as PettingZoo's masking
    convention expects. ``state()`` is the centralised critic's input: the global state. Episodes end by
    truncation after ``edgegen.time.slots-per-episode`` slots.

    Without ``address`` the environment starts ``scripts/edgegen serve`` itself and stops it on ``close()``.
    """

    metadata = {"name": "edgegen_v0", "render_modes": [], "is_parallelizable": True}

    def __init__(self, scenario: str = "conf/scenarios/tiny.conf", overrides: Optional[Mapping[str, Any]] = None,
                 seed: int = 0, address: Optional[str] = None, render_mode: Optional[str] = None):
        if render_mode is not None:
            raise ValueError(f"render_mode {render_mode!r} is not supported (render_modes: [])")
        self.render_mode = None
        self._scenario = _resolve(scenario)
        self._overrides = {str(k): str(v) for k, v in (overrides or {}).items()}
        self._server = LocalServer.start() if address is None else None
        self._channel = grpc.insecure_channel(address or self._server.address)
        self._stub = pb_grpc.EnvironmentsStub(self._channel)
        self._env_id: Optional[str] = None
        self._create(seed)
        sizes = self.spaces_info
        self.possible_agents = [f"user_{n}" for n in range(sizes.users)]
        self.agents = []
        self.observation_spaces = {a: spaces.Box(-np.inf, np.inf, (sizes.feature_count,), np.float32)
                                   for a in self.possible_agents}
        self.action_spaces = {a: spaces.Discrete(sizes.action_count) for a in self.possible_agents}
        self.state_space = spaces.Box(-np.inf, np.inf, (sizes.global_state_size,), np.float32)
        self._state = np.zeros(sizes.global_state_size, np.float32)
        self._last_infos: Dict[str, Dict[str, Any]] = {}
        self.episode = -1
        self.last_costs: Optional[pb.SlotCosts] = None

    def _create(self, seed: int) -> None:
        if self._env_id is not None:
            self._stub.Close(pb.CloseRequest(env_id=self._env_id))
        created = self._stub.Create(pb.CreateRequest(scenario_path=self._scenario, overrides=self._overrides,
                                                     seed=int(seed)))
        self._env_id = created.env_id
        self.seed_value = int(seed)
        self.scenario_name = created.scenario_name
        self.spaces_info = created.spaces

    # PettingZoo API

    def observation_space(self, agent: str) -> spaces.Space:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        return self.action_spaces[agent]

    def reset(self, seed: Optional[int] = None, options: Optional[dict] = None):
        """Starts an episode: with ``seed``, episode 0 of that run seed; with ``options={"episode": k}``, episode
        k; otherwise the episode after the last one."""
        if seed is not None and int(seed) != self.seed_value:
            self._create(int(seed))
        if options and "episode" in options:
            request = pb.ResetRequest(env_id=self._env_id, episode=int(options["episode"]))
        elif seed is not None:
            request = pb.ResetRequest(env_id=self._env_id, episode=0)
        else:
            request = pb.ResetRequest(env_id=self._env_id, next_episode=True)
        reply = self._stub.Reset(request)
        self.episode = reply.episode
        self.agents = list(self.possible_agents)
        observations, infos = self._observations(reply.observations)
        self._state = np.asarray(reply.global_state, np.float32)
        self._last_infos = infos
        return observations, infos

    def step(self, actions: Mapping[str, Any]):
        """Plays one slot; an agent missing from ``actions`` plays action 0 (local, the fewest steps)."""
        request = pb.StepRequest(env_id=self._env_id,
                                 actions=[int(actions.get(agent, 0)) for agent in self.possible_agents])
        reply = self._stub.Step(request)
        self.last_costs = reply.costs
        rewards, terminations, truncations = {}, {}, {}
        for result in reply.results:
            agent = self.possible_agents[result.user]
            rewards[agent] = float(result.reward)
            terminations[agent] = bool(result.terminated)
            truncations[agent] = bool(result.truncated)
        if reply.episode_over:
            observations = {a: np.zeros(self.spaces_info.feature_count, np.float32) for a in self.agents}
            infos = {a: dict(self._last_infos[a]) for a in self.agents}
            self.agents = []
        else:
            observations, infos = self._observations(reply.observations)
            self._state = np.asarray(reply.global_state, np.float32)
            self._last_infos = infos
        for result in reply.results:
            agent = self.possible_agents[result.user]
            infos[agent]["outcome"] = _outcome(result)
        return observations, rewards, terminations, truncations, infos

    def state(self) -> np.ndarray:
        return self._state.copy()

    def render(self) -> None:
        return None

    def close(self) -> None:
        if self._env_id is not None:
            try:
                self._stub.Close(pb.CloseRequest(env_id=self._env_id))
            except grpc.RpcError:
                pass
            self._env_id = None
        self._channel.close()
        if self._server is not None:
            self._server.stop()
            self._server = None

    # helpers

    def _observations(self, messages):
        observations, infos = {}, {}
        for o in messages:
            agent = self.possible_agents[o.user]
            observations[agent] = np.asarray(o.features, np.float32)
            infos[agent] = {
                "action_mask": np.asarray(o.action_mask, np.int8),
                "offload_mask": np.asarray(o.offload_mask, np.int8),
                "server_mask": np.asarray(o.server_mask, np.int8),
                "steps_mask": np.asarray(o.steps_mask, np.int8),
                "has_task": bool(o.has_task),
                "min_steps": int(o.min_steps),
            }
        return observations, infos


def _outcome(result) -> Dict[str, Any]:
    if not result.had_task:
        return {"had_task": False}
    return {"had_task": True, "path": result.path, "server_bs": result.server_bs, "steps": result.steps,
            "delay_seconds": result.delay_seconds, "energy_joules": result.energy_joules, "error": result.error,
            "cost": result.cost, "penalty": result.penalty, "deadline_violated": result.deadline_violated,
            "quality_violated": result.quality_violated, "dropped": result.dropped, "invalid": result.invalid}
