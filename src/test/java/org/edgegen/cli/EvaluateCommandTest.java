package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgegen.policy.BaselineKind;
import org.edgegen.policy.PolicyCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    private static final String TINY = "conf/scenarios/tiny.conf";

    @TempDir
    static Path trained;

    @BeforeAll
    static void trainBriefly() {
        CliRun run = CliRun.of("train", "--scenario", TINY, "--episodes", "2", "--seed", "7", "--engine", "direct",
                "--out", trained.toString(), "--set", "edgegen.time.slots-per-episode=10");
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private static CliRun evaluate(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--scenario", TINY, "--episodes", "1", "--seed",
                "1001", "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void evaluateOnTinyWritesAComparisonRowPerPolicyAndPrintsThemByMeanCost(@TempDir Path out)
            throws IOException {
        CliRun run = evaluate(out, "--checkpoint", trained.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("comparison.csv"));
        assertThat(lines.get(0)).isEqualTo("policy,kind,meanCost,meanDelaySeconds,meanEnergyJoules,meanError,meanPenalty,"
                + "deadlineViolationRate,qualityViolationRate,localShare,homeShare,neighbourShare,failedShare,tasks");
        List<String> policies = lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(',')))
                .toList();
        List<String> expected = new ArrayList<>(List.of("osi"));
        expected.addAll(PolicyCatalog.NAMES);
        assertThat(policies).containsExactlyElementsOf(expected);
        for (String line : lines.subList(1, lines.size())) {
            String policy = line.substring(0, line.indexOf(','));
            assertThat(line).as(policy).startsWith(policy + "," + BaselineKind.of(policy).map(BaselineKind::label)
                    .orElse("") + ",");
        }
        Pattern printed = Pattern.compile("  (\\S+) +(decentralised|centralised reference|-) +(\\S+) .*");
        List<Matcher> table = run.out().lines().skip(2).map(printed::matcher).filter(Matcher::matches).toList();
        assertThat(table).hasSize(expected.size());
        for (Matcher row : table) {
            assertThat(row.group(2)).as(row.group(1)).isEqualTo(BaselineKind.of(row.group(1))
                    .map(BaselineKind::label).orElse("-"));
        }
        assertThat(table.stream().map(row -> Double.parseDouble(row.group(3))).toList()).isSorted();
        assertThat(run.out()).contains("<- best decentralised baseline", "<- best centralised reference",
                "% vs best decentralised baseline", "% vs best centralised reference");
        // every policy played the same episodes: the same tasks
        assertThat(lines.subList(1, lines.size()).stream().map(l -> l.substring(l.lastIndexOf(',')))).containsOnly(
                lines.get(1).substring(lines.get(1).lastIndexOf(',')));
        assertThat(out.resolve("config.conf")).isNotEmptyFile();
    }

    @Test
    void theSameArgumentsGiveTheSameComparison(@TempDir Path first, @TempDir Path second) throws IOException {
        assertThat(evaluate(first, "--checkpoint", trained.toString(), "--policies", "osi,random").exitCode())
                .isZero();
        assertThat(evaluate(second, "--checkpoint", trained.resolve("checkpoints/latest").toString(), "--policies",
                "osi,random").exitCode()).isZero();

        assertThat(Files.readAllBytes(second.resolve("comparison.csv")))
                .isEqualTo(Files.readAllBytes(first.resolve("comparison.csv")));
    }

    @Test
    void withExecutionSampleOsiDrawsItsActionsReproduciblyFromTheUsersPolicyStreams(@TempDir Path greedy,
            @TempDir Path first, @TempDir Path second) throws IOException {
        // sampling (at temperature 0.5) is the default; greedy play is asked for
        String[] args = {"--checkpoint", trained.toString(), "--policies", "osi"};
        List<String> argmax = new ArrayList<>(List.of(args));
        argmax.addAll(List.of("--set", "edgegen.learner.execution=greedy"));
        assertThat(evaluate(greedy, argmax.toArray(String[]::new)).exitCode()).isZero();
        assertThat(evaluate(first, args).exitCode()).isZero();
        assertThat(evaluate(second, args).exitCode()).isZero();

        assertThat(Files.readAllBytes(second.resolve("comparison.csv")))
                .isEqualTo(Files.readAllBytes(first.resolve("comparison.csv")));
        // A briefly trained policy is far from deterministic: sampling plays other actions than its argmax.
        assertThat(Files.readAllLines(first.resolve("comparison.csv")).get(1))
                .isNotEqualTo(Files.readAllLines(greedy.resolve("comparison.csv")).get(1));
    }

    @Test
    void ofSeveralValidatedRunsTheOneWithTheLowestValidationCostIsPlayed(@TempDir Path a, @TempDir Path b,
            @TempDir Path both, @TempDir Path alone) throws IOException {
        for (Path run : List.of(a, b)) {
            CliRun train = CliRun.of("train", "--scenario", TINY, "--episodes", "3", "--seed",
                    run == a ? "7" : "8", "--engine", "direct", "--out", run.toString(), "--validation-seed", "99",
                    "--validation-episodes", "2", "--validation-every", "1", "--set",
                    "edgegen.time.slots-per-episode=10",
                    // two barely trained actors, sampled from the same streams, often draw the same actions:
                    // played greedily their validation costs differ
                    "--set", "edgegen.learner.execution=greedy");
            assertThat(train.exitCode()).as(train.err()).isZero();
        }
        double costA = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(a.resolve("checkpoints/best/validation.json").toFile()).get("meanCost").asDouble();
        double costB = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(b.resolve("checkpoints/best/validation.json").toFile()).get("meanCost").asDouble();
        assertThat(costA).isNotEqualTo(costB);
        Path better = costA <= costB ? a : b;

        CliRun chosen = evaluate(both, "--policies", "osi", "--checkpoint",
                a.resolve("checkpoints/best") + "," + b.resolve("checkpoints/best"));
        CliRun single = evaluate(alone, "--policies", "osi", "--checkpoint", better.resolve("checkpoints/best").toString());

        assertThat(chosen.exitCode()).as(chosen.err()).isZero();
        assertThat(single.exitCode()).as(single.err()).isZero();
        assertThat(Files.readAllBytes(both.resolve("comparison.csv")))
                .isEqualTo(Files.readAllBytes(alone.resolve("comparison.csv")));
        CliRun unvalidated = evaluate(both, "--policies", "osi", "--checkpoint",
                a.resolve("checkpoints/best") + "," + trained);
        assertThat(unvalidated.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(unvalidated.err()).contains("has no validation.json");
    }

    @Test
    void optIsSkippedWithANoteWhenTheScenarioIsTooLargeForIt(@TempDir Path out) throws IOException {
        CliRun run = evaluate(out, "--policies", "greedy-local,opt", "--set",
                "edgegen.baselines.opt.max-joint-actions=2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("comparison.csv"))).hasSize(2);
        assertThat(run.out()).contains("note: opt skipped");
    }

    @Test
    void evaluatingOsiWithoutACheckpointOrFromAMissingOneIsAOneLineUserError(@TempDir Path out) {
        CliRun none = evaluate(out, "--policies", "osi");
        CliRun missing = evaluate(out, "--checkpoint", out.resolve("nope").toString());
        CliRun unknown = evaluate(out, "--policies", "clever");

        assertThat(none.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(none.err()).contains("--checkpoint");
        assertThat(missing.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("checkpoint").contains("nope");
        assertThat(unknown.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(unknown.err()).contains("clever");
        assertThat(out.resolve("comparison.csv")).doesNotExist();
    }

    /**
     * The learning test: 300 episodes of tiny (about 10 s with the direct engine) take OSI's evaluation cost on
     * unseen seeds far below Random and All-Local.
     */
    @Test
    void osiLearnsOnTinyToCostFarLessThanRandomAndAllLocal(@TempDir Path run, @TempDir Path out)
            throws IOException {
        CliRun training = CliRun.of("train", "--scenario", TINY, "--episodes", "300", "--seed", "7", "--engine",
                "direct", "--checkpoint-every", "100", "--out", run.toString());
        assertThat(training.exitCode()).as(training.err()).isZero();

        CliRun evaluation = CliRun.of("evaluate", "--scenario", TINY, "--episodes", "5", "--seed", "1001",
                "--checkpoint", run.toString(), "--policies", "osi,random,all-local", "--out", out.toString());

        assertThat(evaluation.exitCode()).as(evaluation.err()).isZero();
        java.util.Map<String, Double> cost = new java.util.HashMap<>();
        List<String> comparison = Files.readAllLines(out.resolve("comparison.csv"));
        int meanCost = List.of(comparison.get(0).split(",")).indexOf("meanCost");
        for (String line : comparison.subList(1, 4)) {
            String[] fields = line.split(",");
            cost.put(fields[0], Double.parseDouble(fields[meanCost]));
        }
        assertThat(cost.get("osi")).as(evaluation.out()).isLessThan(0.5 * cost.get("random"))
                .isLessThan(0.5 * cost.get("all-local"));
    }
}
