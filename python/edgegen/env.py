"""``edgegen.ParallelEnv``: EdgeGen's users as PettingZoo agents, each slot played by the Java simulator."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
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
        self._no_actions = [0] * sizes.users  # the default of every agent missing from step's actions
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
        self._last_outcomes: Dict[int, Dict[str, Any]] = {}
        self._home_bs: List[int] = []
        self._candidates: List[List[int]] = []
        self._mask_cache: Dict[bytes, tuple] = {}
        self._arrays = False  # whether the episode was started with reset_arrays
        self._last_arrays: Optional[SlotArrays] = None

    def _create(self, seed: int) -> None:
        if self._env_id is not None:
            self._stub.Close(pb.CloseRequest(env_id=self._env_id))
        created = self._stub.Create(pb.CreateRequest(scenario_path=self._scenario, overrides=self._overrides,
                                                     seed=int(seed), engine=self.engine,
                                                     layout=pb.LAYOUT_PACKED_COMPACT))
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
        reply = self._reset(seed, options, arrays=False)
        with _gc_paused():
            observations, infos = self._observations(reply.slot_observations)
        self._state = np.asarray(reply.global_state, np.float32)
        self._last_infos = infos
        return observations, infos

    def _reset(self, seed: Optional[int], options: Optional[dict], arrays: bool) -> pb.ResetResponse:
        """The Reset call of reset and reset_arrays, and what both keep of its reply."""
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
        self._last_outcomes = {}
        self.agents = list(self.possible_agents)
        self._home_bs = list(reply.deployment.home_bs)
        candidates = np.asarray(reply.deployment.candidates, np.int32).reshape(len(self.possible_agents), -1)
        self._candidates = [[b for b in row if b >= 0] for row in candidates.tolist()]
        self._arrays = arrays
        self._last_infos = {}
        return reply

    def step(self, actions: Mapping[str, Any]):
        """Plays one slot; an agent missing from ``actions`` plays action 0 (local, the fewest steps)."""
        if self._arrays:
            raise ValueError("this episode was started with reset_arrays(): play it with step_arrays(actions), or "
                             "start the next one with reset()")
        agents = self.possible_agents
        request = pb.StepRequest(env_id=self._env_id,
                                 actions=list(map(int, map(actions.get, agents, self._no_actions))))
        reply = self._stub.Step(request)
        with _gc_paused():
            return self._stepped(reply)

    def _stepped(self, reply: pb.StepResponse):
        """What step returns, from the Step reply."""
        agents = self.possible_agents
        self.last_costs = reply.costs
        self.slot = reply.slot
        self._bs_loads = list(reply.bs_loads)
        results = reply.slot_results
        # LAYOUT_PACKED_COMPACT: had_task has every user, the other columns the users with a task only
        tasks = list(compress(range(len(agents)), results.had_task))
        rewards = dict.fromkeys(agents, 0.0)
        rewards.update(zip([agents[n] for n in tasks], results.reward))
        terminations = dict.fromkeys(agents, False)
        truncations = dict.fromkeys(agents, bool(reply.episode_over))
        self._last_outcomes = _outcomes(results, tasks)
        outcomes = [{"had_task": False} for _ in agents]
        for n, outcome in self._last_outcomes.items():
            outcomes[n] = outcome
        if reply.episode_over:
            observations = {a: np.zeros(self.spaces_info.feature_count, np.float32) for a in self.agents}
            infos = {a: dict(self._last_infos[a], outcome=o) for a, o in zip(agents, outcomes)}
            self.agents = []
        else:
            observations, infos = self._observations(reply.slot_observations, outcomes)
            self._state = np.asarray(reply.global_state, np.float32)
            self._last_infos = infos
        return observations, rewards, terminations, truncations, infos

    # the same environment as arrays, without the per-agent dicts (not part of PettingZoo's API)

    def reset_arrays(self, seed: Optional[int] = None, options: Optional[dict] = None) -> "SlotArrays":
        """Starts an episode as :meth:`reset` does, and returns every agent's observation and masks as arrays (row
        n is ``user_n``) instead of per-agent dicts. Play the episode with :meth:`step_arrays`."""
        reply = self._reset(seed, options, arrays=True)
        users = len(self.possible_agents)
        self._last_arrays = self._slot_arrays(reply.slot_observations, reply.global_state, np.zeros(users),
                                              np.zeros(users, bool), False, None)
        self._state = self._last_arrays.state
        return self._last_arrays

    def step_arrays(self, actions) -> "SlotArrays":
        """Plays one slot of an episode started with :meth:`reset_arrays`: ``actions`` holds every agent's
        flattened action, in agent order (a sequence or array of N integers). The values are those :meth:`step`
        gives for the same actions; when the episode is over (``truncated``) the observations are zeros and the
        masks, ``has_task`` and ``min_steps`` are the last slot's, as in :meth:`step`'s infos."""
        if not self._arrays or not self.agents:
            raise ValueError("step_arrays() plays an episode started with reset_arrays(): call reset_arrays() first")
        users = len(self.possible_agents)
        played = np.asarray(actions)
        if played.shape != (users,) or not np.issubdtype(played.dtype, np.integer):
            raise ValueError(f"step_arrays() takes one integer action per agent: got shape {played.shape} and dtype "
                             f"{played.dtype}, allowed shape ({users},) of integers")
        reply = self._stub.Step(pb.StepRequest(env_id=self._env_id, actions=played.tolist()))
        self.last_costs = reply.costs
        self.slot = reply.slot
        self._bs_loads = list(reply.bs_loads)
        results = reply.slot_results
        had_task = np.fromiter(results.had_task, bool, users)
        rewards = np.zeros(users)
        rewards[had_task] = np.fromiter(results.reward, float, int(had_task.sum()))
        last = self._last_arrays
        if reply.episode_over:
            self.agents = []
            self._last_arrays = SlotArrays(np.zeros_like(last.observations), last.action_mask, last.offload_mask,
                                           last.server_mask, last.steps_mask, last.has_task, last.min_steps,
                                           last.state, rewards, had_task, True, reply.costs)
        else:
            self._last_arrays = self._slot_arrays(reply.slot_observations, reply.global_state, rewards, had_task,
                                                  False, reply.costs)
            self._state = self._last_arrays.state
        return self._last_arrays

    def _slot_arrays(self, packed: pb.SlotObservations, state, rewards: np.ndarray, had_task: np.ndarray,
                     truncated: bool, costs: Optional[pb.SlotCosts]) -> "SlotArrays":
        users, sizes = len(self.possible_agents), self.spaces_info
        widths = np.cumsum((sizes.action_count, 2, sizes.max_candidates, len(sizes.step_choices)))
        rows = np.frombuffer(packed.mask_rows, np.int8).reshape(-1, int(widths[-1]))
        # fancy indexing copies: the (N, width) block is the caller's, writable, and shares nothing with the cache
        masks = rows[np.fromiter(packed.mask_row, np.intp, users)]
        action, offload, server, steps = np.split(masks, widths[:-1], axis=1)
        return SlotArrays(_block(packed.features, "<f4", users, sizes.feature_count), action, offload, server, steps,
                          np.fromiter(packed.has_task, bool, users), np.fromiter(packed.min_steps, np.int32, users),
                          np.asarray(state, np.float32), rewards, had_task, truncated, costs)

    def policy_actions(self, policy: str) -> Dict[str, int]:
        """What the named Java baseline (``greedy-local``, ``least-finish``, ``central-greedy``, ...) plays in the
        current slot, per agent: playing them with :meth:`step` reproduces ``simulate --policy NAME``."""
        reply = self._stub.PolicyActions(pb.PolicyActionsRequest(env_id=self._env_id, policy=policy))
        return {agent: int(a) for agent, a in zip(self.possible_agents, reply.actions)}

    def state(self) -> np.ndarray:
        return self._state.copy()

    def render(self) -> Optional[str]:
        """The slot as text: with ``render_mode="ansi"`` returned, with ``"human"`` printed; without a render mode
        nothing (with a warning, as gymnasium does). In an episode played with step_arrays the users' outcomes are
        not kept, so their rows show ``-``."""
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
        played = self._last_outcomes
        next_slot = "" if over else f"  task in slot {self.slot}"
        decided = f"decision in slot {c.slot}" if c is not None else "decision"
        lines.append(f"{'user':<10} {'home':>4}  {decided:<30} {'delay (s)':>9} {'energy (J)':>10} {'error':>7} "
                     f"{'cost':>7} {'penalty':>7}  flags{next_slot}")
        shown = self.possible_agents[:self.render_max_users]
        for n, agent in enumerate(shown):
            info = self._last_infos.get(agent, {})
            home = self._home_bs[n] if n < len(self._home_bs) else -1
            r = played.get(n)
            if r is None:
                row = f"{agent:<10} {home:>4}  {'-' if c is None or self._arrays else 'no task':<30}" + " " * 45
            else:
                row = (f"{agent:<10} {home:>4}  {_decision(r):<30} {r['delay_seconds']:>9.3f} "
                       f"{r['energy_joules']:>10.4f} {r['error']:>7.4f} {r['cost']:>7.4f} {r['penalty']:>7.4f}")
            flags = [] if r is None else [name for name, key in [("deadline", "deadline_violated"),
                                                                 ("quality", "quality_violated"),
                                                                 ("dropped", "dropped"), ("invalid", "invalid")]
                                          if r[key]]
            row += "  " + (",".join(flags) or "-")
            if not over:
                task = self._last_arrays.has_task[n] if self._arrays else info.get("has_task")
                row += "  " + ("yes" if task else "no")
            lines.append(row.rstrip())
        if len(self.possible_agents) > len(shown):
            lines.append(f"({len(self.possible_agents) - len(shown)} more users not shown; "
                         f"render_max_users = {self.render_max_users})")
        return "\n".join(lines)

    def _observations(self, packed: pb.SlotObservations, outcomes: Optional[List[Dict[str, Any]]] = None):
        """Every agent's observation and infos from the slot's packed arrays, in one pass: the features are one
        numpy array for all agents (read with one call), each agent's observation a row (a view) of it; the masks
        are shared read-only arrays (:meth:`_masks`); with ``outcomes`` (one per agent, after a step) each agent's
        infos also has its ``outcome``."""
        agents = self.possible_agents
        features = _block(packed.features, "<f4", len(agents), self.spaces_info.feature_count)
        columns = (agents, self._masks(packed), packed.has_task, packed.min_steps, self._home_bs, self._candidates)
        observations = dict(zip(agents, features))
        if outcomes is None:
            infos = {agent: {"action_mask": action, "offload_mask": offload, "server_mask": server,
                             "steps_mask": steps, "has_task": task, "min_steps": min_steps, "home_bs": home,
                             "candidates": candidates}
                     for agent, (action, offload, server, steps), task, min_steps, home, candidates in zip(*columns)}
        else:
            infos = {agent: {"action_mask": action, "offload_mask": offload, "server_mask": server,
                             "steps_mask": steps, "has_task": task, "min_steps": min_steps, "home_bs": home,
                             "candidates": candidates, "outcome": outcome}
                     for agent, (action, offload, server, steps), task, min_steps, home, candidates, outcome
                     in zip(*columns, outcomes)}
        return observations, infos

    #: at most this many distinct masks are kept between slots (a scenario has few: they depend on a user's
    #: candidate count and, with mask-steps-below-min, its c^min_n)
    _MASK_CACHE_SIZE = 4096

    def _masks(self, packed: pb.SlotObservations):
        """Every agent's (action, offload, server, steps) masks: read-only int8 arrays, one set per distinct mask,
        shared by the agents (and slots) that have it, from the slot's distinct rows (``mask_rows``/``mask_row``,
        LAYOUT_PACKED_COMPACT)."""
        users, sizes = len(self.possible_agents), self.spaces_info
        widths = (sizes.action_count, 2, sizes.max_candidates, len(sizes.step_choices))
        rows = packed.mask_row
        width, cache, blob = sum(widths), self._mask_cache, packed.mask_rows
        table = []
        for start in range(0, len(blob), width):
            key = blob[start:start + width]
            masks = cache.get(key)
            if masks is None:
                if len(cache) >= self._MASK_CACHE_SIZE:
                    cache.clear()
                # read-only, since a view of the bytes object: one agent's mask cannot change another's
                row, ends = np.frombuffer(key, np.int8), [int(e) for e in np.cumsum(widths)]
                masks = cache[key] = (row[:ends[0]], row[ends[0]:ends[1]], row[ends[1]:ends[2]], row[ends[2]:])
            table.append(masks)
        return itemgetter(*rows)(table) if users > 1 else [table[rows[0]]]


@dataclass(frozen=True)
class SlotArrays:
    """One slot of every agent as arrays, row n being ``user_n`` (what :meth:`ParallelEnv.reset_arrays` and
    :meth:`ParallelEnv.step_arrays` return): the values of :meth:`ParallelEnv.reset` and :meth:`ParallelEnv.step`
    without a dict per agent. Every array is the caller's (a new one per slot)."""
    observations: np.ndarray  #: (N, feature_count) float32, the features (docs/observation.md)
    action_mask: np.ndarray   #: (N, action_count) int8: 1 valid, 0 masked
    offload_mask: np.ndarray  #: (N, 2) int8: local, offload
    server_mask: np.ndarray   #: (N, max_candidates) int8
    steps_mask: np.ndarray    #: (N, step choices) int8
    has_task: np.ndarray      #: (N,) bool: the agent has a task in the slot to play
    min_steps: np.ndarray     #: (N,) int32: c^min_n
    state: np.ndarray         #: (global_state_size,) float32: the centralised critic's input
    rewards: np.ndarray       #: (N,) float64: the last slot's rewards (0 without a task; zeros after a reset)
    had_task: np.ndarray      #: (N,) bool: the agent had a task in the last slot
    truncated: bool           #: the episode is over: every agent is truncated (none is ever terminated)
    costs: Optional[pb.SlotCosts]  #: the last slot's costs (None after a reset)


@contextmanager
def _gc_paused():
    """Python's cyclic garbage collector held off while a slot's objects are built (and turned back on after, if
    it was on). A slot makes one dict per agent that the collector tracks; with it on, a 1,000-agent slot set off
    about two young-generation passes, each also moving the survivors (the slot the caller holds) towards the old
    generation, whose full passes go over every object of the process. Held off, the next allocation after the slot
    sets off one pass over them instead. Nothing of a slot is cyclic garbage, and no collection is skipped: the
    allocation count goes on, so the collector runs as soon as it is turned back on."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _block(data: bytes, dtype, users: int, width: int) -> np.ndarray:
    """A packed block of the reply as a writable (users, width) array of the given dtype: agent n's row is n."""
    # astype copies (the bytes object stays read-only) and gives the machine's byte order
    return np.frombuffer(data, dtype).reshape(users, width).astype(np.dtype(dtype).newbyteorder("="))


#: the per-task entries of SlotResults that an outcome dict carries, in its order after had_task
_OUTCOME_FIELDS = ("path", "server_bs", "steps", "delay_seconds", "energy_joules", "error", "cost", "penalty",
                   "deadline_violated", "quality_violated", "dropped", "invalid")


def _outcomes(results: pb.SlotResults, tasks: List[int]) -> Dict[int, Dict[str, Any]]:
    """The outcome dict of every user that had a task in the slot, by user index, from the packed arrays of
    LAYOUT_PACKED_COMPACT (each column holds the users with a task, in user order, ``tasks``): each dict is built
    in one pass."""
    if not tasks:
        return {}
    names = list(results.path_names)
    columns = [getattr(results, key) for key in _OUTCOME_FIELDS]
    columns[0] = [names[p] for p in columns[0]]
    return {n: {"had_task": True, "path": path, "server_bs": server_bs, "steps": steps, "delay_seconds": delay,
                "energy_joules": energy, "error": error, "cost": cost, "penalty": penalty,
                "deadline_violated": deadline, "quality_violated": quality, "dropped": dropped, "invalid": invalid}
            for n, path, server_bs, steps, delay, energy, error, cost, penalty, deadline, quality, dropped, invalid
            in zip(tasks, *columns)}


def _decision(outcome: Dict[str, Any]) -> str:
    """What a user's task was sent to, e.g. ``local, 10 steps`` or ``BS 1 (neighbour), 20 steps``."""
    if outcome["path"] == "local":
        return f"local, {outcome['steps']} steps"
    if outcome["server_bs"] >= 0:
        return f"BS {outcome['server_bs']} ({outcome['path']}), {outcome['steps']} steps"
    return f"{outcome['path']}, {outcome['steps']} steps"
