package org.edgegen.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.TrainingRun;
import org.edgegen.app.PolicyLineup;
import org.edgegen.config.Suite;
import org.edgegen.config.Suite.Training;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.neural.PolicySnapshot;

/**
 * Runs one point: trains OSI there when the suite trains per point, then plays every policy over the evaluation
 * episodes of every seed, and writes the point's files. Independent of every other point, so points may run in
 * parallel in any order and give the same files.
 */
final class PointRunner {

    private final Suite suite;
    private final Path out;
    private final Optional<PolicySnapshot> shared;
    private final String sharedOrigin;

    /**
     * @param shared       the OSI actor every point plays when the suite does not train per point
     * @param sharedOrigin what {@code shared} is, for the points' descriptions (so a change re-runs them)
     */
    PointRunner(Suite suite, Path out, Optional<PolicySnapshot> shared, String sharedOrigin) {
        this.suite = suite;
        this.out = out;
        this.shared = shared;
        this.sharedOrigin = sharedOrigin;
    }

    /** The point's results when its files are there and current, else null. */
    PointResults existing(Point point) {
        return PointFiles.readIfDone(point.dir(out), description(point));
    }

    PointResults run(Point point) {
        Path dir = point.dir(out);
        Evaluator evaluator = new Evaluator(SystemModel.of(point.loaded().scenario()));
        OsiWeights osi = suite.osi().training() == Training.PER_POINT
                ? OsiWeights.lazily(() -> TrainingRun.trainOrReuse(point.training(), suite.osi().seed(),
                        suite.osi().episodes(), dir.resolve(PointFiles.TRAIN)))
                : shared.map(OsiWeights::of).orElseGet(OsiWeights::none);
        PolicyLineup lineup = PolicyLineup.of(point.loaded(), suite.policies(), osi);
        PolicyLineup.Played<List<Sample>> played = lineup.play(policy -> {
            List<Sample> bySeed = new ArrayList<>();
            for (long seed : suite.seeds()) {
                bySeed.add(evaluator.evaluate(policy.name(), policy.policy(), seed, suite.episodes()));
            }
            return bySeed;
        });
        List<Sample> samples = new ArrayList<>();
        played.results().values().forEach(samples::addAll);
        List<String> notes = played.notes();
        PointResults results = new PointResults(samples, notes);
        PointFiles.write(dir, description(point), results);
        return results;
    }

    /** Everything the point's results depend on, as stored in its point.conf. */
    String description(Point point) {
        StringBuilder text = new StringBuilder();
        text.append("# What the results of this point depend on: the point is run again when this changes.\n");
        text.append("suite = \"").append(suite.name()).append("\"\n");
        text.append("point = \"").append(point.label()).append("\"\n");
        text.append("seeds = ").append(suite.seeds()).append('\n');
        text.append("episodes = ").append(suite.episodes()).append('\n');
        text.append("policies = ").append(suite.policies()).append('\n');
        text.append("osi = \"").append(suite.osi().training() == Training.PER_POINT
                ? "trained here: " + suite.osi().episodes() + " episodes, seed " + suite.osi().seed()
                        + Experiment.osiSetText(suite)
                : sharedOrigin).append("\"\n");
        text.append("overrides {\n");
        point.overrides().forEach((k, v) -> text.append("  ").append(k).append(" = ").append(v).append('\n'));
        text.append("}\n");
        text.append(point.loaded().renderHocon());
        return text.toString();
    }
}
