"""python -m edgegen.bench: a very small run gives a row per scenario, size and client, beside the direct engine."""

import json

import pytest

from edgegen import bench


def test_a_tiny_bench_measures_every_default_client_and_the_direct_engine(server, tmp_path):
    assert bench.main(["--users", "3", "--slots", "2", "--episodes", "1", "--repeat", "1", "--cpu-user-slots", "600",
                       "--address", server.address, "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "bench-bridge.json").read_text())
    rows = report["rows"]
    assert [(r["scenario"], r["users"], r["client"]) for r in rows] == [
        ("tiny", 4, "stub"), ("tiny", 4, "env"), ("tiny", 4, "arrays"), ("default", 3, "stub"), ("default", 3, "env"),
        ("default", 3, "arrays")]
    for r in rows:
        assert r["slotsPerMeasurement"] == 2
        assert r["userSlotsPerSecond"] == pytest.approx(r["stepsPerSecond"] * r["users"])
        # one round: the median of the rounds' ratios is that round's ratio
        assert r["bridgeOverDirect"] == pytest.approx(r["directUserSlotsPerSecond"] / r["userSlotsPerSecond"])
        assert r["bridgeOverDirectPerRound"] == [pytest.approx(r["bridgeOverDirect"])]
        # a server given by address is not a child: its CPU time is unknown, the client's and the direct's are not
        assert "cpuSecondsPerUserSlot" not in r and r["clientCpuSecondsPerUserSlot"] > 0
        assert len(r["directCpuSecondsPerUserSlotMeasured"]) == 1
    assert report["machine"]["cpus"] >= 1 and len(report["machine"]["loadAverageBefore"]) == 3


def test_a_bad_user_count_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit:
        bench.main(["--users", "0"])
    assert exit.value.code == 2
    assert "--users '0': every count must be >= 1" in capsys.readouterr().err


def test_the_cpu_clock_reads_a_local_servers_cpu_time(server):
    clock = bench.CpuClock(server._process.pid)
    client, server_cpu = clock.read()
    assert client > 0 and server_cpu is not None and server_cpu > 0
    assert bench.CpuClock(None).read()[1] is None
