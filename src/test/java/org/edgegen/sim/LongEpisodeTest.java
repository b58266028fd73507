package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgegen.sim.Formulas.close;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.edgegen.cluster.Nodes;
import org.edgegen.model.slot.Decision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real sharded entities in an episode that outlasts Cluster Sharding's idle timeout. Within an episode the
 * entities talk through the references they exchanged, so sharding sees no traffic; the timeout is shortened here
 * (120 s by default) so that a long episode fits in a test.
 */
class LongEpisodeTest {

    static final Duration IDLE_TIMEOUT = Duration.ofMillis(400);
    static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "akka.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = "
                    + IDLE_TIMEOUT.toMillis() + "ms").withFallback(Nodes.localConfig()));
    static final Duration WAIT = Duration.ofSeconds(5);

    static DeadLetterWatch deadLetters;

    @BeforeAll
    static void watch() {
        deadLetters = DeadLetterWatch.on(testKit);
        Cluster cluster = Cluster.get(testKit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }

    @AfterAll
    static void shutDown() {
        testKit.shutdownTestKit();
    }

    private static Map<Integer, SlotCoordinator.SlotSummary> slot(TinyRun run,
            TestProbe<SlotCoordinator.Command> coordinator, Map<Integer, ActorRef<BaseStation.Command>> stations,
            int slot, Decision[] decisions) {
        stations.forEach((bs, station) -> station.tell(new BaseStation.BeginSlot(TinyRun.EPISODE, 0, slot,
                new double[stations.size()], new int[stations.size()], run.ofCell(bs, decisions))));
        Map<Integer, SlotCoordinator.SlotSummary> summaries = new TreeMap<>();
        for (int i = 0; i < stations.size(); i++) {
            SlotCoordinator.SlotSummary summary =
                    coordinator.expectMessageClass(SlotCoordinator.SlotSummary.class, WAIT);
            summaries.put(summary.bs(), summary);
        }
        return summaries;
    }

    @Test
    void shardedUsersAndBaseStationsLiveThroughAnEpisodeLongerThanTheShardingIdleTimeout() {
        TinyRun run = TinyRun.of(7, Map.of("edgegen.task.arrival-probability", "1.0"));
        UserDevice.init(testKit.system(), run.runs);
        BaseStation.init(testKit.system(), run.runs);
        TestProbe<SlotCoordinator.Command> coordinator = testKit.createTestProbe();
        ClusterSharding sharding = ClusterSharding.get(testKit.system());
        for (int bs = 0; bs < run.cells(); bs++) {
            sharding.entityRefFor(BaseStation.TYPE_KEY, Integer.toString(bs))
                    .tell(new BaseStation.StartEpisode(run.spec, TinyRun.EPISODE, 0, coordinator.ref()));
        }
        Map<Integer, ActorRef<BaseStation.Command>> stations = new TreeMap<>();
        for (int i = 0; i < run.cells(); i++) {
            SlotCoordinator.BsReady ready = coordinator.expectMessageClass(SlotCoordinator.BsReady.class, WAIT);
            stations.put(ready.bs(), ready.ref());
        }
        int user = 0;
        double tau = run.user(user).deviceStepSeconds();
        Decision[] decisions = run.allLocal(30);

        Map<Integer, SlotCoordinator.SlotSummary> first = slot(run, coordinator, stations, 0, decisions);
        // a long slot: nothing passes through sharding for several idle timeouts
        coordinator.expectNoMessage(IDLE_TIMEOUT.multipliedBy(4));
        Map<Integer, SlotCoordinator.SlotSummary> second = slot(run, coordinator, stations, 1, decisions);

        double backlog = Formulas.nextLocalBacklog(0.0, Formulas.localWork(30, tau));
        double delay = backlog + Formulas.localWork(30, tau);
        var outcome = second.get(run.home(user)).outcomes().stream().filter(o -> o.userId() == user).findFirst()
                .orElseThrow();
        assertThat(outcome.delaySeconds()).as("the user kept its backlog of slot 0").isCloseTo(delay, close(delay));
        assertThat(first.values().stream().mapToInt(s -> s.outcomes().size()).sum()).isEqualTo(run.users());
        deadLetters.expectNone();
    }
}
