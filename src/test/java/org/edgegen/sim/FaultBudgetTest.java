package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After a node is lost, the episode in progress is re-run; the re-runs can only succeed once the lost node is
 * downed and its shards are free again. With the shipped settings (cluster/common.conf over application.conf) that
 * must fit in the re-run budget of the defaults: the slot timeout times the attempts after the first. A shard that
 * was being handed off when its node died is blocked for Akka's hand-off timeout (60 s by default), which made a
 * fault trial fail after its whole budget (scripts/fault-trials.sh: a users+edge node killed during a rebalance).
 */
class FaultBudgetTest {

    private static double seconds(Config config, String key) {
        return config.getDuration(key, TimeUnit.MILLISECONDS) / 1000.0;
    }

    @Test
    void aLostNodeIsDownedAndItsShardsFreedWithinTheDefaultReRunBudget() {
        Config config = ConfigFactory.parseFile(new File("cluster/common.conf")).withFallback(ConfigFactory.load())
                .resolve();
        double detect = seconds(config, "akka.cluster.failure-detector.acceptable-heartbeat-pause")
                + seconds(config, "akka.cluster.failure-detector.heartbeat-interval");
        double down = seconds(config, "akka.cluster.split-brain-resolver.stable-after");
        double handOff = seconds(config, "akka.cluster.sharding.handoff-timeout");
        double budget = config.getDouble("edgegen.sim.slot-timeout-s")
                * (config.getInt("edgegen.sim.max-episode-attempts") - 1);

        assertThat(detect + down + handOff).as("detection %.0f s + downing %.0f s + hand-off %.0f s", detect, down,
                handOff).isLessThan(budget);
    }
}
