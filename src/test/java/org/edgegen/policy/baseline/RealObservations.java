package org.edgegen.policy.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotState;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;

/** Observations of real users for the baselines' tests: default.conf's first slots, with random backlogs. */
final class RealObservations {

    private RealObservations() {}

    /** Observations of every user with a task in the first slots of a default episode, with random backlogs. */
    static List<Observation> of(SystemModel model, ObservationBuilder builder) {
        List<Observation> observations = new ArrayList<>();
        Deployment deployment = Deployment.draw(model, 3L, 0);
        SplittableRandom random = new SplittableRandom(3L);
        for (int slot = 0; slot < 4; slot++) {
            double[] backlog = new double[7];
            for (int b = 0; b < 7; b++) {
                backlog[b] = 300 * random.nextDouble();
            }
            double[] local = new double[20];
            for (int n = 0; n < 20; n++) {
                local[n] = 10 * random.nextDouble();
            }
            SlotState state = new SlotState(local, backlog, new int[7]);
            SlotDraws draws = SlotDraws.draw(model, deployment, 3L, 0, slot);
            for (int n = 0; n < 20; n++) {
                if (draws.hasTask(n)) {
                    observations.add(builder.observe(deployment, state, draws, n));
                }
            }
        }
        assertThat(observations).hasSizeGreaterThan(10);
        return observations;
    }
}
