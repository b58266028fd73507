package org.edgegen.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgegen.app.EpisodeTrace;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.PolicyLineup;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.Suite;
import org.edgegen.config.Suite.Training;
import org.edgegen.policy.neural.PolicySnapshot;

/**
 * The episode maps of a suite's report: one per policy, of the base scenario, so that a reader sees at a glance how
 * each policy spreads the load. One episode each (episode 0 of the suite's first seed), drawn at its busiest slot
 * (the most tasks; the same for every policy); cheap next to the points. OSI is drawn with the weights it plays on the base scenario: the shared ones (trained
 * once, or a checkpoint), or, when it trains per point, those of the first point whose scenario is the base
 * scenario; it is left out, with a note, when there are none.
 *
 * @param files   policy to its map's PNG, in the suite's order
 * @param spread  policy to how it spread the load over the whole mapped episode, in the same order
 * @param notes   one line per policy left out
 */
record SuiteMaps(long seed, int episode, int slot, int slots, Map<String, Path> files, Map<String, Spread> spread,
        List<String> notes) {

    /**
     * How a policy spread the load over one episode.
     *
     * @param tasks             tasks of the episode
     * @param local             of them generated on the device
     * @param home              at the home BS
     * @param neighbour         at a neighbour BS
     * @param meanBacklog       Q_b at slot starts, averaged over BSs and slots l = 0..L-1 (image-steps)
     * @param largestBacklog    the largest Q_b at a slot start, and where: {@code largestBs}, {@code largestSlot}
     */
    record Spread(int tasks, int local, int home, int neighbour, double meanBacklog, double largestBacklog,
            int largestBs, int largestSlot) {

        static Spread of(EpisodeTrace trace) {
            int tasks = 0;
            int local = 0;
            int home = 0;
            int neighbour = 0;
            double sum = 0;
            double largest = -1;
            int largestBs = 0;
            int largestSlot = 0;
            for (int l = 0; l < trace.slots(); l++) {
                for (EpisodeMap.Choice choice : EpisodeMap.choices(trace, l)) {
                    tasks += choice == EpisodeMap.Choice.IDLE ? 0 : 1;
                    local += choice == EpisodeMap.Choice.LOCAL ? 1 : 0;
                    home += choice == EpisodeMap.Choice.HOME ? 1 : 0;
                    neighbour += choice == EpisodeMap.Choice.NEIGHBOUR ? 1 : 0;
                }
                double[] q = trace.backlogImageSteps().get(l);
                for (int b = 0; b < q.length; b++) {
                    sum += q[b];
                    if (q[b] > largest) {
                        largest = q[b];
                        largestBs = b;
                        largestSlot = l;
                    }
                }
            }
            return new Spread(tasks, local, home, neighbour, sum / (trace.slots() * (double) trace.sites().size()),
                    Math.max(0, largest), largestBs, largestSlot);
        }
    }

    static final String PREFIX = "map-";

    SuiteMaps {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        spread = Collections.unmodifiableMap(new LinkedHashMap<>(spread));
        notes = List.copyOf(notes);
    }

    /** No maps: a suite without points done. */
    static SuiteMaps none() {
        return new SuiteMaps(0, 0, 0, 0, Map.of(), Map.of(), List.of());
    }

    static SuiteMaps draw(Suite suite, LoadedScenario base, Path out, List<Point> points,
            List<PointResults> stored, Optional<PolicySnapshot> shared) throws IOException {
        long seed = suite.seeds().get(0);
        int episode = 0;
        List<String> notes = new ArrayList<>();
        List<String> names = new ArrayList<>(suite.policies());
        OsiWeights osi = OsiWeights.none();
        if (names.contains(PolicyLineup.OSI)) {
            Optional<PolicySnapshot> weights = osiWeights(suite, base, out, points, stored, shared);
            if (weights.isPresent()) {
                osi = OsiWeights.of(weights.get());
            } else {
                names.remove(PolicyLineup.OSI);
                notes.add(PolicyLineup.OSI + " left out: " + (suite.osi().training() == Training.PER_POINT
                        ? "no point of the suite is the base scenario, so no OSI was trained on it"
                        : "its weights are not there yet"));
            }
        }
        PolicyLineup lineup = PolicyLineup.of(base, names, osi);
        Map<String, Spread> spread = new LinkedHashMap<>();
        PolicyLineup.Played<EpisodeTrace> played = lineup.play(entry -> EpisodeTrace.play(base, entry, seed, episode));
        // the tasks of a slot do not depend on the policy: every map shows the busiest slot, the earliest of ties
        int slot = played.results().values().stream().findFirst().map(SuiteMaps::busiestSlot).orElse(0);
        Map<String, Path> files = new LinkedHashMap<>();
        for (Map.Entry<String, EpisodeTrace> trace : played.results().entrySet()) {
            Path png = out.resolve(Experiment.FIGURES).resolve(PREFIX + trace.getKey() + ".png");
            EpisodeMap.draw(trace.getValue(), slot, png);
            files.put(trace.getKey(), png);
            spread.put(trace.getKey(), Spread.of(trace.getValue()));
        }
        notes.addAll(played.notes());
        return new SuiteMaps(seed, episode, slot, base.scenario().time().slotsPerEpisode(), files, spread, notes);
    }

    /** The slot with the most tasks. */
    static int busiestSlot(EpisodeTrace trace) {
        int best = 0;
        int most = -1;
        for (int l = 0; l < trace.slots(); l++) {
            int tasks = trace.records().get(l).outcomes().size();
            if (tasks > most) {
                most = tasks;
                best = l;
            }
        }
        return best;
    }

    private static Optional<PolicySnapshot> osiWeights(Suite suite, LoadedScenario base, Path out,
            List<Point> points, List<PointResults> stored, Optional<PolicySnapshot> shared) {
        if (shared.isPresent()) {
            return shared;
        }
        Path run = null;
        if (suite.osi().training() == Training.PER_POINT) {
            String rendered = base.renderHocon();
            for (int i = 0; i < points.size() && run == null; i++) {
                Path train = points.get(i).dir(out).resolve(PointFiles.TRAIN);
                if (stored.get(i) != null && points.get(i).loaded().renderHocon().equals(rendered)
                        && Files.isDirectory(train)) {
                    run = train;
                }
            }
        } else if (suite.osi().training() == Training.ONCE && Files.isDirectory(out.resolve(Experiment.OSI_DIR))) {
            // a report-only invocation: the shared training is read back, not redone
            run = out.resolve(Experiment.OSI_DIR);
        }
        return run == null ? Optional.empty() : Optional.of(OsiWeights.restore(base, run));
    }
}
