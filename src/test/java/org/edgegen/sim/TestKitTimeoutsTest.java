package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.TestKitSettings;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import java.time.Duration;
import org.edgegen.cluster.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The test kit's waits for what must come are long enough for a busy machine (pom.xml's surefire system
 * properties), and its wait for what must stay absent is as short as before.
 */
class TestKitTimeoutsTest {

    static final ActorTestKit testKit = ActorTestKit.create(Nodes.localConfig());

    @AfterAll
    static void shutDown() {
        testKit.shutdownTestKit();
    }

    @Test
    void theTestKitWaitsLongForWhatMustComeAndBrieflyForWhatMustNot() {
        TestKitSettings settings = testKit.testKitSettings();
        assertThat(settings.SingleExpectDefaultTimeout().toMillis()).isEqualTo(15_000L);
        assertThat(settings.DefaultTimeout().duration().toMillis()).isEqualTo(20_000L);
        assertThat(settings.DefaultActorSystemShutdownTimeout().toMillis()).isEqualTo(60_000L);
        assertThat(settings.ExpectNoMessageDefaultTimeout().toMillis()).isEqualTo(100L);
        assertThat(Duration.ofMillis((long) (settings.TestTimeFactor() * 1000))).isEqualTo(Duration.ofSeconds(1));
    }
}
