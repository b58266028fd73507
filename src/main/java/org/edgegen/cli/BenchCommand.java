package org.edgegen.cli;

import java.io.PrintWriter;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import org.edgegen.sim.TellFloor;
import org.edgegen.app.Engine;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.PolicyLineup;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.learn.UpdateBenchmark;
import org.edgegen.model.InputException;
import org.edgegen.model.Scenario.LayoutKind;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.Observation;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.report.BenchMeasurement;
import org.edgegen.report.BenchReport;
import org.edgegen.report.BenchRow;
import org.edgegen.report.BenchUpdate;
import org.edgegen.report.MachineInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgegen bench}: measures user-slots per second and heap per user of the actor engine and of the bare
 * single-threaded loop over the same model, in this JVM, for several user counts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure user-slots/s and heap per user of the actor engine against the bare single-threaded "
                + "loop, for each user count; print a table and write bench.json.")
final class BenchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);

    /** Users and slots of the warm-up run that each engine gets before anything is measured. */
    private static final int WARM_UP_USERS = 100;
    private static final int WARM_UP_SLOTS = 10;
    /** Timed PPO updates per user count (after one untimed); the fastest is reported. */
    private static final int UPDATE_REPETITIONS = 2;

    private static final String HEX_RINGS = "edgegen.topology.hex-rings";
    private static final String GRID_ROWS = "edgegen.topology.grid-rows";
    private static final String GRID_COLUMNS = "edgegen.topology.grid-columns";
    private static final String GPUS_REPEAT = "edgegen.edge.gpus-repeat";
    private static final List<String> GROWN_KEYS = List.of(HEX_RINGS, GRID_ROWS, GRID_COLUMNS, GPUS_REPEAT);

    /** The fewest messages a --tell-floor trial sends. */
    private static final long TELL_FLOOR_MESSAGES = 4_000_000;

    /** The actor of --checkpoint, restored once and played at every user count. */
    private Optional<PolicySnapshot> actor = Optional.empty();

    @Spec
    CommandSpec spec;

    @Option(names = "--users", required = true, split = ",", paramLabel = "N",
            description = "User counts to measure, e.g. 100,1000,10000.")
    List<Integer> userCounts;

    @Option(names = "--slots", required = true, paramLabel = "L", description = "Slots per episode.")
    int slots;

    @Option(names = "--policy", required = true, paramLabel = "NAME", description = "Policy every user acts by.")
    String policy;

    @Option(names = "--scenario", defaultValue = "conf/scenarios/default.conf", paramLabel = "FILE",
            description = "Scenario file; users and slots are overridden (default: ${DEFAULT-VALUE}).")
    Path scenario;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one scenario key (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--episodes", defaultValue = "1", paramLabel = "E",
            description = "Episodes per measurement (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Run seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--engines", defaultValue = "actors,direct", split = ",", paramLabel = "ENGINE",
            description = "Engines to measure: actors, direct (default: ${DEFAULT-VALUE}).")
    List<String> engineNames;

    @Option(names = "--users-per-cell", paramLabel = "K",
            description = "Grow the scenario's layout with the users: at each user count N the smallest hex (or "
                    + "square grid) layout of at least N/K cells, its GPU list repeated over them "
                    + "(default.conf has 20/7 = 2.857).")
    Double usersPerCell;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "With --policy osi: the train run (or checkpoint) whose actor the users play, as "
                    + "edgegen.learner.execution says (by default a draw at temperature 0.5).")
    Path checkpoint;

    @Option(names = "--ppo-transitions", defaultValue = "0", paramLabel = "T",
            description = "Also time one PPO update of the learner on T synthetic transitions shaped like the "
                    + "scenario's at each user count (0: no; default: ${DEFAULT-VALUE}).")
    int ppoTransitions;

    @Option(names = "--tell-floor",
            description = "Also measure the floor of one actor per user at each user count: the CPU time of one tell "
                    + "to each of N bare actors and one answer from each, per round (at least 4 million messages), on the default dispatcher "
                    + "(the two messages per user and slot the actors engine cannot do without).")
    boolean tellFloor;

    @Option(names = "--out", defaultValue = "runs/bench", paramLabel = "DIR",
            description = "Directory for bench.json (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        checkArguments();
        List<Engine> engines = engines();
        BenchReport.prepareDirectory(out);
        LoadedScenario first = load(userCounts.get(0));
        actor = checkpoint == null || !policy.equals(PolicyLineup.OSI) ? Optional.empty()
                : Optional.of(OsiWeights.restoreActor(checkpoint));
        played(first); // an unknown policy, or OSI without --checkpoint, is refused before any run

        LoadedScenario warmUp = load(Math.min(WARM_UP_USERS, userCounts.get(0)), Math.min(WARM_UP_SLOTS, slots));
        for (Engine engine : engines) {
            LOG.info("warming up the {} engine", engine.label());
            try {
                engine.play(warmUp, played(warmUp), 1, seed, (episode, records) -> { });
            } catch (InputException refused) {
                LOG.warn("the {} engine cannot run this scenario: {}", engine.label(), refused.getMessage());
            }
        }

        List<BenchRow> rows = new ArrayList<>();
        List<BenchUpdate> updates = new ArrayList<>();
        for (int users : userCounts) {
            LoadedScenario loaded = load(users);
            LOG.info("{} users on {} cells", users, loaded.scenario().cellCount());
            for (Engine engine : engines) {
                BenchRow row = measure(engine, loaded, users);
                rows.add(row);
                row.measurement().ifPresent(m -> LOG.info(String.format(Locale.ROOT,
                        "%s engine, %d users: %,.0f user-slots/s, %.3f s, %,.0f heap bytes per user",
                        engine.label(), users, m.userSlotsPerSecond(), m.wallSeconds(), m.heapBytesPerUser())));
            }
            if (ppoTransitions > 0) {
                updates.add(timeUpdate(loaded, users));
            }
        }

        BenchReport report = new BenchReport(policy, first.scenario().name(), slots, episodes, seed,
                usersPerCell == null ? OptionalDouble.empty() : OptionalDouble.of(usersPerCell),
                MachineInfo.current(), rows, updates);
        Path file = report.write(out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(report.table());
        if (tellFloor) {
            printTellFloor(stdout);
        }
        stdout.println("written to " + file);
        stdout.flush();
        return 0;
    }

    /**
     * {@code --tell-floor}: Akka's cost of the two messages per user and slot, median of 3 trials of at least
     * {@link #TELL_FLOOR_MESSAGES} messages each (the CPU clock ticks in milliseconds).
     */
    private void printTellFloor(PrintWriter stdout) {
        for (int users : userCounts) {
            int rounds = (int) Math.max(slots, (TELL_FLOOR_MESSAGES + 2L * users - 1) / (2L * users));
            LOG.info("measuring the tell floor at {} users ({} rounds, 3 trials)", users, rounds);
            List<TellFloor.Trial> trials = TellFloor.measure(users, rounds, 3);
            double perMessage = TellFloor.medianCpuMicros(trials);
            stdout.printf(Locale.ROOT, "tell floor, %d users: %.3f us of CPU per message (median of %s), so %.3f us"
                    + " per user and slot for a SlotStart and a decision alone%n", users, perMessage,
                    trials.stream().map(t -> String.format(Locale.ROOT, "%.3f", t.cpuMicrosPerMessage())).toList(),
                    2 * perMessage);
        }
    }

    private void checkArguments() {
        for (int users : userCounts) {
            if (users < 1) {
                throw new InputException("--users " + users + " is out of range: allowed >= 1");
            }
        }
        if (slots < 1) {
            throw new InputException("--slots " + slots + " is out of range: allowed >= 1");
        }
        if (episodes < 1) {
            throw new InputException("--episodes " + episodes + " is out of range: allowed >= 1");
        }
        if (usersPerCell != null && !(usersPerCell > 0 && usersPerCell < Double.POSITIVE_INFINITY)) {
            throw new InputException("--users-per-cell " + usersPerCell + " is out of range: allowed a number > 0");
        }
        if (ppoTransitions < 0) {
            throw new InputException("--ppo-transitions " + ppoTransitions + " is out of range: allowed >= 0");
        }
        CommandInputs.requireWeightsOnlyForOsi(policy, checkpoint);
        if (usersPerCell != null) {
            for (String key : GROWN_KEYS) {
                if (overrides.containsKey(key)) {
                    throw new InputException("--set " + key + " conflicts with --users-per-cell, which sets the "
                            + "layout itself: give one of them");
                }
            }
        }
    }

    private List<Engine> engines() {
        Set<Engine> engines = new LinkedHashSet<>();
        for (String name : engineNames) {
            engines.add(Engine.parse(name, "--engines"));
        }
        return List.copyOf(engines);
    }

    /** The benchmarked policy for one scenario; OSI plays the actor of --checkpoint, which must fit it. */
    private PolicyLineup.Entry played(LoadedScenario loaded) {
        actor.ifPresent(trained -> checkFits(trained, loaded));
        return PolicyLineup.of(loaded, List.of(policy), actor.map(OsiWeights::of).orElse(OsiWeights.none())).single();
    }

    private void checkFits(PolicySnapshot actor, LoadedScenario loaded) {
        int maxCandidates = loaded.scenario().mdp().maxCandidates();
        int steps = loaded.scenario().diffusion().size();
        int features = Observation.featureCount(loaded.scenario());
        if (actor.featureCount() != features || actor.serverChoices() != maxCandidates
                || actor.stepChoices() != steps) {
            throw new InputException("--checkpoint " + checkpoint + " holds an actor for " + actor.featureCount()
                    + " features, " + actor.serverChoices() + " candidate servers and " + actor.stepChoices()
                    + " step choices, but scenario " + loaded.scenario().name() + " has "
                    + features + ", " + maxCandidates + " and " + steps
                    + ": allowed a checkpoint trained with the same edgegen.mdp.max-candidates, "
                    + "edgegen.mdp.finish-features, edgegen.mdp.load-features, edgegen.mdp.rate-feature and "
                    + "edgegen.diffusion.step-choices");
        }
    }

    /** Times one PPO update on synthetic transitions shaped like this scenario's (the critic grows with cells). */
    private BenchUpdate timeUpdate(LoadedScenario loaded, int users) {
        LOG.info("timing a PPO update on {} synthetic transitions ({} cells)", ppoTransitions,
                loaded.scenario().cellCount());
        UpdateBenchmark.Timing timing = UpdateBenchmark.measure(SystemModel.of(loaded.scenario()), loaded.learner(),
                ppoTransitions, UPDATE_REPETITIONS, seed);
        BenchUpdate update = new BenchUpdate(users, loaded.scenario().cellCount(), timing.transitions(),
                timing.criticInputs(), timing.gradientSteps(), timing.seconds());
        LOG.info(String.format(Locale.ROOT, "PPO update of %,d transitions: %.3f s (%.3f s per 10,000)",
                update.transitions(), update.seconds(), update.secondsPerTenThousandTransitions()));
        return update;
    }

    private LoadedScenario load(int users) {
        return load(users, slots);
    }

    private LoadedScenario load(int users, int slotsPerEpisode) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.put("edgegen.users.count", Integer.toString(users));
        all.put("edgegen.time.slots-per-episode", Integer.toString(slotsPerEpisode));
        if (usersPerCell != null) {
            all.putAll(grownLayout(ScenarioLoader.load(scenario, all).scenario().layout().kind(), users,
                    usersPerCell));
        }
        return ScenarioLoader.load(scenario, all);
    }

    /**
     * The layout keys for N users at K per cell: the fewest hex rings (or the smallest square grid) with at least
     * N/K cells, and the scenario's GPU list repeated over them.
     */
    static Map<String, String> grownLayout(LayoutKind kind, int users, double usersPerCell) {
        double cellsNeeded = Math.max(1, users / usersPerCell);
        Map<String, String> keys = new LinkedHashMap<>();
        if (kind == LayoutKind.HEX) {
            int rings = 0;
            while (1 + 3.0 * rings * (rings + 1) < cellsNeeded) {
                rings++;
            }
            keys.put(HEX_RINGS, Integer.toString(rings));
        } else {
            int side = (int) Math.ceil(Math.sqrt(cellsNeeded) - 1e-9);
            keys.put(GRID_ROWS, Integer.toString(side));
            keys.put(GRID_COLUMNS, Integer.toString(side));
        }
        keys.put(GPUS_REPEAT, "on");
        return keys;
    }

    /**
     * One timed run. At the end of the first episode, with the engine's state and that episode's records live, the
     * heap is measured after full collections; the time that takes is left out of the wall time.
     */
    private BenchRow measure(Engine engine, LoadedScenario loaded, int users) {
        LOG.info("measuring the {} engine at {} users ({} slots x {} episodes)", engine.label(), users, slots,
                episodes);
        PolicyLineup.Entry played = played(loaded);
        long baselineBytes = HeapProbe.usedAfterGc();
        Timeline timeline = new Timeline();
        long startNanos = System.nanoTime();
        long startCpuNanos = CpuClock.processNanos();
        try {
            engine.play(loaded, played, episodes, seed, (episode, records) -> {
                if (timeline.episodes == 0) {
                    long probeStart = System.nanoTime();
                    long probeCpuStart = CpuClock.processNanos();
                    timeline.liveBytes = HeapProbe.usedAfterGc();
                    Reference.reachabilityFence(records);
                    timeline.probeNanos = System.nanoTime() - probeStart;
                    timeline.probeCpuNanos = CpuClock.processNanos() - probeCpuStart;
                    timeline.firstEndNanos = System.nanoTime();
                    timeline.firstEndCpuNanos = CpuClock.processNanos();
                } else {
                    timeline.slotsAfterFirst += records.size();
                }
                timeline.lastEndNanos = System.nanoTime();
                timeline.lastEndCpuNanos = CpuClock.processNanos();
                timeline.episodes++;
                timeline.slots += records.size();
            });
        } catch (InputException refused) {
            // e.g. a scenario or run the engine cannot take
            return BenchRow.unavailable(users, loaded.scenario().cellCount(), engine.label(),
                    "not available: " + refused.getMessage());
        }
        double wallSeconds = (System.nanoTime() - startNanos - timeline.probeNanos) / 1e9;
        double cpuSeconds = startCpuNanos < 0 ? Double.NaN
                : (CpuClock.processNanos() - startCpuNanos - timeline.probeCpuNanos) / 1e9;
        OptionalDouble steady = timeline.episodes >= 2 && timeline.lastEndNanos > timeline.firstEndNanos
                ? OptionalDouble.of((double) users * timeline.slotsAfterFirst
                        / ((timeline.lastEndNanos - timeline.firstEndNanos) / 1e9))
                : OptionalDouble.empty();
        OptionalDouble steadyPerCpu = steady.isPresent() && startCpuNanos >= 0
                && timeline.lastEndCpuNanos > timeline.firstEndCpuNanos
                ? OptionalDouble.of((double) users * timeline.slotsAfterFirst
                        / ((timeline.lastEndCpuNanos - timeline.firstEndCpuNanos) / 1e9))
                : OptionalDouble.empty();
        double heapBytesPerUser = Math.max(0, timeline.liveBytes - baselineBytes) / (double) users;
        return BenchRow.measured(users, loaded.scenario().cellCount(), engine.label(),
                new BenchMeasurement(users * timeline.slots, wallSeconds, steady, heapBytesPerUser, cpuSeconds,
                        steadyPerCpu));
    }

    /** What the listener of a measured run saw, and when. */
    private static final class Timeline {
        int episodes;
        long slots;
        long slotsAfterFirst;
        long liveBytes = -1;
        long probeNanos;
        long probeCpuNanos;
        long firstEndNanos;
        long lastEndNanos;
        long firstEndCpuNanos;
        long lastEndCpuNanos;
    }
}
