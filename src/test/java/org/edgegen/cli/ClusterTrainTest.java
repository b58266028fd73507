package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.edgegen.app.LearnerHost;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.RunContexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two learner nodes (actor systems on loopback ports in this JVM) form a cluster; {@code train} and
 * {@code evaluate} join it with {@code --cluster} as clients. The learner trains on the oldest learner node and
 * writes the checkpoints; the files equal local mode's, also when that node leaves mid-training and the run goes on
 * from the last checkpoint on the other one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTrainTest {

    private static final String TINY = "conf/scenarios/tiny.conf";
    private static final List<ActorSystem<Void>> nodes = new ArrayList<>();
    private static String seed;

    @TempDir
    static Path dirs;

    @BeforeAll
    static void formCluster() {
        for (int i = 0; i < 2; i++) {
            // the settings of a client (ActorSimulation.clientConfig), which the cluster checks when it joins
            ActorSystem<Void> node = ActorSystem.create(Behaviors.empty(), "edgegen", ActorSimulation.localConfig());
            RunContexts.get(node).hostTraining(new LearnerHost());
            nodes.add(node);
        }
        var first = Cluster.get(nodes.get(0)).selfMember().address();
        for (ActorSystem<Void> node : nodes) {
            Cluster.get(node).manager().tell(Join.create(first));
        }
        akka.actor.testkit.typed.javadsl.TestProbe.create(nodes.get(0)).awaitAssert(Duration.ofSeconds(30),
                () -> assertThat(StreamSupport.stream(Cluster.get(nodes.get(0)).state().getMembers().spliterator(),
                        false).filter(m -> m.status() == MemberStatus.up()).count()).isEqualTo(2));
        for (ActorSystem<Void> node : nodes) {
            ActorSimulation.startNode(node, RunContexts.get(node));
        }
        seed = "127.0.0.1:" + first.getPort().orElseThrow();
    }

    @AfterAll
    static void stopNodes() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).terminate();
            nodes.get(i).getWhenTerminated().toCompletableFuture().join();
        }
    }

    private static CliRun train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--scenario", TINY, "--episodes", "20", "--seed", "7",
                "--checkpoint-every", "3", "--out", out.toString(), "--set", "edgegen.time.slots-per-episode=12"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    @Order(0)
    void aBadClusterAddressOrEngineIsAOneLineUserError() {
        CliRun address = train(dirs.resolve("bad"), "--cluster", "nowhere");
        CliRun engine = train(dirs.resolve("bad"), "--cluster", seed, "--engine", "direct");
        CliRun evaluate = CliRun.of("evaluate", "--scenario", TINY, "--episodes", "1", "--seed", "1", "--policies",
                "greedy-local", "--out", dirs.resolve("bad").toString(), "--cluster", "127.0.0.1:x");

        for (CliRun run : List.of(address, engine, evaluate)) {
            assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
            assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception");
        }
        assertThat(address.err()).contains("--cluster 'nowhere' is not HOST:PORT");
        assertThat(engine.err()).contains("--cluster needs --engine actors");
    }

    @Test
    @Order(1)
    void evaluateOnTheClusterWritesTheComparisonOfLocalMode() throws IOException {
        Path trained = dirs.resolve("trained");
        assertThat(CliRun.of("train", "--scenario", TINY, "--episodes", "1", "--seed", "3", "--engine", "direct",
                "--out", trained.toString(), "--set", "edgegen.time.slots-per-episode=8").exitCode()).isZero();
        List<String> args = List.of("evaluate", "--scenario", TINY, "--episodes", "2", "--seed", "1001",
                "--checkpoint", trained.toString(), "--policies", "osi,greedy-local,opt", "--set",
                "edgegen.time.slots-per-episode=8");
        List<String> local = new ArrayList<>(args);
        local.addAll(List.of("--out", dirs.resolve("eval-local").toString()));
        List<String> clustered = new ArrayList<>(args);
        clustered.addAll(List.of("--out", dirs.resolve("eval-cluster").toString(), "--cluster", seed));

        CliRun here = CliRun.of(local.toArray(String[]::new));
        CliRun there = CliRun.of(clustered.toArray(String[]::new));

        assertThat(here.exitCode()).as(here.err()).isZero();
        assertThat(there.exitCode()).as(there.err()).isZero();
        assertThat(Files.readString(dirs.resolve("eval-cluster/comparison.csv")))
                .isEqualTo(Files.readString(dirs.resolve("eval-local/comparison.csv")));
        assertThat(there.out()).isEqualTo(here.out().replace(dirs.resolve("eval-local").toString(),
                dirs.resolve("eval-cluster").toString()));
    }

    @Test
    @Order(2)
    void trainingOnTheClusterGoesOnFromTheLastCheckpointWhenTheLearnerNodeLeavesWithTheFilesOfLocalMode()
            throws Exception {
        Path local = dirs.resolve("local");
        Path clustered = dirs.resolve("cluster");
        CliRun reference = train(local);
        assertThat(reference.exitCode()).as(reference.err()).isZero();

        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> train(clustered, "--cluster", seed));
        // the oldest learner node (the first) hosts the coordinator and the learner: it leaves after episode 1
        Path csv = clustered.resolve("train.csv");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while ((!Files.exists(csv) || Files.readAllLines(csv).size() < 3) && !run.isDone()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        nodes.get(0).terminate();
        CliRun done = run.get();

        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(Files.readString(csv)).isEqualTo(Files.readString(local.resolve("train.csv")));
        JsonNode summary = json(clustered.resolve("summary.json"));
        assertThat(summary.get("restarts").asLong()).isEqualTo(1);
        assertThat(summary.get("faults").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(summary.get("episodesRerun").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(summary.get("finalPolicyVersion").asLong()).isEqualTo(20);
        assertThat(clustered.resolve("checkpoints/latest/progress.json")).isNotEmptyFile();
        assertThat(json(clustered.resolve("checkpoints/latest/progress.json")).get("episodesDone").asInt())
                .isEqualTo(20);
        assertThat(clustered.resolve("policy/saved_model.pb")).isNotEmptyFile();
        assertThat(done.out()).contains("1 restarts after a lost learner node");
    }
}
