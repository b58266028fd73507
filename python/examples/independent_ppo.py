"""Independent PPO in PyTorch over ``edgegen.ParallelEnv``: every user acts by one shared actor on its own
observation, with a critic on that observation only (IPPO with parameter sharing), trained through the bridge.

    python python/examples/independent_ppo.py                      # tiny.conf, 200 episodes, about 2 minutes
    python python/examples/independent_ppo.py --episodes 400 --out runs/ippo-tiny

After training it plays the greedy policy, ``random`` (uniform over the valid actions) and the Java baselines of
``--baselines`` (all-local, greedy-local and least-finish by default) (their actions taken from the server) on unseen episodes (``--eval-seed``), all
through the bridge, and prints the mean reward and cost per task of each.
Every reward it reports is a sum of the rewards the environment returned; every cost is the environment's.

Only the agents with a task in a slot make a decision; the others' actions are ignored by the simulator and
their reward is 0, so they are left out of the update. The return of a decision is its reward plus the
discounted returns of the same user's later decisions in the episode (``--gamma``): a choice changes the queues
the user meets later.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

import numpy as np

try:
    import torch
    from torch import nn
except ImportError:  # the edgegen package itself does not need PyTorch; only this example does
    torch = None
    nn = None

from edgegen import LocalServer, ParallelEnv

#: the action picker of a policy: (observations, infos) of the active agents -> one action per agent
Picker = Callable[[Dict[str, np.ndarray], Dict[str, dict]], Dict[str, int]]


def require_torch() -> None:
    if torch is None:
        sys.exit("independent_ppo.py needs PyTorch: pip install torch (the CPU wheel is enough)")


@dataclass
class EpisodeResult:
    """What one episode came to, from the environment's own rewards and outcomes."""
    episode: int
    reward: float = 0.0         # the sum over slots and agents of the rewards env.step returned
    tasks: int = 0              # decisions that had a task
    cost: float = 0.0           # the sum of the tasks' costs (infos[agent]["outcome"]["cost"])
    penalty: float = 0.0
    slot_rewards: List[float] = field(default_factory=list)  # per slot, the sum over agents

    def row(self) -> dict:
        tasks = max(self.tasks, 1)
        return {"episode": self.episode, "reward": self.reward, "tasks": self.tasks,
                "reward_per_task": self.reward / tasks, "mean_cost": self.cost / tasks,
                "mean_penalty": self.penalty / tasks}


def play(env: ParallelEnv, pick: Picker, options: Optional[dict] = None, record: Optional[list] = None
         ) -> EpisodeResult:
    """One episode with ``pick``; appends (agent, observation, mask, action, reward) of every task to ``record``."""
    observations, infos = env.reset(options=options)
    result = EpisodeResult(env.episode)
    while env.agents:
        actions = pick(observations, infos)
        before = (observations, infos)
        observations, rewards, _, _, infos = env.step(actions)
        result.slot_rewards.append(float(sum(rewards.values())))
        result.reward += result.slot_rewards[-1]
        for agent, reward in rewards.items():
            outcome = infos[agent]["outcome"]
            if outcome["had_task"]:
                result.tasks += 1
                result.cost += outcome["cost"]
                result.penalty += outcome["penalty"]
                if record is not None:
                    record.append((agent, before[0][agent], before[1][agent]["action_mask"], actions[agent], reward))
    return result


def random_picker(seed: int) -> Picker:
    rng = np.random.default_rng(seed)
    return lambda observations, infos: {a: int(rng.choice(np.flatnonzero(infos[a]["action_mask"])))
                                        for a in observations}


def baseline_picker(env: ParallelEnv, name: str) -> Picker:
    """A Java baseline, as ``simulate --policy NAME`` plays it, taken from the server slot by slot."""
    return lambda observations, infos: env.policy_actions(name)


if nn is not None:
    class ActorCritic(nn.Module):
        """A masked categorical actor over the flattened actions and a value head, both on the local observation."""

        def __init__(self, features: int, actions: int, hidden: int = 64):
            super().__init__()
            self.actor = nn.Sequential(nn.Linear(features, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                                       nn.Linear(hidden, actions))
            self.critic = nn.Sequential(nn.Linear(features, hidden), nn.Tanh(), nn.Linear(hidden, 1))

        def distribution(self, obs: "torch.Tensor", mask: "torch.Tensor") -> "torch.distributions.Categorical":
            logits = self.actor(obs).masked_fill(~mask, -1e9)
            return torch.distributions.Categorical(logits=logits)

        def value(self, obs: "torch.Tensor") -> "torch.Tensor":
            return self.critic(obs).squeeze(-1)


def ppo_picker(model: "ActorCritic", greedy: bool, generator: "torch.Generator") -> Picker:
    def pick(observations, infos):
        agents = list(observations)
        obs = torch.as_tensor(np.stack([observations[a] for a in agents]))
        mask = torch.as_tensor(np.stack([infos[a]["action_mask"] for a in agents]).astype(bool))
        with torch.no_grad():
            dist = model.distribution(obs, mask)
            chosen = dist.probs.argmax(-1) if greedy else torch.multinomial(dist.probs, 1, generator=generator)[:, 0]
        return {a: int(chosen[i]) for i, a in enumerate(agents)}
    return pick


def returns_of(record: list, gamma: float) -> np.ndarray:
    """Per decision: its reward plus gamma times the return of the same agent's next decision in the episode."""
    out = np.zeros(len(record), np.float32)
    following: Dict[str, float] = {}
    for i in range(len(record) - 1, -1, -1):
        agent, reward = record[i][0], record[i][4]
        following[agent] = reward + gamma * following.get(agent, 0.0)
        out[i] = following[agent]
    return out


def train(env: ParallelEnv, episodes: int, batch_episodes: int = 4, epochs: int = 4, lr: float = 3e-3,
          gamma: float = 0.5, clip: float = 0.2, entropy: float = 0.01, seed: int = 0,
          log: Callable[[str], None] = print, validate: Optional[Callable[["ActorCritic"], float]] = None,
          validate_every: int = 20, validations: Optional[List[dict]] = None) -> "tuple[ActorCritic, List[dict]]":
    """Trains on episodes 0..episodes-1 of the env's seed; returns the model and one row per episode.

    With ``validate`` (the greedy policy's reward per task on episodes of a validation seed, neither the training
    nor the evaluation seed), the policy is validated every ``validate_every`` episodes and after the last; the
    model returned is then the best one validated (rows appended to ``validations``), as ``train
    --validation-seed`` keeps ``checkpoints/best`` in Java."""
    require_torch()
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = ActorCritic(env.spaces_info.feature_count, env.spaces_info.action_count)
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    history: List[dict] = []
    batch: List[tuple] = []
    best: Optional[tuple] = None
    started = time.perf_counter()
    for episode in range(episodes):
        record: list = []
        result = play(env, ppo_picker(model, greedy=False, generator=generator), {"episode": episode}, record)
        history.append(result.row())
        if record:
            batch.append((record, returns_of(record, gamma)))
        if len(batch) == batch_episodes or (episode == episodes - 1 and batch):
            update(model, optimiser, batch, epochs, clip, entropy)
            batch = []
        if validate is not None and ((episode + 1) % validate_every == 0 or episode == episodes - 1):
            score = validate(model)
            if best is None or score > best[0]:
                best = (score, copy.deepcopy(model.state_dict()))
            if validations is not None:
                validations.append({"episode": episode + 1, "reward_per_task": score, "best": score == best[0]})
        if (episode + 1) % 20 == 0 or episode == episodes - 1:
            recent = history[-20:]
            log(f"episode {episode + 1}/{episodes}: reward per task {np.mean([r['reward_per_task'] for r in recent]):.4f},"
                f" mean cost {np.mean([r['mean_cost'] for r in recent]):.4f} (last {len(recent)} episodes, "
                f"{time.perf_counter() - started:.0f} s)")
    if best is not None:
        model.load_state_dict(best[1])
        log(f"kept the policy validated best: reward per task {best[0]:.4f} on the validation episodes")
    return model, history


def update(model: "ActorCritic", optimiser, batch: List[tuple], epochs: int, clip: float, entropy: float) -> None:
    obs = torch.as_tensor(np.stack([r[1] for record, _ in batch for r in record]))
    mask = torch.as_tensor(np.stack([r[2] for record, _ in batch for r in record]).astype(bool))
    actions = torch.as_tensor([r[3] for record, _ in batch for r in record])
    returns = torch.as_tensor(np.concatenate([g for _, g in batch]))
    with torch.no_grad():
        old_logp = model.distribution(obs, mask).log_prob(actions)
        advantages = returns - model.value(obs)
        advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8) if len(advantages) > 1 \
            else advantages
    for _ in range(epochs):
        dist = model.distribution(obs, mask)
        ratio = torch.exp(dist.log_prob(actions) - old_logp)
        policy_loss = -torch.min(ratio * advantages, torch.clamp(ratio, 1 - clip, 1 + clip) * advantages).mean()
        value_loss = (model.value(obs) - returns).pow(2).mean()
        loss = policy_loss + 0.5 * value_loss - entropy * dist.entropy().mean()
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        optimiser.step()


def evaluate(env: ParallelEnv, pick: Picker, episodes: int) -> dict:
    """Plays episodes 0..episodes-1 of the env's seed; the mean reward and cost per task over all of them."""
    results = [play(env, pick, {"episode": e}) for e in range(episodes)]
    tasks = sum(r.tasks for r in results)
    return {"episodes": episodes, "tasks": tasks, "reward": sum(r.reward for r in results),
            "reward_per_task": sum(r.reward for r in results) / max(tasks, 1),
            "mean_cost": sum(r.cost for r in results) / max(tasks, 1),
            "mean_penalty": sum(r.penalty for r in results) / max(tasks, 1)}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="conf/scenarios/tiny.conf")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a scenario override")
    parser.add_argument("--episodes", type=int, default=200, help="training episodes (default: 200)")
    parser.add_argument("--seed", type=int, default=7, help="training run seed and torch seed (default: 7)")
    parser.add_argument("--eval-seed", type=int, default=1001, help="run seed of the unseen episodes (default: 1001)")
    parser.add_argument("--eval-episodes", type=int, default=10, help="unseen episodes per policy (default: 10)")
    parser.add_argument("--gamma", type=float, default=0.5, help="discount over a user's decisions (default: 0.5)")
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--epochs", type=int, default=4, help="PPO epochs per update (default: 4)")
    parser.add_argument("--batch-episodes", type=int, default=4, help="episodes per update (default: 4)")
    parser.add_argument("--entropy", type=float, default=0.01, help="entropy bonus (default: 0.01)")
    parser.add_argument("--validation-seed", type=int,
                        help="keep the policy that does best (greedy) on episodes of this run seed, validated every "
                             "--validate-every episodes; use a seed other than --seed and --eval-seed")
    parser.add_argument("--validation-episodes", type=int, default=5, help="validation episodes (default: 5)")
    parser.add_argument("--validate-every", type=int, default=20, help="training episodes between validations "
                                                                        "(default: 20)")
    parser.add_argument("--baselines", type=lambda text: [b for b in text.split(",") if b],
                        default=["all-local", "greedy-local", "least-finish"],
                        help="Java baselines to evaluate beside random, their actions taken from the server "
                             "(default: all-local,greedy-local,least-finish; '' for none)")
    parser.add_argument("--address", help="a running scripts/edgegen serve; default: start one")
    parser.add_argument("--out", type=Path, help="write train.json and evaluation.json into OUT")
    args = parser.parse_args(argv)
    require_torch()
    if min(args.episodes, args.eval_episodes, args.epochs, args.batch_episodes, args.validation_episodes,
           args.validate_every) < 1:
        parser.error("--episodes, --eval-episodes, --epochs, --batch-episodes, --validation-episodes and "
                     "--validate-every must be >= 1")
    if args.validation_seed is not None and args.validation_seed in (args.seed, args.eval_seed):
        parser.error(f"--validation-seed {args.validation_seed} must differ from --seed and --eval-seed")
    overrides = {}
    for item in args.set:
        if "=" not in item:
            parser.error(f"--set {item!r} is not KEY=VALUE")
        key, value = item.split("=", 1)
        overrides[key] = value
    torch.set_num_threads(1)

    server = LocalServer.start() if args.address is None else None  # one server for training and evaluation
    address = args.address or server.address
    try:
        env = ParallelEnv(args.scenario, overrides=overrides, seed=args.seed, address=address)
        validation = None
        validations: List[dict] = []
        if args.validation_seed is not None:
            validation = ParallelEnv(args.scenario, overrides=overrides, seed=args.validation_seed, address=address)
        try:
            validate = None if validation is None else (lambda model: evaluate(
                validation, ppo_picker(model, greedy=True, generator=torch.Generator()),
                args.validation_episodes)["reward_per_task"])
            model, history = train(env, args.episodes, batch_episodes=args.batch_episodes, epochs=args.epochs,
                                   lr=args.lr, gamma=args.gamma, entropy=args.entropy, seed=args.seed,
                                   validate=validate, validate_every=args.validate_every, validations=validations)
        finally:
            env.close()
            if validation is not None:
                validation.close()
        evaluation = {}
        unseen = ParallelEnv(args.scenario, overrides=overrides, seed=args.eval_seed, address=address)
        try:
            pickers = {"ippo (greedy)": ppo_picker(model, greedy=True, generator=torch.Generator()),
                       "random": random_picker(args.eval_seed)}
            pickers.update({name: baseline_picker(unseen, name) for name in args.baselines})
            for name, pick in pickers.items():
                evaluation[name] = evaluate(unseen, pick, args.eval_episodes)
        finally:
            unseen.close()
    finally:
        if server is not None:
            server.stop()
    print(f"unseen episodes 0..{args.eval_episodes - 1} of seed {args.eval_seed} ({env.scenario_name}):")
    print(f"{'policy':<15} {'reward/task':>12} {'mean cost':>10} {'mean penalty':>13} {'tasks':>6}")
    for name, e in evaluation.items():
        print(f"{name:<15} {e['reward_per_task']:>12.4f} {e['mean_cost']:>10.4f} {e['mean_penalty']:>13.4f} "
              f"{e['tasks']:>6}")
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "train.json").write_text(json.dumps(history, indent=1) + "\n")
        (args.out / "evaluation.json").write_text(json.dumps(evaluation, indent=1) + "\n")
        if validations:
            (args.out / "validation.json").write_text(json.dumps(validations, indent=1) + "\n")
        print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
