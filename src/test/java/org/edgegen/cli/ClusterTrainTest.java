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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.edgegen.app.DetachedRunHost;
import org.edgegen.cluster.Nodes;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.RunContexts;
import org.edgegen.sim.RunHost;
import org.edgegen.sim.RunManager;
import org.edgegen.training.StopRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two learner nodes (actor systems on loopback ports in this JVM) form a cluster; {@code train} and
 * {@code evaluate} join it with {@code --cluster} as clients. A training is handed to the cluster's run manager,
 * which trains it on the oldest learner node and writes its files there while the command follows it; the files
 * equal local mode's, also when that node leaves mid-training and the manager on the other node goes on from the
 * last checkpoint, nobody asking.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTrainTest {

    private static final String TINY = "conf/scenarios/tiny.conf";
    private static final List<ActorSystem<Void>> nodes = new ArrayList<>();
    private static String seed;
    /** Completed when the first node's host has written episode 1 (learned from it) of the held training. */
    private static final CompletableFuture<Void> firstNodeLearnedEpisodeOne = new CompletableFuture<>();
    /** Completed by the test once the first node is gone: until then its host holds on after episode 1. */
    private static final CompletableFuture<Void> firstNodeGone = new CompletableFuture<>();

    @TempDir
    static Path dirs;

    @BeforeAll
    static void formCluster() {
        for (int i = 0; i < 2; i++) {
            // the settings of a client (Nodes.clientConfig), which the cluster checks when it joins
            ActorSystem<Void> node = ActorSystem.create(Behaviors.empty(), "edgegen", Nodes.localConfig());
            RunHost host = new DetachedRunHost();
            RunContexts.get(node).hostRuns(i == 0 ? holding(host, 2, firstNodeLearnedEpisodeOne, firstNodeGone)
                    : host);
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
            RunManager.init(node);
        }
        seed = "127.0.0.1:" + first.getPort().orElseThrow();
    }

    /**
     * The host of the first node: a training into a directory named "cluster" completes {@code reached} once it
     * has written {@code done} episodes and then holds there (off the actor threads) until {@code release}, so the
     * run cannot finish on this node before the test has taken it away (at most a minute, so a mistake cannot hang
     * the build).
     */
    private static RunHost holding(RunHost host, int done, CompletableFuture<Void> reached,
            CompletableFuture<Void> release) {
        return HookedHost.around(host, (job, episodesDone, report) -> {
            report.run();
            // the training's own directory: an evaluation into "eval-cluster" reports 2 episodes done too
            if (Path.of(job.outDir()).getFileName().toString().equals("cluster") && episodesDone == done) {
                HookedHost.hold(reached, release);
            }
        });
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
                "--checkpoint-every", "3", "--out", out.toString(), "--set", "edgegen.time.slots-per-episode=12",
                // an update per episode, so that the learner node leaves with a checkpoint behind it
                "--set", "edgegen.learner.episodes-per-update=1"));
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
    void aThousandUsersTrainOnTheClusterWithTheFilesOfLocalModeTheirEpisodeCrossingInPieces() throws IOException {
        // 1,000 users' episode (about 1,200 outcomes and transitions, 600 KB) once crossed as one message, over
        // Akka's 256 KiB frame, and the run lost it; its outcomes and trajectories cross in pieces of
        // edgegen.sim.chunk-size
        List<String> args = List.of("train", "--scenario", "conf/scenarios/large.conf", "--episodes", "1", "--seed",
                "5", "--set", "edgegen.users.count=1000", "--set", "edgegen.time.slots-per-episode=4", "--set",
                "edgegen.learner.episodes-per-update=1");
        List<String> local = new ArrayList<>(args);
        local.addAll(List.of("--out", dirs.resolve("big-local").toString()));
        List<String> clustered = new ArrayList<>(args);
        clustered.addAll(List.of("--out", dirs.resolve("big-cluster").toString(), "--cluster", seed));

        CliRun here = CliRun.of(local.toArray(String[]::new));
        CliRun there = CliRun.of(clustered.toArray(String[]::new));

        assertThat(here.exitCode()).as(here.err()).isZero();
        assertThat(there.exitCode()).as(there.err()).isZero();
        assertThat(Files.readString(dirs.resolve("big-cluster/train.csv")))
                .isEqualTo(Files.readString(dirs.resolve("big-local/train.csv")));
        assertThat(json(dirs.resolve("big-cluster/summary.json")).get("finalPolicyVersion").asLong()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void trainingOnTheClusterGoesOnFromTheLastCheckpointWhenTheLearnerNodeLeavesWithTheFilesOfLocalMode()
            throws Exception {
        Path local = dirs.resolve("local");
        Path clustered = dirs.resolve("cluster");
        CliRun reference = train(local);
        assertThat(reference.exitCode()).as(reference.err()).isZero();

        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> train(clustered, "--cluster", seed));
        // the oldest learner node (the first) hosts the run manager, the run and its learner: it leaves once the run
        // has learned from episode 1 (or the run is over, which the assertions below then reject); its host holds on
        // there until the node is gone, so the other node's manager must go on with the run from its last
        // checkpoint while this command follows it
        Path csv = clustered.resolve("train.csv");
        CompletableFuture.anyOf(firstNodeLearnedEpisodeOne, run).join();
        nodes.get(0).terminate();
        try {
            nodes.get(0).getWhenTerminated().toCompletableFuture().get(90, TimeUnit.SECONDS);
        } finally {
            firstNodeGone.complete(null);
        }
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
        assertThat(done.err()).as("the run is named on stderr first").containsPattern("(?m)^run r[0-9a-f]{8} handed "
                + "to the cluster at ");
    }

    /**
     * SIGINT (by the path the handler takes, {@link Signals#stop}) to {@code train --cluster}: the command asks the
     * run manager to interrupt the run, the learner node checkpoints at its next update and stops there with an
     * interrupted summary, and the command says so in one line and exits with 130; resuming on the cluster then
     * gives the uninterrupted run's train.csv. Runs on the node left after the test above (its plain
     * {@link DetachedRunHost}).
     */
    @Test
    @Order(4)
    void anInterruptedClusterTrainingStopsAtACheckpointOfTheLearnerNodeThatResumesAsIfNothingHappened()
            throws Exception {
        seed = "127.0.0.1:" + Cluster.get(nodes.get(1)).selfMember().address().getPort().orElseThrow();
        Path out = dirs.resolve("interrupted");
        List<String> common = List.of("--scenario", TINY, "--seed", "7", "--set", "edgegen.time.slots-per-episode=6",
                "--set", "edgegen.learner.episodes-per-update=4", "--checkpoint-every", "1000");
        List<String> args = new ArrayList<>(List.of("train", "--episodes", "400", "--out", out.toString(),
                "--cluster", seed));
        args.addAll(common);
        Optional<StopRequest> before = Signals.current();
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.of(args.toArray(
                String[]::new)));
        // stop once the run has written its first rows, so that the stop comes between episodes on the cluster
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((Signals.current().equals(before) || !Files.exists(out.resolve("train.csv"))
                || Files.readAllLines(out.resolve("train.csv")).size() < 3) && !running.isDone()
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Signals.current().filter(r -> !Optional.of(r).equals(before)).ifPresent(r -> Signals.stop(r, "INT", 130));
        CliRun run = running.get(180, TimeUnit.SECONDS);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("status").asText()).isEqualTo("interrupted");
        int episodes = summary.get("episodes").asInt();
        assertThat(episodes).isBetween(4, 396);
        assertThat(episodes % 4).as("stopped at an update").isZero();
        assertThat(Files.readAllLines(out.resolve("train.csv"))).hasSize(episodes + 1);
        assertThat(json(out.resolve("checkpoints/latest/progress.json")).get("episodesDone").asInt())
                .isEqualTo(episodes);
        String[] lines = run.err().strip().split("\n");
        assertThat(lines[lines.length - 1]).isEqualTo("edgegen train: interrupted after " + episodes
                + " of 400 episodes; results so far in " + out);
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("lost the slot coordinator");

        int end = episodes + 4;
        List<String> resume = new ArrayList<>(List.of("train", "--episodes", Integer.toString(end), "--out",
                out.toString(), "--resume", out.toString(), "--cluster", seed));
        resume.addAll(common);
        CliRun resumed = CliRun.of(resume.toArray(String[]::new));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(json(out.resolve("summary.json")).get("status").asText()).isEqualTo("complete");

        Path straight = dirs.resolve("straight");
        List<String> whole = new ArrayList<>(List.of("train", "--episodes", Integer.toString(end), "--out",
                straight.toString()));
        whole.addAll(common);
        CliRun uninterrupted = CliRun.of(whole.toArray(String[]::new));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();
        assertThat(Files.readString(out.resolve("train.csv"))).isEqualTo(Files.readString(straight.resolve(
                "train.csv")));
    }
}
