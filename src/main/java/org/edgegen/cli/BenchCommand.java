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
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import org.edgegen.app.Engine;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.PolicyLineup;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.InputException;
import org.edgegen.report.BenchMeasurement;
import org.edgegen.report.BenchReport;
import org.edgegen.report.BenchRow;
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

    @Option(names = "--out", defaultValue = "runs/bench", paramLabel = "DIR",
            description = "Directory for bench.json (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        checkArguments();
        List<Engine> engines = engines();
        BenchReport.prepareDirectory(out);
        LoadedScenario first = load(userCounts.get(0));
        played(first); // an unknown policy, or OSI (no weights here), is refused before any run

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
        for (int users : userCounts) {
            LoadedScenario loaded = load(users);
            for (Engine engine : engines) {
                BenchRow row = measure(engine, loaded, users);
                rows.add(row);
                row.measurement().ifPresent(m -> LOG.info(String.format(Locale.ROOT,
                        "%s engine, %d users: %,.0f user-slots/s, %.3f s, %,.0f heap bytes per user",
                        engine.label(), users, m.userSlotsPerSecond(), m.wallSeconds(), m.heapBytesPerUser())));
            }
        }

        BenchReport report = new BenchReport(policy, first.scenario().name(), slots, episodes, seed,
                MachineInfo.current(), rows);
        Path file = report.write(out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(report.table());
        stdout.println("written to " + file);
        stdout.flush();
        return 0;
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
    }

    private List<Engine> engines() {
        Set<Engine> engines = new LinkedHashSet<>();
        for (String name : engineNames) {
            engines.add(Engine.parse(name, "--engines"));
        }
        return List.copyOf(engines);
    }

    /** The benchmarked policy (a baseline: OSI has no weights here) for one scenario. */
    private PolicyLineup.Entry played(LoadedScenario loaded) {
        return PolicyLineup.of(loaded, List.of(policy), OsiWeights.none()).single();
    }

    private LoadedScenario load(int users) {
        return load(users, slots);
    }

    private LoadedScenario load(int users, int slotsPerEpisode) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.put("edgegen.users.count", Integer.toString(users));
        all.put("edgegen.time.slots-per-episode", Integer.toString(slotsPerEpisode));
        return ScenarioLoader.load(scenario, all);
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
        try {
            engine.play(loaded, played, episodes, seed, (episode, records) -> {
                if (timeline.episodes == 0) {
                    long probeStart = System.nanoTime();
                    timeline.liveBytes = HeapProbe.usedAfterGc();
                    Reference.reachabilityFence(records);
                    timeline.probeNanos = System.nanoTime() - probeStart;
                    timeline.firstEndNanos = System.nanoTime();
                } else {
                    timeline.slotsAfterFirst += records.size();
                }
                timeline.lastEndNanos = System.nanoTime();
                timeline.episodes++;
                timeline.slots += records.size();
            });
        } catch (InputException refused) {
            // e.g. a scenario or run the engine cannot take
            return BenchRow.unavailable(users, engine.label(), "not available: " + refused.getMessage());
        }
        double wallSeconds = (System.nanoTime() - startNanos - timeline.probeNanos) / 1e9;
        OptionalDouble steady = timeline.episodes >= 2 && timeline.lastEndNanos > timeline.firstEndNanos
                ? OptionalDouble.of((double) users * timeline.slotsAfterFirst
                        / ((timeline.lastEndNanos - timeline.firstEndNanos) / 1e9))
                : OptionalDouble.empty();
        double heapBytesPerUser = Math.max(0, timeline.liveBytes - baselineBytes) / (double) users;
        return BenchRow.measured(users, engine.label(),
                new BenchMeasurement(users * timeline.slots, wallSeconds, steady, heapBytesPerUser));
    }

    /** What the listener of a measured run saw, and when. */
    private static final class Timeline {
        int episodes;
        long slots;
        long slotsAfterFirst;
        long liveBytes = -1;
        long probeNanos;
        long firstEndNanos;
        long lastEndNanos;
    }
}
