package org.edgegen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.edgegen.model.Scenario;
import org.junit.jupiter.api.Test;

/** A scenario that cannot fit in the JVM's heap is refused when loaded, naming EDGEGEN_JAVA_OPTS=-Xmx. */
class HeapEstimateTest {

    private static final Path DEFAULT = Path.of("conf/scenarios/default.conf");

    @Test
    void theLargestUserCountIsRefusedAtLoadInsteadOfRunningOutOfMemory() {
        assertThatThrownBy(() -> ScenarioLoader.load(DEFAULT, Map.of("edgegen.users.count", "2147483647")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("edgegen.users.count = 2147483647 on 7 cells needs at least")
                .hasMessageContaining("GiB of heap")
                .hasMessageContaining("EDGEGEN_JAVA_OPTS=-Xmx")
                .message().doesNotContain("\n");
    }

    @Test
    void theBoundCountsEachUserAndEachCandidatePairLinearly() {
        Scenario scenario = ScenarioLoader.load(DEFAULT).scenario();
        long users = scenario.userCount();
        long cells = scenario.cellCount();
        assertThat(HeapEstimate.minimumBytes(scenario)).isEqualTo(HeapEstimate.BASE_MIB * 1024 * 1024
                + users * HeapEstimate.BYTES_PER_USER + 8 * cells * scenario.mdp().maxCandidates());
    }

    @Test
    void aScenarioThatFitsPassesAndOneJustOverTheHeapIsRefusedWithAHeapThatWouldFit() {
        Scenario scenario = ScenarioLoader.load(DEFAULT).scenario();
        long needed = HeapEstimate.minimumBytes(scenario);

        HeapEstimate.check(scenario, needed);
        HeapEstimate.check(scenario, Long.MAX_VALUE);
        assertThatThrownBy(() -> HeapEstimate.check(scenario, needed - 1))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EDGEGEN_JAVA_OPTS=-Xmx1g");
    }

    @Test
    void aMillionUsersOnAMetroLayoutFitInSixteenGibibytesButNotInSixtyFourMebibytes() {
        Scenario million = ScenarioLoader.load(DEFAULT, Map.of("edgegen.topology.hex-rings", "342",
                "edgegen.users.count", "1000000", "edgegen.edge.gpus-repeat", "on")).scenario();
        HeapEstimate.check(million, 16L << 30);
        assertThatThrownBy(() -> HeapEstimate.check(million, 64L << 20))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("edgegen.users.count = 1000000 on 351919 cells");
    }
}
