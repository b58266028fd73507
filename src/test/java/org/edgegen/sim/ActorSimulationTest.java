package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgegen.cluster.Nodes;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.PolicyCatalog;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import org.edgegen.training.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActorSimulationTest {

    private static List<SlotRecord> direct(LoadedScenario loaded, String policy, int episodes, long seed) {
        SystemModel model = SystemModel.of(loaded.scenario());
        EpisodeLoop loop = new EpisodeLoop(model);
        List<SlotRecord> records = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            records.addAll(loop.play(new PolicyCatalog(model).require(policy), seed, e));
        }
        return records;
    }

    private static List<SlotRecord> actors(LoadedScenario loaded, String policy, int episodes, long seed) {
        List<SlotRecord> records = new ArrayList<>();
        RunReport report = ActorSimulation.run(new RunRequest(loaded, policy, episodes, seed),
                (episode, slots) -> records.addAll(slots));
        assertThat(report).isEqualTo(RunReport.CLEAN);
        return records;
    }

    @ParameterizedTest
    @ValueSource(strings = {"greedy-local", "random", "all-home-30", "least-loaded", "opt"})
    void theActorSimulationGivesExactlyTheNumbersOfTheSingleThreadedLoopOnTheTinyScenario(String policy) {
        LoadedScenario tiny = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"),
                Map.of("edgegen.task.arrival-probability", "0.6"));

        List<SlotRecord> expected = direct(tiny, policy, 2, 11);
        List<SlotRecord> actual = actors(tiny, policy, 2, 11);

        assertThat(actual).hasSize(2 * 60);
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.stream().mapToInt(r -> r.outcomes().size()).sum()).isGreaterThan(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"greedy-local", "random"})
    void withInterCellInterferenceTheActorsGiveExactlyTheNumbersOfTheSingleThreadedLoop(String policy) {
        // sinr.conf: seven cells, so a ring cell hears transmitters of cells that are not its neighbours; a busier
        // slot than the default makes every cell transmit on both links in most slots
        Map<String, String> busy = Map.of("edgegen.task.arrival-probability", "0.6");
        LoadedScenario sinr = ScenarioLoader.load(Path.of("conf/scenarios/sinr.conf"), busy);
        LoadedScenario snr = ScenarioLoader.load(Path.of("conf/scenarios/default.conf"), busy);
        assertThat(sinr.scenario().radio().interCellInterference()).isTrue();

        List<SlotRecord> expected = direct(sinr, policy, 1, 5);
        List<SlotRecord> actual = actors(sinr, policy, 1, 5);

        assertThat(actual).hasSize(60);
        assertThat(actual).isEqualTo(expected);
        assertThat(actual).as("the option changes the numbers, so the exchange between the BSs was needed")
                .isNotEqualTo(direct(snr, policy, 1, 5));
    }

    @Test
    void twoRunsOnOneActorSystemEachGiveTheirOwnNumbersAndLeaveNoRunBehind() {
        LoadedScenario tiny = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"));
        LoadedScenario busier = ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"),
                Map.of("edgegen.task.arrival-probability", "0.9", "edgegen.users.count", "6"));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "two-runs", Nodes.localConfig());
        try {
            List<SlotRecord> first = new ArrayList<>();
            List<SlotRecord> second = new ArrayList<>();
            ActorSimulation.run(system, new RunRequest(tiny, "greedy-local", 1, 3), (e, slots) -> first.addAll(slots));
            ActorSimulation.run(system, new RunRequest(busier, "random", 1, 4), (e, slots) -> second.addAll(slots));

            assertThat(first).isEqualTo(direct(tiny, "greedy-local", 1, 3));
            assertThat(second).isEqualTo(direct(busier, "random", 1, 4));
            assertThat(RunContexts.get(system).size()).isZero();
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    @Test
    void aRunWhoseCoordinatorFallsSilentFailsInsteadOfWaitingForever() {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "silent", Nodes.localConfig());
        try {
            java.util.concurrent.CompletableFuture<RunReport> done = new java.util.concurrent.CompletableFuture<>();
            system.systemActorOf(ActorSimulation.forwarder((e, slots) -> { }, done, 0.3), "run-silent",
                    akka.actor.typed.Props.empty());

            assertThatThrownBy(done::join).hasCauseInstanceOf(ActorSimulation.SimulationFailedException.class)
                    .hasMessageContaining("lost contact with the slot coordinator");
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }
}
