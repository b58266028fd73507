package org.edgegen.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgegen.config.Suite;
import org.edgegen.config.Suite.Training;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.baseline.OptLimitException;
import org.edgegen.policy.neural.NeuralPolicy;
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
        SystemModel model = SystemModel.of(point.loaded().scenario());
        PolicyCatalog catalog = new PolicyCatalog(model);
        Evaluator evaluator = new Evaluator(model);
        List<Sample> samples = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String name : suite.policies()) {
            JointPolicy policy;
            if (name.equals(NeuralPolicy.NAME)) {
                PolicySnapshot snapshot = suite.osi().training() == Training.PER_POINT
                        ? OsiTraining.trainOrReuse(point.loaded(), suite.osi(), dir.resolve(PointFiles.TRAIN))
                        : shared.orElseThrow();
                policy = new DecentralisedPolicy(NeuralPolicy.played(snapshot, catalog.observations().actionSpace(),
                        point.loaded().learner().samplesWhenPlayed()), catalog.observations());
            } else {
                policy = catalog.require(name);
            }
            try {
                for (long seed : suite.seeds()) {
                    samples.add(evaluator.evaluate(name, policy, seed, suite.episodes()));
                }
            } catch (OptLimitException e) {
                samples.removeIf(s -> s.policy().equals(name));
                notes.add(name + " skipped: " + e.getMessage());
            }
        }
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
                : sharedOrigin).append("\"\n");
        text.append("overrides {\n");
        point.overrides().forEach((k, v) -> text.append("  ").append(k).append(" = ").append(v).append('\n'));
        text.append("}\n");
        text.append(point.loaded().renderHocon());
        return text.toString();
    }
}
