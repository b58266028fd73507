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
import java.util.concurrent.atomic.AtomicInteger;
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
 * Two learner nodes (actor systems on loopback ports in this JVM) form a cluster; {@code simulate --detach} and
 * {@code train --detach} (and {@code evaluate}) hand runs to its run manager, which plays them on the oldest node and
 * writes their files there; {@code runs}, {@code attach} and {@code cancel} join as clients. The files equal local
 * mode's, also when the node hosting the run leaves mid-run and the manager on the other node goes on with it, nobody
 * asking.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DetachedRunTest {

    private static final String TINY = "conf/scenarios/tiny.conf";
    private static final List<ActorSystem<Void>> nodes = new ArrayList<>();
    private static String seed;
    private static String secondSeed;
    /** Completed when the first node's host has written episode 1 of the run the test takes the node from. */
    private static final CompletableFuture<Void> firstNodeWroteAnEpisode = new CompletableFuture<>();
    /** Completed by the test once the first node is gone: until then its host holds on after that episode. */
    private static final CompletableFuture<Void> firstNodeGone = new CompletableFuture<>();
    /** Completed when the first node's host has written episode 1 of the run whose following command is killed. */
    private static final CompletableFuture<Void> orphanWroteAnEpisode = new CompletableFuture<>();
    /** Completed by the test once that command's JVM is gone: until then the host holds on after that episode. */
    private static final CompletableFuture<Void> orphanClientKilled = new CompletableFuture<>();
    /** Completed when the first node's host has written episode 1 of the run the test interrupts. */
    private static final CompletableFuture<Void> interruptedWroteAnEpisode = new CompletableFuture<>();
    /** Completed by the test once it has signalled that run's command: until then the host holds on. */
    private static final CompletableFuture<Void> interruptSignalled = new CompletableFuture<>();
    /** Episodes done when the second node's host reported its first episode of that run; -1 until then. */
    private static final AtomicInteger secondNodeFirstReport = new AtomicInteger(-1);

    @TempDir
    static Path dirs;

    @BeforeAll
    static void formCluster() {
        for (int i = 0; i < 2; i++) {
            ActorSystem<Void> node = ActorSystem.create(Behaviors.empty(), "edgegen", Nodes.localConfig());
            RunContexts runs = RunContexts.get(node);
            runs.hostRuns(i == 0 ? holding(new DetachedRunHost()) : recording(new DetachedRunHost()));
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
        secondSeed = "127.0.0.1:" + Cluster.get(nodes.get(1)).selfMember().address().getPort().orElseThrow();
    }

    /**
     * The host of the first node: a simulation into a directory named "held" holds its listener after its first
     * episode until the test has taken the node away, one into "orphaned" until the test has killed the JVM of the
     * command that follows it, and one into "interrupted" until the test has signalled that command (at most a
     * minute, so a mistake cannot hang the build).
     */
    private static RunHost holding(RunHost host) {
        return HookedHost.around(host, (job, done, report) -> {
            report.run();
            if (done != 1) {
                return;
            }
            String dir = job.outDir();
            if (dir.endsWith("held")) {
                HookedHost.hold(firstNodeWroteAnEpisode, firstNodeGone);
            } else if (dir.endsWith("orphaned")) {
                HookedHost.hold(orphanWroteAnEpisode, orphanClientKilled);
            } else if (dir.endsWith("interrupted")) {
                HookedHost.hold(interruptedWroteAnEpisode, interruptSignalled);
            }
        });
    }

    /**
     * The host of the second node: for a simulation into "held" it records how many episodes were done when it
     * reported its first one (1 + the episodes it went on from).
     */
    private static RunHost recording(RunHost host) {
        return HookedHost.around(host, (job, done, report) -> {
            if (job.outDir().endsWith("held")) {
                secondNodeFirstReport.compareAndSet(-1, done);
            }
            report.run();
        });
    }

    @AfterAll
    static void stopNodes() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).terminate();
            nodes.get(i).getWhenTerminated().toCompletableFuture().join();
        }
    }

    private static CliRun simulate(Path out, int episodes, String... more) {
        return simulate("greedy-local", out, episodes, more);
    }

    private static CliRun simulate(String policy, Path out, int episodes, String... more) {
        List<String> args = new ArrayList<>(List.of("simulate", "--scenario", TINY, "--policy", policy,
                "--episodes", Integer.toString(episodes), "--seed", "7", "--out", out.toString(),
                "--set", "edgegen.time.slots-per-episode=12"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A command run locally, and the same handed to the cluster with --detach and followed with attach. */
    private record LocalAndAttached(CliRun local, Path localOut, String id, CliRun attached, Path out) {}

    /**
     * Runs {@code args} locally into dirs/{@code localName} (which must succeed), then hands them to the cluster
     * at {@code node} with --detach into dirs/{@code outName} and attaches to the run.
     */
    private static LocalAndAttached localAndAttached(List<String> args, String localName, String outName,
            String node) {
        Path local = dirs.resolve(localName);
        CliRun reference = run(args, "--out", local.toString());
        assertThat(reference.exitCode()).as(reference.err()).isZero();
        Path out = dirs.resolve(outName);
        String id = runId(run(args, "--out", out.toString(), "--cluster", node, "--detach"));
        return new LocalAndAttached(reference, local, id, CliRun.of("attach", id, "--cluster", node), out);
    }

    /** The command {@code args} with {@code more} after them. */
    private static CliRun run(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static String runId(CliRun detached) {
        assertThat(detached.exitCode()).as(detached.err()).isZero();
        String id = detached.out().strip();
        assertThat(id).as("one line: the run id").matches("r[0-9a-f]{8}");
        return id;
    }

    private static void assertSameFiles(Path run, Path reference) throws IOException {
        for (String file : List.of("slots.csv", "episodes.csv", "config.conf")) {
            assertThat(Files.readString(run.resolve(file))).as(file).isEqualTo(Files.readString(
                    reference.resolve(file)));
        }
    }

    @Test
    @Order(0)
    void aDetachedSimulationPrintsItsIdAndAttachEndsWithTheSummaryAndTheFilesOfLocalMode() throws IOException {
        Path local = dirs.resolve("local");
        CliRun reference = simulate(local, 3);
        assertThat(reference.exitCode()).as(reference.err()).isZero();

        Path detachedOut = dirs.resolve("detached");
        String id = runId(simulate(detachedOut, 3, "--cluster", seed, "--detach"));
        CliRun attached = CliRun.of("attach", id, "--cluster", seed);

        assertThat(attached.exitCode()).as(attached.err()).isZero();
        assertThat(attached.out()).contains("mean cost").contains(detachedOut.toAbsolutePath() + "/{config.conf");
        assertSameFiles(detachedOut, local);
        JsonNode summary = json(detachedOut.resolve("summary.json"));
        assertThat(summary.get("status").asText()).isEqualTo("complete");
        assertThat(summary.get("meanCost").asDouble()).isEqualTo(json(local.resolve("summary.json"))
                .get("meanCost").asDouble());
        CliRun runs = CliRun.of("runs", "--cluster", seed);
        assertThat(runs.exitCode()).as(runs.err()).isZero();
        assertThat(runs.out()).containsPattern(id + " +simulate +complete +3 of 3 +" + detachedOut.toAbsolutePath());
    }

    @Test
    @Order(1)
    void anUnknownRunOrARefusedRunIsAOneLineUserErrorThatTouchesNothing() {
        CliRun attach = CliRun.of("attach", "r00000000", "--cluster", seed);
        CliRun cancel = CliRun.of("cancel", "nothing", "--cluster", seed);
        Path refused = dirs.resolve("refused");
        CliRun noCheckpoint = simulate("osi", refused, 2, "--cluster", seed, "--detach");
        CliRun noCluster = simulate(refused, 2, "--detach");

        for (CliRun run : List.of(attach, cancel, noCheckpoint, noCluster)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err().strip()).as("one line").doesNotContain("\n").doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }
        assertThat(attach.err()).contains("has no run 'r00000000'").contains("edgegen runs --cluster " + seed);
        assertThat(noCluster.err()).contains("--detach needs --cluster");
        assertThat(refused).doesNotExist();
    }

    @Test
    @Order(2)
    void aCancelledRunKeepsItsCompleteEpisodesAndSaysCancelled() throws Exception {
        Path out = dirs.resolve("cancelled");
        // far more episodes than the run can play before the cancel lands, however slow the cancel's own client
        // is to join (with 400, a loaded machine once let the run complete first)
        int asked = 100_000;
        String id = runId(simulate(out, asked, "--cluster", seed, "--detach"));
        CompletableFuture<CliRun> attached = CompletableFuture.supplyAsync(() -> CliRun.of("attach", id,
                "--cluster", seed));
        CliRun cancel = CliRun.of("cancel", id, "--cluster", seed);
        CliRun done = attached.get(120, TimeUnit.SECONDS);

        assertThat(cancel.exitCode()).as(cancel.err()).isZero();
        assertThat(done.exitCode()).as(done.err()).isEqualTo(130);
        assertThat(done.err()).containsPattern("edgegen attach: cancelled after \\d+ of " + asked
                + " episodes; results so far in ");
        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("status").asText()).isEqualTo("cancelled");
        int episodes = summary.get("episodes").asInt();
        assertThat(episodes).isLessThan(asked);
        assertThat(Files.readAllLines(out.resolve("episodes.csv"))).hasSize(episodes + 1);
        assertThat(CliRun.of("runs", "--cluster", seed).out()).containsPattern(id + " +simulate +cancelled +"
                + episodes + " of " + asked);
    }

    @Test
    @Order(3)
    void aDetachedTrainingWritesTheTrainCsvOfLocalModeAndAttachPrintsItsSummary() throws IOException {
        List<String> args = List.of("train", "--scenario", TINY, "--episodes", "3", "--seed", "7",
                "--checkpoint-every", "2", "--set", "edgegen.time.slots-per-episode=12",
                "--set", "edgegen.learner.episodes-per-update=1");
        LocalAndAttached both = localAndAttached(args, "train-local", "train-detached", seed);
        Path local = both.localOut();
        Path out = both.out();
        CliRun attached = both.attached();

        assertThat(attached.exitCode()).as(attached.err()).isZero();
        assertThat(attached.out()).containsPattern("policy version +3").contains(out.toAbsolutePath() + "/{config.conf");
        assertThat(Files.readString(out.resolve("train.csv"))).isEqualTo(Files.readString(local.resolve(
                "train.csv")));
        assertThat(json(out.resolve("summary.json")).get("status").asText()).isEqualTo("complete");
        assertThat(out.resolve("checkpoints/latest/progress.json")).isNotEmptyFile();
        assertThat(out.resolve("policy/saved_model.pb")).isNotEmptyFile();
    }

    /**
     * {@code simulate --cluster} without {@code --detach}, in a JVM of its own, hands the run over, names it in one
     * line on stderr and follows it; that JVM is killed with SIGKILL while the run plays (its host holds on after
     * episode 1 until then). The run goes on without it, and {@code attach} then prints its summary, exits with 0,
     * and the files equal local mode's.
     */
    @Test
    @Order(4)
    void aRunWhoseCommandIsKilledGoesOnAndAttachPicksItUpWithTheFilesOfLocalMode() throws Exception {
        Path local = dirs.resolve("local-orphaned");
        CliRun reference = simulate(local, 3);
        assertThat(reference.exitCode()).as(reference.err()).isZero();

        Path out = dirs.resolve("orphaned");
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "simulate",
                "--scenario", TINY, "--policy", "greedy-local", "--episodes", "3", "--seed", "7", "--out",
                out.toString(), "--set", "edgegen.time.slots-per-episode=12", "--cluster", seed)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> handedOver = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(client.getErrorStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("run ")) {
                        handedOver.complete(line);
                    }
                }
            } catch (IOException e) {
                // the stream ends with the process
            }
            handedOver.complete("");
        }, "orphaned-client-stderr");
        reader.setDaemon(true);
        reader.start();
        String line;
        try {
            line = handedOver.get(120, TimeUnit.SECONDS);
            orphanWroteAnEpisode.get(120, TimeUnit.SECONDS);
        } finally {
            client.destroyForcibly(); // SIGKILL: no shutdown hook, no leaving the cluster
            client.waitFor(60, TimeUnit.SECONDS);
            orphanClientKilled.complete(null);
        }
        assertThat(client.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(line).matches("run r[0-9a-f]{8} handed to the cluster at " + seed.replace(".", "\\.")
                + "; it goes on if this command is lost: edgegen attach r[0-9a-f]{8} --cluster .*");
        String id = line.split(" ")[1];
        // the killed client is still a member until the split-brain resolver downs it; attach joins after that
        akka.actor.testkit.typed.javadsl.TestProbe.create(nodes.get(0)).awaitAssert(Duration.ofSeconds(90),
                () -> assertThat(StreamSupport.stream(Cluster.get(nodes.get(0)).state().getMembers().spliterator(),
                        false).count()).isEqualTo(2));
        CliRun attached = CliRun.of("attach", id, "--cluster", seed);

        assertThat(attached.exitCode()).as(attached.err()).isZero();
        assertThat(attached.out()).contains("mean cost").contains(out.toAbsolutePath() + "/{config.conf");
        assertSameFiles(out, local);
        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("status").asText()).isEqualTo("complete");
        assertThat(summary.get("engine").asText()).isEqualTo("actors (cluster)");
        assertThat(summary.get("episodes").asLong()).isEqualTo(3);
    }

    /**
     * SIGINT (by the path the handler takes, {@link Signals#stop}) to {@code simulate --cluster} following its run:
     * the command asks the run manager to interrupt it, the run stops after the episode it is in with an
     * interrupted summary and its complete episodes, and the command says so in one line and exits with 130.
     */
    @Test
    @Order(5)
    void aSignalToTheFollowingCommandStopsItsRunAfterAnEpisodeAsInterrupted() throws Exception {
        Path out = dirs.resolve("interrupted");
        Optional<StopRequest> before = Signals.current();
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> simulate(out, 400, "--cluster",
                seed));
        try {
            interruptedWroteAnEpisode.get(120, TimeUnit.SECONDS);
            Optional<StopRequest> request = Signals.current().filter(r -> !Optional.of(r).equals(before));
            assertThat(request).as("the command's stop request").isPresent();
            Signals.stop(request.get(), "INT", 130);
        } finally {
            interruptSignalled.complete(null);
        }
        CliRun run = running.get(180, TimeUnit.SECONDS);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("status").asText()).isEqualTo("interrupted");
        int episodes = summary.get("episodes").asInt();
        assertThat(episodes).isBetween(1, 399);
        assertThat(Files.readAllLines(out.resolve("episodes.csv"))).hasSize(episodes + 1);
        String[] lines = run.err().strip().split("\n");
        assertThat(lines[0]).startsWith("run r");
        assertThat(lines[lines.length - 1]).isEqualTo("edgegen simulate: interrupted after " + episodes
                + " of 400 episodes; results so far in " + out.toAbsolutePath());
        assertThat(run.out()).isEmpty();
    }

    @Test
    @Order(6)
    void whenTheNodeHostingARunLeavesTheOtherNodeGoesOnWithItAndTheFilesEqualLocalMode() throws Exception {
        Path local = dirs.resolve("local-4");
        CliRun reference = simulate(local, 4);
        assertThat(reference.exitCode()).as(reference.err()).isZero();

        Path out = dirs.resolve("held");
        String id = runId(simulate(out, 4, "--cluster", seed, "--detach"));
        // the first node hosts the run manager and the run: it leaves once the run has written episode 1 (its host
        // holds on there until the node is gone); nobody follows the run while it moves
        firstNodeWroteAnEpisode.get(120, TimeUnit.SECONDS);
        nodes.get(0).terminate();
        try {
            nodes.get(0).getWhenTerminated().toCompletableFuture().get(90, TimeUnit.SECONDS);
        } finally {
            firstNodeGone.complete(null);
        }
        CliRun attached = CliRun.of("attach", id, "--cluster", secondSeed);

        assertThat(attached.exitCode()).as(attached.err()).isZero();
        assertSameFiles(out, local);
        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("status").asText()).isEqualTo("complete");
        assertThat(summary.get("restarts").asLong()).isEqualTo(1);
        // the first node had staged episode 0 (and no more: its host held on there): the second goes on from
        // episode 1, which was in progress, and re-plays only that one
        assertThat(secondNodeFirstReport.get()).as("episodes done at the second node's first report").isEqualTo(2);
        assertThat(summary.get("episodesRerun").asLong()).isEqualTo(1);
        assertThat(summary.get("episodes").asLong()).isEqualTo(4);
        try (var left = Files.list(dirs)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no staging directory is left behind")
                    .noneMatch(name -> name.startsWith(".held.staging-"));
        }
    }

    @Test
    @Order(7)
    void anEvaluationIsARunOfTheClusterToo_detachedAttachPrintsTheTableOfLocalModeAndItsComparison()
            throws IOException {
        List<String> args = List.of("evaluate", "--scenario", TINY, "--episodes", "2", "--seed", "1001",
                "--policies", "greedy-local,least-loaded", "--set", "edgegen.time.slots-per-episode=12");
        // the first node left in the test before: the second hosts the run manager now
        LocalAndAttached both = localAndAttached(args, "eval-local", "eval-detached", secondSeed);
        Path local = both.localOut();
        Path out = both.out();
        CliRun reference = both.local();
        CliRun attached = both.attached();
        String id = both.id();

        assertThat(attached.exitCode()).as(attached.err()).isZero();
        assertThat(attached.out()).isEqualTo(reference.out().replace(local.toString(), out.toAbsolutePath()
                .toString()));
        assertThat(Files.readString(out.resolve("comparison.csv"))).isEqualTo(Files.readString(local.resolve(
                "comparison.csv")));
        assertThat(CliRun.of("runs", "--cluster", secondSeed).out()).containsPattern(id
                + " +evaluate +complete +4 of 4 +" + out.toAbsolutePath());
        CliRun noCluster = CliRun.of("evaluate", "--scenario", TINY, "--episodes", "1", "--seed", "1", "--policies",
                "greedy-local", "--out", dirs.resolve("never").toString(), "--detach");
        assertThat(noCluster.exitCode()).isEqualTo(2);
        assertThat(noCluster.err()).contains("--detach needs --cluster");
        assertThat(dirs.resolve("never")).doesNotExist();
    }
}
