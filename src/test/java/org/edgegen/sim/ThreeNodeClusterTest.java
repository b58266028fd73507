package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.edgegen.cluster.Nodes;
import org.edgegen.cluster.WireTraffic;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.training.RunReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three actor systems on loopback ports form one cluster; entities spread over them and messages cross as CBOR.
 *
 * <p>Three nodes and up to 1,000 users share one JVM here, so on a busy machine (load 50 and more on 2 cores) a phase
 * can take longer than the default 30 s slot timeout without anything being lost: the runs that must be clean wait
 * {@link #PATIENT} seconds per phase instead, and the cluster {@link #FORMING}. A lost message still ends such a run
 * in a reported timeout, which fails its {@code RunReport.CLEAN} assertion. The run that fails on purpose (a piece
 * over the frame size, whose aborted connections may quarantine an association) runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterTest {

    private static final List<ActorSystem<Void>> nodes = new ArrayList<>();
    /** The slot timeout of the runs that must be clean: long enough for a phase on a busy machine. */
    static final String PATIENT = "120";
    /** How long the cluster may take to form, and its nodes to forget a run. */
    static final Duration FORMING = Duration.ofSeconds(120);

    /** {@code overrides} with the patient slot timeout. */
    private static Map<String, String> patient(String... overrides) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            m.put(overrides[i], overrides[i + 1]);
        }
        m.put("edgegen.sim.slot-timeout-s", PATIENT);
        return m;
    }

    private static Config nodeConfig() {
        // The shard coordinators read and write their state from every node (distributed data): at the default 2 s
        // a reply that comes later on a busy machine is discarded and the read retried, again too short, so that
        // the regions of the other nodes never register (seen once at load 20, all entities on one node).
        return ConfigFactory.parseString("""
                akka.actor.serialize-messages = off
                akka.cluster.sharding.number-of-shards = 30
                akka.cluster.sharding.waiting-for-state-timeout = 20s
                akka.cluster.sharding.updating-state-timeout = 20s
                """).withFallback(Nodes.localConfig());
    }

    @BeforeAll
    static void formCluster() {
        for (int i = 0; i < 3; i++) {
            nodes.add(ActorSystem.create(Behaviors.empty(), "edgegen", nodeConfig()));
        }
        var seed = Cluster.get(nodes.get(0)).selfMember().address();
        for (ActorSystem<Void> node : nodes) {
            Cluster.get(node).manager().tell(Join.create(seed));
        }
        TestProbe.create(nodes.get(0)).awaitAssert(FORMING,
                () -> assertThat(upMembers()).as("members up").isEqualTo(3));
        for (ActorSystem<Void> node : nodes) {
            ActorSimulation.startNode(node, RunContexts.get(node));
        }
    }

    private static long upMembers() {
        return StreamSupport.stream(Cluster.get(nodes.get(0)).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up()).count();
    }

    @AfterAll
    static void leave() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).terminate();
            nodes.get(i).getWhenTerminated().toCompletableFuture().join();
        }
    }

    @Test
    void aThreeNodeClusterGivesExactlyTheNumbersOfLocalMode() {
        LoadedScenario tiny = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"),
                patient("edgegen.users.count", "12", "edgegen.task.arrival-probability", "0.6"));
        List<SlotRecord> clustered = new ArrayList<>();
        List<Integer> nodesInTheRun = new ArrayList<>();
        long[] slotStartsBefore = slotStartsSent();

        RunReport report = ActorSimulation.run(nodes.get(1), new RunRequest(tiny, "greedy-local", 2, 21),
                (episode, slots) -> {
                    clustered.addAll(slots);
                    nodesInTheRun.add((int) nodes.stream().filter(n -> RunContexts.get(n).size() > 0).count());
                });

        SystemModel model = SystemModel.of(tiny.scenario());
        List<SlotRecord> local = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            local.addAll(new EpisodeLoop(model).play(new PolicyCatalog(model).require("greedy-local"), 21, e));
        }
        assertThat(report).isEqualTo(RunReport.CLEAN);
        assertThat(clustered).isEqualTo(local);
        assertThat(nodesInTheRun).as("nodes hosting entities of the run, per episode").containsOnly(3);
        long[] slotStartsAfter = slotStartsSent();
        long crossed = slotStartsAfter[0] - slotStartsBefore[0];
        // 12 users on 3 nodes: some users live on another node than their BS, and each gets 1 SlotStart per slot
        assertThat(crossed).as("SlotStarts that crossed nodes").isPositive().isLessThan(12L * clustered.size());
        assertThat((slotStartsAfter[1] - slotStartsBefore[1]) / crossed).as("bytes per SlotStart")
                .isBetween(20L, 400L);
        TestProbe.create(nodes.get(0)).awaitAssert(FORMING, () -> assertThat(nodes)
                .as("every node forgets the run").allMatch(n -> RunContexts.get(n).size() == 0));
    }

    /** SlotStart messages and bytes the nodes have sent across the wire so far. */
    private static long[] slotStartsSent() {
        long[] total = new long[2];
        for (ActorSystem<Void> node : nodes) {
            for (WireTraffic.Line line : WireTraffic.get(node).sentTotals().byClass()) {
                if (line.messageClass().equals("UserDevice.SlotStart")) {
                    total[0] += line.messages();
                    total[1] += line.bytes();
                }
            }
        }
        return total;
    }

    private static List<SlotRecord> local(LoadedScenario scenario, String policy, int episodes, long seed) {
        SystemModel model = SystemModel.of(scenario.scenario());
        List<SlotRecord> local = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            local.addAll(new EpisodeLoop(model).play(new PolicyCatalog(model).require(policy), seed, e));
        }
        return local;
    }

    @Test
    void aThousandUsersGiveTheNumbersOfLocalModeTheirResultsCrossingInPieces() {
        // one slot's 300 outcomes, and an episode's 1,200, were a single message over Akka's 256 KiB frame before
        LoadedScenario large = ScenarioLoader.load(Path.of("conf/scenarios/large.conf"),
                patient("edgegen.users.count", "1000", "edgegen.time.slots-per-episode", "4"));
        List<SlotRecord> clustered = new ArrayList<>();

        RunReport report = ActorSimulation.run(nodes.get(1), new RunRequest(large, "greedy-local", 2, 7),
                (episode, slots) -> clustered.addAll(slots));

        assertThat(report).isEqualTo(RunReport.CLEAN);
        assertThat(clustered).isEqualTo(local(large, "greedy-local", 2, 7));
        assertThat(clustered.stream().mapToInt(r -> r.outcomes().size()).sum()).isGreaterThan(2000);
    }

    @Test
    void summariesAndResultsInPiecesOfTwoPutTogetherGiveTheSameNumbers() {
        LoadedScenario tiny = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"),
                patient("edgegen.users.count", "12", "edgegen.task.arrival-probability", "0.6",
                        "edgegen.sim.chunk-size", "2"));
        List<SlotRecord> clustered = new ArrayList<>();

        RunReport report = ActorSimulation.run(nodes.get(2), new RunRequest(tiny, "least-loaded", 2, 3),
                (episode, slots) -> clustered.addAll(slots));

        assertThat(report).isEqualTo(RunReport.CLEAN);
        assertThat(clustered).isEqualTo(local(tiny, "least-loaded", 2, 3));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aPieceOverTheFrameSizeFailsTheRunAtOnceNamingItAndItsSize() {
        // every user has a task in every slot: one slot's 1,000 outcomes in one piece are about 500 KB
        LoadedScenario large = ScenarioLoader.load(Path.of("conf/scenarios/large.conf"),
                Map.of("edgegen.users.count", "1000", "edgegen.time.slots-per-episode", "1",
                        "edgegen.task.arrival-probability", "1.0", "edgegen.sim.chunk-size", "100000"));

        assertThatThrownBy(() -> ActorSimulation.run(nodes.get(1), new RunRequest(large, "greedy-local", 1, 7),
                (episode, slots) -> { }))
                .isInstanceOf(ActorSimulation.SimulationFailedException.class)
                .hasMessageContaining("cannot send SlotCoordinator.SlotPart to akka://edgegen@127.0.0.1:")
                .hasMessageContaining("bytes, over the")
                .hasMessageContaining("edgegen.sim.chunk-size")
                .hasMessageNotContaining("\n");
    }
}
