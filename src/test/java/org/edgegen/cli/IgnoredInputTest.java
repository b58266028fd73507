package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input that would be silently ignored is a one-line user error, exit 2, no stack trace. */
class IgnoredInputTest {

    private static void assertOneLineUserError(CliRun run, String... named) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("\tat ").contains(named);
    }

    @Test
    void aMissingIncludeIsAUserError(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("s.conf");
        Files.writeString(scenario, "include \"missing.conf\"\n");
        CliRun run = CliRun.of("simulate", "--scenario", scenario.toString(), "--policy", "greedy-local",
                "--episodes", "1", "--seed", "7", "--engine", "direct", "--out", dir.resolve("out").toString());
        assertOneLineUserError(run, "missing.conf");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anIncludeThatExistsStillWorks(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("s.conf");
        Files.writeString(scenario, "include \"" + Path.of("conf/scenarios/tiny.conf").toAbsolutePath() + "\"\n");
        CliRun run = CliRun.of("simulate", "--scenario", scenario.toString(), "--policy", "greedy-local",
                "--episodes", "1", "--seed", "7", "--engine", "direct", "--out", dir.resolve("out").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void aCheckpointForAPolicyWithoutWeightsIsAUserError(@TempDir Path dir) {
        CliRun run = CliRun.of("simulate", "--scenario", "conf/scenarios/tiny.conf", "--policy", "greedy-local",
                "--checkpoint", dir.toString(), "--episodes", "1", "--seed", "7", "--engine", "direct", "--out",
                dir.resolve("out").toString());
        assertOneLineUserError(run, "--checkpoint", "greedy-local", "osi");
    }

    @Test
    void evaluateRefusesANetworkSizeThatTheCheckpointDoesNotHaveAndPlaysTheOneItHas(@TempDir Path dir)
            throws IOException {
        Path trained = dir.resolve("trained");
        String[] small = {"--set", "edgegen.learner.hidden-sizes=[8,8]", "--set", "edgegen.time.slots-per-episode=10"};
        CliRun train = CliRun.of(concat(new String[] {"train", "--scenario", "conf/scenarios/tiny.conf", "--episodes",
                "1", "--seed", "7", "--engine", "direct", "--out", trained.toString()}, small));
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path out = dir.resolve("eval");
        String[] evaluate = {"evaluate", "--scenario", "conf/scenarios/tiny.conf", "--checkpoint", trained.toString(),
            "--policies", "osi", "--episodes", "1", "--seed", "1001", "--out", out.toString(), "--set",
            "edgegen.time.slots-per-episode=10"};

        CliRun other = CliRun.of(concat(evaluate, "--set", "edgegen.learner.hidden-sizes=[64,64]"));
        assertOneLineUserError(other, "edgegen.learner.hidden-sizes = [64, 64]", "[8, 8]",
                "--set edgegen.learner.hidden-sizes=[8,8]");
        CliRun unset = CliRun.of(evaluate);
        assertOneLineUserError(unset, "edgegen.learner.hidden-sizes = [128, 128]", "[8, 8]");
        assertThat(out.resolve("config.conf")).doesNotExist();

        CliRun same = CliRun.of(concat(evaluate, "--set", "edgegen.learner.hidden-sizes=[8,8]"));
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(Files.readString(out.resolve("config.conf"))).contains("hidden-sizes=[\n").containsPattern(
                "hidden-sizes=\\[\\s*8,\\s*8\\s*\\]");
    }

    private static final String[] SMALL = {"--set", "edgegen.learner.hidden-sizes=[8,8]", "--set",
        "edgegen.time.slots-per-episode=10"};

    /**
     * Trains a small policy on tiny.conf for one episode with {@code --set setting} and returns the arguments of an
     * evaluate of it (OSI only) into {@code out}, without that setting.
     */
    private static String[] trainedWith(Path dir, String setting, Path out) {
        Path trained = dir.resolve("trained");
        CliRun train = CliRun.of(concat(new String[] {"train", "--scenario", "conf/scenarios/tiny.conf", "--episodes",
                "1", "--seed", "7", "--engine", "direct", "--out", trained.toString(), "--set", setting}, SMALL));
        assertThat(train.exitCode()).as(train.err()).isZero();
        return concat(new String[] {"evaluate", "--scenario", "conf/scenarios/tiny.conf", "--checkpoint",
            trained.toString(), "--policies", "osi", "--episodes", "1", "--seed", "1001", "--out", out.toString()},
                SMALL);
    }

    @Test
    void evaluateRefusesToPlayAPolicyOnAnObservationItWasNotTrainedOn(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("eval");
        String[] evaluate = trainedWith(dir, "edgegen.mdp.finish-features=on", out);

        CliRun without = CliRun.of(evaluate);
        assertOneLineUserError(without, "edgegen.mdp.finish-features = off", "trained with on",
                "--set edgegen.mdp.finish-features=on");
        assertThat(out.resolve("config.conf")).doesNotExist();

        CliRun with = CliRun.of(concat(evaluate, "--set", "edgegen.mdp.finish-features=on"));
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(Files.readString(out.resolve("config.conf"))).contains("finish-features=on");
    }

    @Test
    void evaluateRefusesToPlayAPolicyTrainedWithTheLoadFeaturesWithoutThem(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("eval");
        String[] evaluate = trainedWith(dir, "edgegen.mdp.load-features=on", out);

        assertOneLineUserError(CliRun.of(evaluate), "edgegen.mdp.load-features = off", "trained with on",
                "--set edgegen.mdp.load-features=on");
        assertThat(out.resolve("config.conf")).doesNotExist();

        CliRun with = CliRun.of(concat(evaluate, "--set", "edgegen.mdp.load-features=on"));
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(Files.readString(out.resolve("config.conf"))).contains("load-features=on");
    }

    @Test
    void evaluateRefusesToPlayAPolicyWithOtherHeadExpertsThanItWasTrainedWith(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("eval");
        Path trained = dir.resolve("trained");
        CliRun train = CliRun.of(concat(new String[] {"train", "--scenario", "conf/scenarios/tiny.conf", "--episodes",
                "1", "--seed", "7", "--engine", "direct", "--out", trained.toString(), "--set",
                "edgegen.mdp.load-features=on", "--set", "edgegen.learner.head-experts=2"}, SMALL));
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(Files.readString(trained.resolve("config.conf"))).contains("head-experts=2");
        String[] evaluate = concat(new String[] {"evaluate", "--scenario", "conf/scenarios/tiny.conf", "--checkpoint",
            trained.toString(), "--policies", "osi", "--episodes", "1", "--seed", "1001", "--out", out.toString(),
            "--set", "edgegen.mdp.load-features=on"}, SMALL);

        assertOneLineUserError(CliRun.of(evaluate), "edgegen.learner.head-experts = 1", "trained with 2",
                "--set edgegen.learner.head-experts=2");
        assertThat(out.resolve("config.conf")).doesNotExist();

        CliRun with = CliRun.of(concat(evaluate, "--set", "edgegen.learner.head-experts=2"));
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(Files.readString(out.resolve("config.conf"))).contains("head-experts=2");
    }

    @Test
    void evaluateRefusesToPlayAPolicyWithAnotherExpertScopeThanItWasTrainedWith(@TempDir Path dir)
            throws IOException {
        Path out = dir.resolve("eval");
        Path trained = dir.resolve("trained");
        CliRun train = CliRun.of(concat(new String[] {"train", "--scenario", "conf/scenarios/tiny.conf", "--episodes",
                "1", "--seed", "7", "--engine", "direct", "--out", trained.toString(), "--set",
                "edgegen.mdp.load-features=on", "--set", "edgegen.learner.head-experts=2", "--set",
                "edgegen.learner.expert-scope=trunk"}, SMALL));
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(Files.readString(trained.resolve("config.conf"))).contains("expert-scope=trunk");
        String[] evaluate = concat(new String[] {"evaluate", "--scenario", "conf/scenarios/tiny.conf", "--checkpoint",
            trained.toString(), "--policies", "osi", "--episodes", "1", "--seed", "1001", "--out", out.toString(),
            "--set", "edgegen.mdp.load-features=on", "--set", "edgegen.learner.head-experts=2"}, SMALL);

        assertOneLineUserError(CliRun.of(evaluate), "edgegen.learner.expert-scope = head", "trained with trunk",
                "--set edgegen.learner.expert-scope=trunk");
        assertThat(out.resolve("config.conf")).doesNotExist();

        CliRun with = CliRun.of(concat(evaluate, "--set", "edgegen.learner.expert-scope=trunk"));
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(Files.readString(out.resolve("config.conf"))).contains("expert-scope=trunk");
    }

    @Test
    void trunkScopeWithOneExpertIsAOneLineUserError(@TempDir Path dir) {
        assertOneLineUserError(CliRun.of("train", "--scenario", "conf/scenarios/tiny.conf", "--episodes", "1",
                "--seed", "7", "--out", dir.resolve("t").toString(), "--set", "edgegen.mdp.load-features=on",
                "--set", "edgegen.learner.expert-scope=trunk"),
                "edgegen.learner.expert-scope = trunk", "edgegen.learner.head-experts");
    }

    @Test
    void headExpertsWithoutTheLoadFeaturesAreAOneLineUserError(@TempDir Path dir) {
        assertOneLineUserError(CliRun.of("train", "--scenario", "conf/scenarios/tiny.conf", "--episodes", "1",
                "--seed", "7", "--out", dir.resolve("t").toString(), "--set", "edgegen.learner.head-experts=2"),
                "edgegen.learner.head-experts = 2", "edgegen.mdp.load-features = on");
    }

    @Test
    void evaluateRefusesToPlayAPolicyTrainedWithoutTheLoadFeaturesWithThem(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("eval");
        String[] evaluate = trainedWith(dir, "edgegen.mdp.load-features=off", out);
        assertThat(Files.readString(dir.resolve("trained").resolve("config.conf")))
                .as("off is left out of config.conf, as before the key").doesNotContain("load-features");

        assertOneLineUserError(CliRun.of(concat(evaluate, "--set", "edgegen.mdp.load-features=on")),
                "edgegen.mdp.load-features = on", "trained with off", "--set edgegen.mdp.load-features=off");
        assertThat(out.resolve("config.conf")).doesNotExist();
    }

    @Test
    void evaluateRefusesToPlayAPolicyWithAnotherPriorThanItWasTrainedWith(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("eval");
        String[] evaluate = trainedWith(dir, "edgegen.mdp.prior=greedy-local", out);

        assertOneLineUserError(CliRun.of(evaluate), "edgegen.mdp.prior = none", "trained with greedy-local",
                "--set edgegen.mdp.prior=greedy-local");
        // the same feature count, another baseline: only the key tells them apart
        assertOneLineUserError(CliRun.of(concat(evaluate, "--set", "edgegen.mdp.prior=least-loaded")),
                "edgegen.mdp.prior = least-loaded", "trained with greedy-local");
        assertOneLineUserError(CliRun.of(concat(evaluate, "--set", "edgegen.mdp.prior=greedy-local", "--set",
                "edgegen.mdp.prior-weight=1")), "edgegen.mdp.prior-weight = 1.0", "trained with 3.0");
        assertThat(out.resolve("config.conf")).doesNotExist();

        CliRun with = CliRun.of(concat(evaluate, "--set", "edgegen.mdp.prior=greedy-local"));
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(Files.readString(out.resolve("config.conf"))).contains("prior=greedy-local");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
