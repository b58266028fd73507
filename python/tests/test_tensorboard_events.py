"""TensorBoard's own reader on the events of a short `train`: the HPARAMS tab finds the run's experiment (its
hyper-parameters and, as metrics, every scalar curve), its session start and its session end (status Success), and
the TEXT tab the run's config.conf and how it ended.
Skipped without the tensorboard package (`pip install -e 'python[tensorboard]'`); the Java side is checked without
it by TrainFilesTest."""

import importlib.util
import subprocess

import pytest

from edgegen.server import repository_root

pytestmark = pytest.mark.skipif(importlib.util.find_spec("tensorboard") is None,
                                reason="tensorboard is not installed (pip install -e 'python[tensorboard]')")


def test_tensorboard_reads_the_hyper_parameters_and_the_configuration(tmp_path):
    from tensorboard.backend.event_processing import event_accumulator
    from tensorboard.plugins.hparams import api_pb2, metadata
    from tensorboard.util import tensor_util

    root = repository_root()
    run = tmp_path / "tiny-osi"
    subprocess.run([str(root / "scripts" / "edgegen"), "train", "--scenario", "conf/scenarios/tiny.conf",
                    "--episodes", "2", "--seed", "7", "--engine", "direct", "--out", str(run)],
                   cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    events = event_accumulator.EventAccumulator(str(run / "tensorboard"),
                                                size_guidance={event_accumulator.TENSORS: 0})
    events.Reload()

    hparams = events.PluginTagToContent(metadata.PLUGIN_NAME)
    experiment = metadata.parse_experiment_plugin_data(hparams[metadata.EXPERIMENT_TAG])
    start = metadata.parse_session_start_info_plugin_data(hparams[metadata.SESSION_START_INFO_TAG])
    names = [info.name for info in experiment.hparam_infos]
    assert names[:2] == ["seed", "cells"]
    assert {"learner.learning-rate", "learner.clip", "users.count", "scenario-name"} <= set(names)
    assert set(start.hparams) == set(names)
    assert start.hparams["seed"].number_value == 7
    assert start.hparams["users.count"].number_value == 4
    assert start.hparams["scenario-name"].string_value == "tiny"
    metrics = [info.name.tag for info in experiment.metric_infos]
    scalars = events.Tags()["scalars"] or events.Tags()["tensors"]
    assert "episode/mean_cost" in metrics
    assert set(metrics) <= set(scalars)

    assert "config.conf" in events.PluginTagToContent("text")
    (text,) = events.Tensors("config.conf")
    config = (run / "config.conf").read_text()
    assert tensor_util.make_ndarray(text.tensor_proto).item().decode() == "```\n" + config + "```\n"

    end = metadata.parse_session_end_info_plugin_data(hparams[metadata.SESSION_END_INFO_TAG])
    assert end.status == api_pb2.STATUS_SUCCESS
    assert end.end_time_secs >= start.start_time_secs > 0
    (status,) = events.Tensors("status")
    assert tensor_util.make_ndarray(status.tensor_proto).item().decode() == "complete, 2 episodes done"
    assert status.step == 1
