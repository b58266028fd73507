"""docs/learning.md's SavedModel-from-Python snippet, run as written on a freshly trained policy: it gives the
probabilities that `explain --features --checkpoint` prints from Java. Skipped without TensorFlow for Python, which
neither the package nor CI installs (`pip install tensorflow-cpu` where the mirror has it)."""

import importlib.util
import json
import re
import subprocess

import numpy as np
import pytest

from edgegen.server import repository_root

pytestmark = pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None,
                                reason="TensorFlow for Python is not installed (pip install tensorflow-cpu)")

SNIPPET_PATH = "runs/tiny-osi/policy"


def snippet() -> str:
    text = (repository_root() / "docs" / "learning.md").read_text()
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "tf.saved_model.load" in b]
    assert len(blocks) == 1, "docs/learning.md should have one SavedModel snippet"
    assert SNIPPET_PATH in blocks[0]
    return blocks[0]


def test_the_savedmodel_snippet_gives_javas_probabilities(tmp_path):
    root = repository_root()
    run = tmp_path / "tiny-osi"
    subprocess.run([str(root / "scripts" / "edgegen"), "train", "--scenario", "conf/scenarios/tiny.conf",
                    "--episodes", "2", "--seed", "7", "--engine", "direct", "--out", str(run)],
                   cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    scope = {}
    exec(snippet().replace(SNIPPET_PATH, str(run / "policy")), scope)
    env, agents, infos, out, actions = (scope[k] for k in ("env", "agents", "infos", "out", "actions"))
    try:
        assert set(actions) == set(agents)
        for a in agents:  # greedy OSI plays a valid action
            assert infos[a]["action_mask"][actions[a]] == 1
        users = [i for i, a in enumerate(agents) if infos[a]["has_task"]]
        assert users
        for user in users:
            explained = json.loads(subprocess.run(
                [str(root / "scripts" / "edgegen"), "explain", "--scenario", "conf/scenarios/tiny.conf", "--seed",
                 "1001", "--user", str(user), "--features", "--checkpoint", str(run)],
                cwd=root, check=True, capture_output=True, text=True).stdout)
            np.testing.assert_array_equal(scope["observations"][agents[user]],
                                          np.asarray(explained["features"]["vector"], np.float32))
            for head, key in (("offload", "offload_probs"), ("server", "server_probs"), ("steps", "steps_probs")):
                np.testing.assert_allclose(out[key].numpy()[user], explained["osi"][head], rtol=0, atol=1e-6)
    finally:
        env.close()
