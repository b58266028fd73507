package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input suite of issue 12: malformed or hostile input across scenario files, {@code --set}, every command's
 * options, checkpoints, suites and node configs. Each case checks the exit code, that the message names what was
 * wrong (and, for a value, what is allowed), that it is one line (a bad option adds picocli's synopsis and where
 * the help is, nothing else) and that no stack trace is printed. For every command that writes {@code --out}, a
 * failing command leaves a previous run there byte for byte. In-process, so the whole suite takes seconds.
 */
class BadInputSuiteTest {

    private static final String TINY = "conf/scenarios/tiny.conf";

    @TempDir
    static Path dir;
    /** A finished train run on tiny (1 episode, 10 slots, an 8 × 8 network): a good checkpoint. */
    static Path trained;
    static Path fifo;

    /**
     * One bad input.
     *
     * @param exit        the expected exit code (2: the user's input; 1: a run that could not complete)
     * @param named       fragments the first line must contain: what was wrong, and what is allowed
     * @param badArgument whether picocli rejects it (then the synopsis and a help hint follow the error line)
     */
    record Case(String name, int exit, List<String> args, List<String> named, boolean badArgument) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void fixtures() throws Exception {
        trained = dir.resolve("trained");
        CliRun train = CliRun.of("train", "--scenario", TINY, "--episodes", "1", "--seed", "7", "--engine",
                "direct", "--out", trained.toString(), "--set", "edgegen.time.slots-per-episode=10", "--set",
                "edgegen.learner.hidden-sizes=[8,8]");
        assertThat(train.exitCode()).as(train.err()).isZero();
        fifo = dir.resolve("input.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
    }

    private static Path file(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Case user(String name, List<String> args, String... named) {
        return new Case(name, 2, args, List.of(named), false);
    }

    private static Case option(String name, List<String> args, String... named) {
        return new Case(name, 2, args, List.of(named), true);
    }

    private static List<String> args(String... args) {
        return List.of(args);
    }

    /**
     * {@code command} with its default options, each of {@code more}'s options replacing the default of the same
     * name ({@code --set} is added to, as it repeats), so that a case changes exactly one thing.
     */
    private static List<String> command(List<String> command, List<String> defaults, String... more) {
        java.util.LinkedHashMap<String, String> options = new java.util.LinkedHashMap<>();
        for (int i = 0; i < defaults.size(); i += 2) {
            options.put(defaults.get(i), defaults.get(i + 1));
        }
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < more.length; i += 2) {
            if (more[i].equals("--set")) {
                sets.add(more[i + 1]);
            } else {
                options.put(more[i], more[i + 1]);
            }
        }
        List<String> all = new ArrayList<>(command);
        options.forEach((name, value) -> {
            if (value != null) {
                all.add(name);
                all.add(value);
            }
        });
        sets.forEach(set -> all.addAll(List.of("--set", set)));
        return all;
    }

    private static List<String> simulate(String scenario, String... more) {
        return command(List.of("simulate"), List.of("--scenario", scenario, "--policy", "greedy-local",
                "--episodes", "1", "--seed", "7", "--engine", "direct", "--out", dir.resolve("sim-out").toString()),
                more);
    }

    /** simulate on a scenario file holding {@code text} (on top of tiny.conf). */
    private static Case scenario(String name, String text, String... named) {
        Path file = file("scenarios/" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".conf",
                "include \"" + Path.of(TINY).toAbsolutePath() + "\"\n" + text + "\n");
        return user("scenario: " + name, simulate(file.toString()), named);
    }

    /** simulate on tiny with one {@code --set}. */
    private static Case set(String assignment, String... named) {
        return user("--set " + assignment, simulate(TINY, "--set", assignment), named);
    }

    private static List<String> train(String... more) {
        return command(List.of("train"), List.of("--scenario", TINY, "--episodes", "1", "--seed", "7", "--engine",
                "direct", "--out", dir.resolve("train-out").toString()), more);
    }

    private static List<String> evaluate(String... more) {
        return command(List.of("evaluate"), List.of("--scenario", TINY, "--episodes", "1", "--seed", "1001",
                "--policies", "greedy-local", "--out", dir.resolve("eval-out").toString()), more);
    }

    private static List<String> explain(String... more) {
        return command(List.of("explain"), List.of("--scenario", TINY, "--seed", "1"), more);
    }

    private static List<String> bench(String... more) {
        return command(List.of("bench"), List.of("--scenario", TINY, "--users", "4", "--slots", "5", "--episodes",
                "1", "--policy", "greedy-local", "--engines", "direct", "--out", dir.resolve("bench-out").toString()),
                more);
    }

    /** experiment on a suite file holding {@code text} inside {@code suite { ... }} after a valid base. */
    private static Case suite(String name, String text, String... named) {
        Path file = file("suites/" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".conf", "suite {\n"
                + "  name = bad\n  scenario = \"" + Path.of(TINY).toAbsolutePath() + "\"\n"
                + "  seeds = [1001]\n  episodes = 1\n  policies = [greedy-local]\n"
                + "  sweeps = [{ name = users, key = \"edgegen.users.count\", values = [2] }]\n"
                + text + "\n}\n");
        return user("suite: " + name, args("experiment", "--suite", file.toString(), "--out",
                dir.resolve("exp-out").toString()), named);
    }

    /** node on a node config holding {@code text}. */
    private static Case node(String name, String text, String... named) {
        Path file = file("nodes/" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".conf", text);
        return user("node: " + name, args("node", "--config", file.toString()), named);
    }

    private static String nodeBase(String port, String roles, String seeds) {
        return "include \"" + Path.of("cluster/common.conf").toAbsolutePath() + "\"\n"
                + "akka.remote.artery.canonical.port = " + port + "\n"
                + "akka.cluster.roles = " + roles + "\n"
                + "akka.cluster.seed-nodes = " + seeds + "\n";
    }

    static Stream<Case> cases() {
        String fifoPath = fifo.toString();
        List<Case> cases = new ArrayList<>();

        // ---- scenario files ----
        cases.add(user("scenario: missing file", simulate(dir.resolve("nowhere.conf").toString()), "nowhere.conf",
                "not found"));
        cases.add(user("scenario: a directory", simulate(dir.toString()), "is a directory"));
        cases.add(user("scenario: /dev/zero", simulate("/dev/zero"), "/dev/zero", "not a regular file"));
        cases.add(user("scenario: /dev/null", simulate("/dev/null"), "/dev/null", "not a regular file"));
        cases.add(user("scenario: a FIFO", simulate(fifoPath), "not a regular file"));
        cases.add(user("scenario: binary bytes", simulate(file("scenarios/binary.conf", "\u0000\u0001{{{")
                .toString()), "binary.conf"));
        cases.add(scenario("syntax error", "edgegen {", "syntax error"));
        cases.add(scenario("unknown top key", "edgegen.colour = blue", "edgegen.colour"));
        cases.add(scenario("unknown nested key", "edgegen.users.cont = 3", "edgegen.users.cont"));
        cases.add(scenario("key outside edgegen", "akka.loglevel = DEBUG", "akka"));
        cases.add(scenario("users.count text", "edgegen.users.count = many", "edgegen.users.count"));
        cases.add(scenario("users.count 0", "edgegen.users.count = 0", "edgegen.users.count", ">= 1"));
        cases.add(scenario("users.count negative", "edgegen.users.count = -5", "edgegen.users.count", "-5"));
        cases.add(scenario("users.count over int", "edgegen.users.count = 2147483648", "edgegen.users.count",
                "2147483647"));
        cases.add(scenario("users.count fraction", "edgegen.users.count = 2.5", "edgegen.users.count"));
        cases.add(scenario("users.count beyond the heap", "edgegen.users.count = 2147483647",
                "edgegen.users.count = 2147483647", "EDGEGEN_JAVA_OPTS=-Xmx"));
        cases.add(scenario("missing include", "include \"missing.conf\"", "missing.conf"));
        cases.add(scenario("missing required file include", "include required(file(\"gone.conf\"))", "gone.conf"));
        cases.add(scenario("missing classpath include", "include classpath(\"gone-too.conf\")", "gone-too.conf"));
        cases.add(scenario("include of a FIFO", "include \"" + fifoPath + "\"", "not a regular file"));
        cases.add(scenario("include of a directory", "include \"" + dir + "\"", "is a directory"));
        cases.add(scenario("undefined substitution", "edgegen.users.count = ${UNDEFINED_COUNT}",
                "UNDEFINED_COUNT"));
        cases.add(scenario("slot-seconds 0", "edgegen.time.slot-seconds = 0", "edgegen.time.slot-seconds"));
        cases.add(scenario("slots-per-episode 0", "edgegen.time.slots-per-episode = 0",
                "edgegen.time.slots-per-episode"));
        cases.add(scenario("layout unknown", "edgegen.topology.layout = ring", "edgegen.topology.layout", "ring"));
        cases.add(scenario("hex rings negative", "edgegen.topology.hex-rings = -1", "edgegen.topology.hex-rings"));
        cases.add(scenario("hex rings over 400", "edgegen.topology.hex-rings = 401", "edgegen.topology.hex-rings"));
        cases.add(scenario("inter-site distance 0", "edgegen.topology.inter-site-distance-m = 0",
                "edgegen.topology.inter-site-distance-m"));
        cases.add(scenario("cooperation maybe", "edgegen.topology.cooperation = maybe",
                "edgegen.topology.cooperation"));
        cases.add(scenario("backhaul min over max", "edgegen.backhaul.rate-mbps { min = 500, max = 400 }",
                "edgegen.backhaul.rate-mbps"));
        cases.add(scenario("backhaul latency negative", "edgegen.backhaul.latency-ms = -1",
                "edgegen.backhaul.latency-ms"));
        cases.add(scenario("ue power 1e308", "edgegen.channel.ue-power-dbm = 1e308", "edgegen.channel.ue-power-dbm"));
        cases.add(scenario("bs power NaN text", "edgegen.channel.bs-power-dbm = NaN", "edgegen.channel.bs-power-dbm"));
        cases.add(scenario("bandwidth 0", "edgegen.channel.uplink-bandwidth-mhz = 0",
                "edgegen.channel.uplink-bandwidth-mhz"));
        cases.add(scenario("shadowing negative", "edgegen.channel.shadowing-std-db = -3",
                "edgegen.channel.shadowing-std-db"));
        cases.add(scenario("arrival probability 1.5", "edgegen.task.arrival-probability = 1.5",
                "edgegen.task.arrival-probability"));
        cases.add(scenario("arrival probability negative", "edgegen.task.arrival-probability = -0.1",
                "edgegen.task.arrival-probability"));
        cases.add(scenario("input size min over max", "edgegen.task.input-size-mbit { min = 5, max = 2 }",
                "edgegen.task.input-size-mbit"));
        cases.add(scenario("deadline 0", "edgegen.task.deadline-s { min = 0, max = 0 }", "edgegen.task.deadline-s"));
        cases.add(scenario("max error over 1", "edgegen.task.max-error { min = 0.1, max = 7 }",
                "edgegen.task.max-error"));
        cases.add(scenario("device power negative", "edgegen.device.power-w = -7.5", "edgegen.device.power-w"));
        cases.add(scenario("step time 0", "edgegen.device.step-time-s { min = 0, max = 0 }",
                "edgegen.device.step-time-s"));
        cases.add(scenario("unknown GPU", "edgegen.edge.gpus = [A100, H100]", "H100"));
        cases.add(scenario("too few GPUs", "edgegen.edge.gpus = [A100]", "edgegen.edge.gpus"));
        cases.add(scenario("background utilisation 1", "edgegen.edge.background-utilisation = 1",
                "edgegen.edge.background-utilisation"));
        cases.add(scenario("queue cap text", "edgegen.edge.queue-cap-image-steps = lots",
                "edgegen.edge.queue-cap-image-steps"));
        cases.add(scenario("step choices empty", "edgegen.diffusion.step-choices = []",
                "edgegen.diffusion.step-choices"));
        cases.add(scenario("step choices 0", "edgegen.diffusion.step-choices = [0, 5]",
                "edgegen.diffusion.step-choices"));
        cases.add(scenario("error model unknown", "edgegen.diffusion.error-model = magic",
                "edgegen.diffusion.error-model", "magic"));
        cases.add(scenario("weights 1e308", "edgegen.cost.weights.delay = 1e308", "edgegen.cost.weights.delay"));
        cases.add(scenario("weight negative", "edgegen.cost.weights.energy = -1", "edgegen.cost.weights.energy"));
        cases.add(scenario("delay reference 0", "edgegen.cost.delay-ref-s = 0", "edgegen.cost.delay-ref-s"));
        cases.add(scenario("penalty negative", "edgegen.penalty.deadline = -1", "edgegen.penalty.deadline"));
        cases.add(scenario("discount 2", "edgegen.mdp.discount = 2", "edgegen.mdp.discount"));
        cases.add(scenario("max candidates 0", "edgegen.mdp.max-candidates = 0", "edgegen.mdp.max-candidates"));
        cases.add(scenario("load features unknown", "edgegen.mdp.load-features = sometimes",
                "edgegen.mdp.load-features"));
        cases.add(scenario("rate feature unknown", "edgegen.mdp.rate-feature = sometimes",
                "edgegen.mdp.rate-feature"));
        cases.add(scenario("load draw without ranges", "edgegen.training.load-draw = uniform-load",
                "edgegen.training.load-draw", "users-count-range"));
        cases.add(scenario("load cap without ranges", "edgegen.training.max-load = 16",
                "edgegen.training.max-load", "users-count-range"));
        cases.add(scenario("advantage normalisation unknown", "edgegen.learner.advantage-normalisation = user",
                "edgegen.learner.advantage-normalisation", "episode-weighted"));
        cases.add(scenario("slot timeout 0", "edgegen.sim.slot-timeout-s = 0", "edgegen.sim.slot-timeout-s"));
        cases.add(scenario("episode attempts 0", "edgegen.sim.max-episode-attempts = 0",
                "edgegen.sim.max-episode-attempts"));
        cases.add(scenario("chunk size 0", "edgegen.sim.chunk-size = 0", "edgegen.sim.chunk-size"));
        cases.add(scenario("hidden sizes empty", "edgegen.learner.hidden-sizes = []", "edgegen.learner.hidden-sizes"));
        cases.add(scenario("critic unknown", "edgegen.learner.critic = oracle", "edgegen.learner.critic"));
        cases.add(scenario("learning rate negative", "edgegen.learner.learning-rate = -0.1",
                "edgegen.learner.learning-rate"));
        cases.add(scenario("clip 0", "edgegen.learner.clip = 0", "edgegen.learner.clip"));
        cases.add(scenario("epochs 0", "edgegen.learner.epochs = 0", "edgegen.learner.epochs"));
        cases.add(scenario("execution unknown", "edgegen.learner.execution = random", "edgegen.learner.execution"));
        cases.add(scenario("credit unknown", "edgegen.learner.credit = blame", "edgegen.learner.credit"));
        cases.add(scenario("episodes per update 0", "edgegen.learner.episodes-per-update = -1",
                "edgegen.learner.episodes-per-update"));

        // ---- --set ----
        cases.add(option("--set without =", simulate(TINY, "--set", "edgegen.users.count"), "edgegen.users.count",
                "KEY=VALUE"));
        cases.add(set("=5", "override '=5': key '' is not a valid key", "edgegen.users.count=50"));
        cases.add(set("edgegen.users.count=", "edgegen.users.count"));
        cases.add(set("edgegen.nothing=1", "edgegen.nothing"));
        cases.add(set("edgegen.users.count=${?HOME}", "${"));
        cases.add(set("edgegen.users.count=abc", "edgegen.users.count"));
        cases.add(set("edgegen.users.count=99999999999", "edgegen.users.count", "2147483647"));
        cases.add(set("edgegen.users.count=2147483647", "EDGEGEN_JAVA_OPTS=-Xmx"));
        cases.add(set("edgegen.users..count=3", "edgegen.users..count"));
        cases.add(set("edgegen.task.arrival-probability=2", "edgegen.task.arrival-probability"));
        cases.add(set("edgegen.time.slots-per-episode=-3", "edgegen.time.slots-per-episode"));
        cases.add(set("edgegen.topology.layout=star", "edgegen.topology.layout"));
        cases.add(set("edgegen.edge.gpus=[Z80,A100]", "Z80"));
        cases.add(set("edgegen.edge.gpus=A100", "edgegen.edge.gpus"));
        cases.add(set("edgegen.channel.ue-power-dbm=1e308", "edgegen.channel.ue-power-dbm"));
        cases.add(set("edgegen.cost.weights.error=1e300", "edgegen.cost.weights.error"));
        cases.add(set("edgegen.learner.hidden-sizes=[0]", "edgegen.learner.hidden-sizes"));
        cases.add(set("edgegen.users={count=3", "edgegen.users"));

        // ---- simulate's options ----
        cases.add(user("simulate: --episodes 0", simulate(TINY, "--episodes", "0"), "--episodes", ">= 1"));
        cases.add(user("simulate: --episodes -3", simulate(TINY, "--episodes", "-3"), "--episodes", ">= 1"));
        cases.add(option("simulate: --episodes abc", simulate(TINY, "--episodes", "abc"), "abc"));
        cases.add(option("simulate: --episodes over int", simulate(TINY, "--episodes", "3000000000"), "3000000000"));
        cases.add(option("simulate: --seed abc", simulate(TINY, "--seed", "abc"), "abc"));
        cases.add(user("simulate: unknown policy", simulate(TINY, "--policy", "bogus"), "bogus", "osi"));
        cases.add(user("simulate: greedy-local with an unknown step count",
                simulate(TINY, "--policy", "greedy-local-7"), "greedy-local-7"));
        cases.add(user("simulate: opt on default.conf, refused before it plays a slot", simulate(
                "conf/scenarios/default.conf", "--policy", "opt"), "opt: slot", "edgegen.baselines.opt.max-joint-actions"));
        cases.add(user("simulate: osi without a checkpoint", simulate(TINY, "--policy", "osi"), "--checkpoint"));
        cases.add(user("simulate: a checkpoint for greedy-local",
                simulate(TINY, "--checkpoint", dir.toString()), "--checkpoint", "greedy-local"));
        cases.add(user("simulate: unknown engine", simulate(TINY, "--engine", "quantum"), "quantum", "actors"));
        cases.add(user("simulate: --cluster not HOST:PORT", simulate(TINY, "--engine", "actors", "--cluster",
                "bogus"), "bogus", "HOST:PORT"));
        cases.add(user("simulate: --cluster port 99999", simulate(TINY, "--engine", "actors", "--cluster",
                "localhost:99999"), "99999", "1..65535"));
        cases.add(user("simulate: --cluster with the direct engine", simulate(TINY, "--cluster",
                "127.0.0.1:25521"), "--cluster", "actors"));
        cases.add(user("simulate: --out empty", simulate(TINY, "--out", ""), "--out"));
        cases.add(user("simulate: --out a file", simulate(TINY, "--out", file("a-file", "x").toString()),
                "a-file"));
        // the limit lowered so that Opt refuses the first slot (on default.conf at the default limit it searches
        // for half a minute first)
        cases.add(user("simulate: opt too large", simulate(TINY, "--policy", "opt", "--set",
                "edgegen.baselines.opt.max-joint-actions=1"), "opt", "edgegen.baselines.opt.max-joint-actions"));
        cases.add(option("simulate: no --policy", args("simulate", "--scenario", TINY, "--episodes", "1", "--seed",
                "7", "--out", dir.resolve("x").toString()), "--policy"));
        cases.add(option("simulate: unknown option", simulate(TINY, "--episode", "1"), "--episode"));
        cases.add(option("simulate: no --scenario", args("simulate", "--policy", "random", "--episodes", "1",
                "--seed", "7", "--out", dir.resolve("x").toString()), "--scenario"));

        // ---- train's options ----
        cases.add(user("train: --episodes 0", train("--episodes", "0"), "--episodes", ">= 1"));
        cases.add(user("train: --checkpoint-every 0", train("--checkpoint-every", "0"), "--checkpoint-every"));
        cases.add(user("train: --validation-seed equals --seed", train("--validation-seed", "7"),
                "--validation-seed"));
        cases.add(user("train: --validation-episodes 0", train("--validation-seed", "8", "--validation-episodes",
                "0"), "--validation-episodes"));
        cases.add(user("train: --validation-every 0", train("--validation-seed", "8", "--validation-every", "0"),
                "--validation-every"));
        cases.add(user("train: unknown engine", train("--engine", "gpu"), "gpu"));
        cases.add(user("train: --cluster with direct", train("--cluster", "127.0.0.1:25521"), "--cluster"));
        cases.add(user("train: --cluster and --validation-seed", train("--engine", "actors", "--cluster",
                "127.0.0.1:25521", "--validation-seed", "8"), "--validation-seed"));
        cases.add(user("train: --cluster port 0", train("--engine", "actors", "--cluster", "127.0.0.1:0"), "0"));
        cases.add(user("train: --resume a missing directory", train("--resume", dir.resolve("none").toString()),
                "none"));
        cases.add(user("train: --resume a directory without checkpoints", train("--resume",
                file("empty-run/readme.txt", "").getParent().toString()), "empty-run"));
        cases.add(user("train: --resume a run that has every episode", train("--resume", trained.toString(),
                "--set", "edgegen.time.slots-per-episode=10", "--set", "edgegen.learner.hidden-sizes=[8,8]"),
                "already done 1 episodes"));
        cases.add(user("train: --resume with another seed", train("--episodes", "3", "--seed", "8", "--resume",
                trained.toString(), "--set", "edgegen.time.slots-per-episode=10", "--set",
                "edgegen.learner.hidden-sizes=[8,8]"), "seed"));
        cases.add(user("train: --resume with another scenario", train("--episodes", "3", "--resume",
                trained.toString()), "edgegen."));
        cases.add(option("train: --episodes text", train("--episodes", "many"), "many"));
        cases.add(option("train: --out missing value", args("train", "--scenario", TINY, "--episodes", "1",
                "--seed", "7", "--out"), "--out"));
        cases.add(user("train: --out a file", train("--out", file("train-file", "x").toString()), "train-file"));

        // ---- evaluate's options ----
        cases.add(user("evaluate: --episodes 0", evaluate("--episodes", "0"), "--episodes"));
        cases.add(user("evaluate: unknown policy", evaluate("--policies", "greedy-local,bogus"), "bogus"));
        cases.add(user("evaluate: no policy", evaluate("--policies", " "), "--policies"));
        cases.add(user("evaluate: osi without a checkpoint", evaluate("--policies", "osi"), "--checkpoint"));
        cases.add(user("evaluate: a missing checkpoint", evaluate("--policies", "osi", "--checkpoint",
                dir.resolve("no-checkpoint").toString()), "no-checkpoint"));
        cases.add(user("evaluate: a checkpoint that is a file", evaluate("--policies", "osi", "--checkpoint",
                file("ckpt-file", "x").toString()), "ckpt-file"));
        cases.add(user("evaluate: a checkpoint with another network", evaluate("--policies", "osi", "--checkpoint",
                trained.toString()), "edgegen.learner.hidden-sizes"));
        cases.add(user("evaluate: --cluster not HOST:PORT", evaluate("--cluster", "nowhere"), "nowhere"));
        List<String> detached = new ArrayList<>(evaluate());
        detached.add("--detach");
        cases.add(user("evaluate: --detach without --cluster", detached, "--detach needs --cluster"));
        cases.add(user("evaluate: --out a file", evaluate("--out", file("eval-file", "x").toString()),
                "eval-file"));
        cases.add(option("evaluate: --seed text", evaluate("--seed", "x1"), "x1"));

        // ---- checkpoints ----
        Path corrupt = file("corrupt/checkpoints/latest/progress.json", "{ not json").getParent().getParent()
                .getParent();
        cases.add(user("checkpoint: corrupt progress.json", evaluate("--policies", "osi", "--checkpoint",
                corrupt.toString()), "corrupt"));
        Path noWeights = file("no-weights/checkpoints/latest/progress.json", "{}").getParent().getParent()
                .getParent();
        cases.add(user("checkpoint: without weights", evaluate("--policies", "osi", "--checkpoint",
                noWeights.toString()), "no-weights"));
        cases.add(user("checkpoint: empty directory", evaluate("--policies", "osi", "--checkpoint",
                file("empty-ckpt/.keep", "").getParent().toString()), "empty-ckpt"));
        cases.add(user("checkpoint: simulate osi from a missing checkpoint", simulate(TINY, "--policy", "osi",
                "--checkpoint", dir.resolve("nothing-here").toString()), "nothing-here"));
        cases.add(user("checkpoint: simulate osi with another network", simulate(TINY, "--policy", "osi",
                "--checkpoint", trained.toString()), "edgegen.learner.hidden-sizes"));
        cases.add(user("checkpoint: explain with a missing checkpoint", explain("--user", "0", "--others", "osi",
                "--checkpoint", dir.resolve("gone-ckpt").toString()), "gone-ckpt"));
        cases.add(user("checkpoint: explain with a checkpoint nothing reads", explain("--user", "0", "--checkpoint",
                trained.toString()), "--checkpoint", "nothing reads it", "--others osi"));
        cases.add(user("checkpoint: train --resume a corrupt checkpoint", train("--episodes", "3", "--resume",
                corrupt.toString()), "corrupt"));

        // ---- explain's options ----
        cases.add(user("explain: user out of range", explain("--user", "99"), "--user", "99"));
        cases.add(user("explain: negative user", explain("--user", "-1"), "--user"));
        cases.add(user("explain: slot out of range", explain("--user", "0", "--slot", "100000"), "--slot"));
        cases.add(user("explain: negative episode", explain("--user", "0", "--episode", "-1"), "--episode"));
        cases.add(user("explain: unknown others", explain("--user", "0", "--others", "chaos"), "chaos"));
        cases.add(option("explain: user text", explain("--user", "first"), "first"));

        // ---- bench's options ----
        cases.add(user("bench: --users 0", bench("--users", "0"), "--users"));
        cases.add(option("bench: --users text", bench("--users", "ten"), "ten"));
        cases.add(user("bench: --slots 0", bench("--slots", "0"), "--slots"));
        cases.add(user("bench: --episodes 0", bench("--episodes", "0"), "--episodes"));
        cases.add(user("bench: unknown engine", bench("--engines", "direct,warp"), "warp"));
        cases.add(user("bench: unknown policy", bench("--policy", "bogus"), "bogus"));
        cases.add(user("bench: --users-per-cell 0", bench("--users-per-cell", "0"), "--users-per-cell"));
        cases.add(user("bench: --ppo-transitions negative", bench("--ppo-transitions", "-1"), "--ppo-transitions"));
        cases.add(user("bench: osi without a checkpoint", bench("--policy", "osi"), "--checkpoint"));
        cases.add(user("bench: --out a file", bench("--out", file("bench-file", "x").toString()), "bench-file"));

        // ---- bench-curve ----
        cases.add(user("bench-curve: a missing run", args("bench-curve", "--out", dir.resolve("c.png").toString(),
                dir.resolve("no-bench").toString()), "no-bench"));
        cases.add(user("bench-curve: a run without bench.json", args("bench-curve", "--out",
                dir.resolve("c.png").toString(), file("not-bench/x.txt", "").getParent().toString()), "not-bench"));
        cases.add(user("bench-curve: a corrupt bench.json", args("bench-curve", "--out",
                dir.resolve("c.png").toString(), file("bad-bench/bench.json", "[1, 2").toString()), "bench.json"));
        cases.add(option("bench-curve: no run", args("bench-curve", "--out", dir.resolve("c.png").toString()),
                "RUN"));
        cases.add(user("bench-curve: unknown rate", args("bench-curve", "--out", dir.resolve("c.png").toString(),
                "--rate", "fast", dir.resolve("no-bench").toString()), "--rate", "fast", "wall, cpu"));

        // ---- serve ----
        cases.add(user("serve: port 99999", args("serve", "--port", "99999"), "99999"));
        cases.add(option("serve: port text", args("serve", "--port", "http"), "http"));

        // ---- suites ----
        cases.add(user("suite: missing file", args("experiment", "--suite", dir.resolve("no-suite.conf").toString(),
                "--out", dir.resolve("exp-out").toString()), "no-suite.conf"));
        cases.add(user("suite: a directory", args("experiment", "--suite", dir.toString(), "--out",
                dir.resolve("exp-out").toString()), "is a directory"));
        cases.add(user("suite: a FIFO", args("experiment", "--suite", fifoPath, "--out",
                dir.resolve("exp-out").toString()), "not a regular file"));
        cases.add(user("suite: syntax error", args("experiment", "--suite", file("suites/syntax.conf", "suite {")
                .toString(), "--out", dir.resolve("exp-out").toString()), "syntax.conf"));
        cases.add(suite("unknown suite key", "colour = blue", "colour"));
        cases.add(suite("unknown policy", "policies = [greedy-local, bogus]", "bogus"));
        cases.add(suite("no seeds", "seeds = []", "seeds"));
        cases.add(suite("episodes 0", "episodes = 0", "episodes"));
        cases.add(suite("unknown metric", "metrics = [cost, happiness]", "happiness"));
        cases.add(suite("sweep of an unknown key", "sweeps = [{ name = x, key = \"edgegen.nothing\", values = [1] }]",
                "edgegen.nothing"));
        cases.add(suite("sweep value out of range", "sweeps = [{ name = x, key = \"edgegen.users.count\", "
                + "values = [0] }]", "edgegen.users.count"));
        cases.add(suite("sweep without values", "sweeps = [{ name = x, key = \"edgegen.users.count\", "
                + "values = [] }]", "values"));
        cases.add(suite("bad override in set", "set { edgegen.task.arrival-probability = 3 }",
                "edgegen.task.arrival-probability"));
        cases.add(suite("missing scenario", "scenario = \"/nonexistent/s.conf\"", "s.conf"));
        cases.add(suite("osi training unknown", "policies = [osi]\n osi { train = sometimes }", "sometimes"));
        cases.add(user("suite: --jobs 0", args("experiment", "--suite", "conf/suites/quick.conf", "--jobs", "0",
                "--out", dir.resolve("exp-out").toString()), "--jobs"));
        cases.add(user("suite: --out a file", args("experiment", "--suite", "conf/suites/quick.conf", "--out",
                file("exp-file", "x").toString()), "exp-file"));

        // ---- node configs ----
        cases.add(user("node: missing file", args("node", "--config", dir.resolve("no-node.conf").toString()),
                "no-node.conf"));
        cases.add(user("node: a FIFO", args("node", "--config", fifoPath), "not a regular file"));
        cases.add(user("node: a directory", args("node", "--config", dir.toString()), "is a directory"));
        cases.add(node("port 99999", nodeBase("99999", "[edge]", "[\"akka://edgegen@127.0.0.1:25521\"]"),
                "99999", "1..65535"));
        cases.add(node("port text", nodeBase("abc", "[edge]", "[\"akka://edgegen@127.0.0.1:25521\"]"), "abc"));
        cases.add(node("unknown role", nodeBase("0", "[chef]", "[\"akka://edgegen@127.0.0.1:25521\"]"), "chef"));
        cases.add(node("no seed nodes", nodeBase("0", "[edge]", "[]"), "seed-nodes"));
        cases.add(node("syntax error", "akka {", "node config"));

        // ---- the command line itself ----
        cases.add(option("unknown command", args("simulat"), "simulat"));
        cases.add(option("bare edgegen with an option", args("--bogus"), "--bogus"));

        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadInputIsOneLineNamingItWithTheRightExitCodeAndNoStackTrace(Case c) {
        CliRun run = CliRun.of(c.args().toArray(String[]::new));

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(c.exit());
        String err = run.err().strip();
        assertThat(err).as("stderr").isNotEmpty().doesNotContain("\tat ").doesNotContain("Exception:")
                .doesNotContain("Caused by");
        String first = err.split("\n", 2)[0];
        assertThat(first).as("the first line").contains(c.named());
        if (!c.badArgument()) {
            assertThat(err).as("one line").doesNotContain("\n");
        } else {
            assertThat(err).as("a bad argument: the error, the synopsis and where the help is")
                    .contains("--help' for every option");
        }
        assertThat(run.out()).as("stdout").isEmpty();
    }

    @Test
    void theSuiteHasAtLeast120Cases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(120);
    }

    // ---- a failing command leaves a previous run in --out byte for byte ----

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    /** Runs {@code good} into a fresh --out, then {@code bad} into the same --out; the files stay as they were. */
    private static void survives(String name, List<String> good, List<String> bad) throws IOException {
        Path out = dir.resolve("survive-" + name);
        CliRun first = CliRun.of(withOut(good, out));
        assertThat(first.exitCode()).as(first.err()).isZero();
        Map<String, String> before = contents(out);
        assertThat(before).isNotEmpty();

        CliRun failing = CliRun.of(withOut(bad, out));

        assertThat(failing.exitCode()).as(failing.err()).isEqualTo(2);
        assertThat(failing.err().strip()).doesNotContain("\n").doesNotContain("\tat ");
        assertThat(contents(out)).as(name + ": the previous run").isEqualTo(before);
        try (Stream<Path> siblings = Files.list(out.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .as("no staging or set-aside copy left beside it")
                    .noneMatch(n -> n.startsWith(".survive-" + name));
        }
    }

    private static String[] withOut(List<String> args, Path out) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--out", out.toString()));
        return all.toArray(String[]::new);
    }

    @Test
    void aFailingSimulateLeavesThePreviousRun() throws IOException {
        List<String> good = List.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes", "1",
                "--seed", "7", "--engine", "direct");
        survives("simulate", good, List.of("simulate", "--scenario", TINY, "--policy", "opt", "--episodes", "1",
                "--seed", "7", "--engine", "direct", "--set", "edgegen.baselines.opt.max-joint-actions=1"));
    }

    @Test
    void aFailingTrainLeavesThePreviousRun() throws IOException {
        List<String> good = List.of("train", "--scenario", TINY, "--episodes", "1", "--seed", "7", "--engine",
                "direct", "--set", "edgegen.time.slots-per-episode=10", "--set", "edgegen.learner.hidden-sizes=[8,8]");
        survives("train", good, List.of("train", "--scenario", TINY, "--episodes", "3", "--seed", "7", "--engine",
                "direct", "--resume", dir.resolve("corrupt").toString()));
    }

    @Test
    void aFailingEvaluateLeavesThePreviousComparison() throws IOException {
        List<String> good = List.of("evaluate", "--scenario", TINY, "--episodes", "1", "--seed", "1001",
                "--policies", "greedy-local,random");
        survives("evaluate", good, List.of("evaluate", "--scenario", TINY, "--episodes", "1", "--seed", "1001",
                "--policies", "osi", "--checkpoint", trained.toString()));
    }

    @Test
    void aFailingExperimentLeavesThePreviousSuite() throws IOException {
        Path suite = file("suites/good.conf", "suite {\n  name = good\n  scenario = \""
                + Path.of(TINY).toAbsolutePath() + "\"\n  seeds = [1001]\n  episodes = 1\n"
                + "  policies = [greedy-local]\n  set { edgegen.time.slots-per-episode = 5 }\n"
                + "  sweeps = [{ name = users, key = \"edgegen.users.count\", values = [2] }]\n}\n");
        Path bad = file("suites/bad-good.conf", Files.readString(suite).replace("policies = [greedy-local]",
                "policies = [greedy-local, nonsense]"));
        survives("experiment", List.of("experiment", "--suite", suite.toString()),
                List.of("experiment", "--suite", bad.toString()));
    }

    @Test
    void aFailingBenchLeavesThePreviousRun() throws IOException {
        List<String> good = List.of("bench", "--scenario", TINY, "--users", "4", "--slots", "5", "--episodes", "1",
                "--engines", "direct", "--policy", "greedy-local");
        survives("bench", good, List.of("bench", "--scenario", TINY, "--users", "4", "--slots", "5", "--episodes",
                "1", "--engines", "direct", "--policy", "osi"));
    }
}
