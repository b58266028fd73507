package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgegen.app.DetachedRunHost;
import org.edgegen.app.Engine;
import org.edgegen.app.Evaluation;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.PolicyLineup;
import org.edgegen.cluster.Nodes;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.report.Comparison;
import org.edgegen.training.RunReport;
import org.edgegen.training.StopRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evaluation as the cluster's run manager hosts it ({@code evaluate --cluster}): played by {@link DetachedRunHost}
 * on a node's actor system, it writes the comparison and prints the text of a local {@code evaluate}; played again
 * after its node was lost it is played whole, and what the lost node had played is counted as re-run.
 */
class HostedEvaluationTest {

    static final ActorTestKit testKit = ActorTestKit.create(Nodes.localConfig());

    @TempDir
    Path dirs;

    @AfterAll
    static void shutDown() {
        testKit.shutdownTestKit();
    }

    private static final List<String> POLICIES = List.of("greedy-local", "least-loaded", "opt");

    private LoadedScenario tiny() {
        return ScenarioLoader.load(TinyRun.TINY, Map.of("edgegen.time.slots-per-episode", "8"));
    }

    private RunJob job(LoadedScenario loaded, Path out) {
        return new RunJob(RunJob.EVALUATE, loaded.renderHocon(), String.join(",", POLICIES), "", 2, 1001,
                out.toAbsolutePath().toString(), 0, "");
    }

    /** The local evaluate's comparison and text, into {@code out}. */
    private String local(LoadedScenario loaded, Path out) throws IOException {
        PolicyLineup lineup = PolicyLineup.of(loaded, POLICIES, OsiWeights.none());
        Evaluation.Result result = Evaluation.compareInto(out, loaded, lineup, 2, 1001, Engine.DIRECT,
                StopRequest.NEVER, (done, cost) -> { }, RunReport.CLEAN);
        return Evaluation.summaryText(result, out);
    }

    @Test
    void aHostedEvaluationWritesTheComparisonAndPrintsTheTextOfALocalOne() throws IOException {
        LoadedScenario loaded = tiny();
        Path here = dirs.resolve("local");
        Path there = dirs.resolve("hosted").toAbsolutePath();
        String localText = local(loaded, here);
        List<Integer> progress = new ArrayList<>();

        RunHost.Ended ended = new DetachedRunHost().run("r1", job(loaded, there), new NodeRuns(testKit.system()),
                false, 0, RunReport.CLEAN, (done, cost) -> progress.add(done), StopRequest.NEVER);

        assertThat(ended.status()).as(ended.text()).isEqualTo(RunManager.COMPLETE);
        assertThat(ended.exitCode()).isZero();
        assertThat(ended.episodesDone()).isEqualTo(6);
        assertThat(ended.text()).isEqualTo(localText.replace(here.toString(), there.toString()))
                .doesNotContain("faults survived");
        assertThat(Files.readString(there.resolve(Comparison.CSV)))
                .isEqualTo(Files.readString(here.resolve(Comparison.CSV)));
        // counted over the lineup: 2 episodes of each of the three policies
        assertThat(progress).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void anEvaluationThatGoesOnAfterItsNodeWasLostIsPlayedWholeAndCountsTheLostEpisodesAsReRun()
            throws IOException {
        LoadedScenario loaded = tiny();
        Path here = dirs.resolve("local");
        Path there = dirs.resolve("recovered").toAbsolutePath();
        local(loaded, here);

        RunHost.Ended ended = new DetachedRunHost().run("r2", job(loaded, there), new NodeRuns(testKit.system()),
                true, 3, new RunReport(0, 0, 0, 1), (done, cost) -> { }, StopRequest.NEVER);

        assertThat(ended.status()).as(ended.text()).isEqualTo(RunManager.COMPLETE);
        assertThat(Files.readString(there.resolve(Comparison.CSV)))
                .isEqualTo(Files.readString(here.resolve(Comparison.CSV)));
        assertThat(ended.text()).contains("faults survived      1 (0 slot timeouts, 1 restarts after a lost node); "
                + "3 episodes re-run");
    }

    @Test
    void aStoppedHostedEvaluationKeepsNothingAndLeavesAnEarlierComparisonAsItWas() throws IOException {
        LoadedScenario loaded = tiny();
        Path there = dirs.resolve("stopped").toAbsolutePath();
        local(loaded, there);
        String before = Files.readString(there.resolve(Comparison.CSV));
        StopRequest stop = new StopRequest();
        stop.cancel();

        RunHost.Ended ended = new DetachedRunHost().run("r3", job(loaded, there), new NodeRuns(testKit.system()),
                false, 0, RunReport.CLEAN, (done, cost) -> { }, stop);

        assertThat(ended.status()).isEqualTo("cancelled");
        assertThat(ended.exitCode()).isEqualTo(StopRequest.CANCELLED_EXIT_CODE);
        assertThat(ended.text()).contains("--out " + there + " is left as it was");
        assertThat(Files.readString(there.resolve(Comparison.CSV))).isEqualTo(before);
    }
}
