"""``edgegen.ParallelEnv``: EdgeGen's users as PettingZoo agents, each slot played by the Java simulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

import grpc
import numpy as np
from gymnasium import logger, spaces
from pettingzoo.utils.env import ParallelEnv as _PettingZooParallelEnv

from edgegen._proto import edgegen_pb2 as pb
from edgegen._proto import edgegen_pb2_grpc as pb_grpc
from edgegen.server import LocalServer, repository_root


#: the largest reply the client takes (the server takes requests up to the same size)
MAX_MESSAGE_BYTES = 256 * 1024 * 1024


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
    ``engine="actors"`` plays every slot on the actor engine (every user device and BS an Akka actor, in an actor
    system of its own on the server) instead of the direct engine; the numbers are the same.

    ``render_mode="ansi"`` makes ``render()`` return a text picture of the slot (every BS's queue, every user's
    home BS and the decision it played in the last slot, with its outcome); ``"human"`` prints the same text.
    """

    metadata = {"name": "edgegen_v0", "render_modes": ["ansi", "human"], "is_parallelizable": True}

    #: at most this many users are listed by ``render()``; the rest are counted in one line
    render_max_users = 32

    def __init__(self, scenario: str = "conf/scenarios/tiny.conf", overrides: Optional[Mapping[str, Any]] = None,
                 seed: int = 0, address: Optional[str] = None, render_mode: Optional[str] = None,
                 engine: str = "direct"):
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode {render_mode!r} is not supported: allowed {self.metadata['render_modes']}"
                             " or None")
        self.render_mode = render_mode
        self._scenario = _resolve(scenario)
        self._overrides = {str(k): str(v) for k, v in (overrides or {}).items()}
        self.engine = engine
        self._server = LocalServer.start() if address is None else None
        # a slot of 10,000 users is about 4 MB of observations: past gRPC's default limit of 4 MiB per message
        self._channel = grpc.insecure_channel(address or self._server.address, options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES)])
        self._stub = pb_grpc.EnvironmentsStub(self._channel)
        self._env_id: Optional[str] = None
        try:
            self._create(seed)
        except BaseException:
            # a refused scenario must not leave the server this environment started running
            self._channel.close()
            if self._server is not None:
                self._server.stop()
            raise
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
        self.slot = 0
        self.last_costs: Optional[pb.SlotCosts] = None
        self._bs_loads: List[pb.BsLoad] = []
        self._last_results: List[pb.AgentResult] = []

    def _create(self, seed: int) -> None:
        if self._env_id is not None:
            self._stub.Close(pb.CloseRequest(env_id=self._env_id))
        created = self._stub.Create(pb.CreateRequest(scenario_path=self._scenario, overrides=self._overrides,
                                                     seed=int(seed), engine=self.engine))
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
        self.slot = reply.slot
        self.last_costs = None
        self._bs_loads = list(reply.bs_loads)
        self._last_results = []
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
        self.slot = reply.slot
        self._bs_loads = list(reply.bs_loads)
        self._last_results = list(reply.results)
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

    def policy_actions(self, policy: str) -> Dict[str, int]:
        """What the named Java baseline (``greedy-local``, ``least-finish``, ``central-greedy``, ...) plays in the
        current slot, per agent: playing them with :meth:`step` reproduces ``simulate --policy NAME``."""
        reply = self._stub.PolicyActions(pb.PolicyActionsRequest(env_id=self._env_id, policy=policy))
        return {agent: int(a) for agent, a in zip(self.possible_agents, reply.actions)}

    def state(self) -> np.ndarray:
        return self._state.copy()

    def render(self) -> Optional[str]:
        """The slot as text: with ``render_mode="ansi"`` returned, with ``"human"`` printed; without a render mode
        nothing (with a warning, as gymnasium does)."""
        if self.render_mode is None:
            logger.warn("render() was called without a render_mode: pass render_mode='ansi' or 'human' to "
                        "ParallelEnv")
            return None
        text = self._render_text()
        if self.render_mode == "human":
            print(text)
            return None
        return text

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

    def _render_text(self) -> str:
        sizes = self.spaces_info
        if self.episode < 0:
            return f"EdgeGen {self.scenario_name} (seed {self.seed_value}): no episode yet, call reset()"
        over = not self.agents
        where = (f"episode {self.episode} over after {sizes.slots_per_episode} slots" if over
                 else f"episode {self.episode}, slot {self.slot} of {sizes.slots_per_episode} to play")
        lines = [f"EdgeGen {self.scenario_name} (seed {self.seed_value}, {sizes.users} users, {sizes.cells} cells):"
                 f" {where}"]
        c = self.last_costs
        if c is None:
            lines.append("no slot played yet")
        else:
            lines.append(f"slot {c.slot} played: {c.active_users} tasks, mean cost {c.mean_cost:.4f} (delay "
                         f"{c.mean_delay_seconds:.4g} s, energy {c.mean_energy_joules:.4g} J, error {c.mean_error:.4g},"
                         f" penalty {c.mean_penalty:.4g}); local {c.local}, home {c.home}, neighbour {c.neighbour},"
                         f" failed {c.failed}; deadline violations {c.deadline_violations}, quality violations "
                         f"{c.quality_violations}, dropped {c.dropped_tasks}, invalid {c.invalid_actions}")
        state_at = "at the end of the episode" if over else f"at the start of slot {self.slot}"
        lines.append(f"edge servers {state_at}:")
        lines.append(f"{'BS':>4} {'home users':>10} {'queue (image-steps)':>19} {'wait (s)':>9} "
                     f"{'mu (image-steps/s)':>18} {'arrived last slot':>17}")
        for b in self._bs_loads:
            lines.append(f"{b.bs:>4} {b.home_users:>10} {b.backlog_image_steps:>19.1f} {b.wait_seconds:>9.3f} "
                         f"{b.throughput_image_steps_per_second:>18.1f} {b.last_arrivals:>17}")
        played = {r.user: r for r in self._last_results}
        next_slot = "" if over else f"  task in slot {self.slot}"
        decided = f"decision in slot {c.slot}" if c is not None else "decision"
        lines.append(f"{'user':<10} {'home':>4}  {decided:<30} {'delay (s)':>9} {'energy (J)':>10} {'error':>7} "
                     f"{'cost':>7} {'penalty':>7}  flags{next_slot}")
        shown = self.possible_agents[:self.render_max_users]
        for n, agent in enumerate(shown):
            info = self._last_infos.get(agent, {})
            home = info.get("home_bs", -1)
            r = played.get(n)
            if r is None or not r.had_task:
                row = f"{agent:<10} {home:>4}  {'-' if r is None else 'no task':<30}" + " " * 45
            else:
                row = (f"{agent:<10} {home:>4}  {_decision(r):<30} {r.delay_seconds:>9.3f} {r.energy_joules:>10.4f}"
                       f" {r.error:>7.4f} {r.cost:>7.4f} {r.penalty:>7.4f}")
            flags = [] if r is None else [name for name, on in [("deadline", r.deadline_violated),
                                                                 ("quality", r.quality_violated),
                                                                 ("dropped", r.dropped), ("invalid", r.invalid)]
                                          if on]
            row += "  " + (",".join(flags) or "-")
            if not over:
                row += "  " + ("yes" if info.get("has_task") else "no")
            lines.append(row.rstrip())
        if len(self.possible_agents) > len(shown):
            lines.append(f"({len(self.possible_agents) - len(shown)} more users not shown; "
                         f"render_max_users = {self.render_max_users})")
        return "\n".join(lines)

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
                "home_bs": int(o.home_bs),
                "candidates": list(o.candidates),
            }
        return observations, infos


def _decision(result) -> str:
    """What a user's task was sent to, e.g. ``local, 10 steps`` or ``BS 1 (neighbour), 20 steps``."""
    if result.path == "local":
        return f"local, {result.steps} steps"
    if result.server_bs >= 0:
        return f"BS {result.server_bs} ({result.path}), {result.steps} steps"
    return f"{result.path}, {result.steps} steps"


def _outcome(result) -> Dict[str, Any]:
    if not result.had_task:
        return {"had_task": False}
    return {"had_task": True, "path": result.path, "server_bs": result.server_bs, "steps": result.steps,
            "delay_seconds": result.delay_seconds, "energy_joules": result.energy_joules, "error": result.error,
            "cost": result.cost, "penalty": result.penalty, "deadline_violated": result.deadline_violated,
            "quality_violated": result.quality_violated, "dropped": result.dropped, "invalid": result.invalid}
