package org.edgegen.experiment;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.JointPolicy;
import org.edgegen.report.TaskStats;

/**
 * Plays a policy over the evaluation episodes of one seed with the single-threaded loop (whose numbers equal the
 * actor engine's) and turns every task into one {@link Sample}, splitting users into cell-centre and cell-edge.
 */
final class Evaluator {

    /**
     * A user is a cell-centre user when it stands within this fraction of the inter-site distance from its home
     * BS: two thirds of a hexagonal cell's radius ISD/√3, which puts about half of the users of a hexagonal cell in
     * the centre.
     */
    static final double CENTRE_FRACTION_OF_ISD = 2.0 / (3.0 * Math.sqrt(3.0));

    private final SystemModel model;
    private final EpisodeLoop loop;
    private final double centreRadiusMeters;

    Evaluator(SystemModel model) {
        this.model = model;
        this.loop = new EpisodeLoop(model);
        this.centreRadiusMeters = CENTRE_FRACTION_OF_ISD * model.scenario().layout().interSiteDistanceMeters();
    }

    /** Episodes 0..episodes-1 of {@code seed} played by {@code policy}. */
    Sample evaluate(String name, JointPolicy policy, long seed, int episodes) {
        List<TaskOutcome> all = new ArrayList<>();
        List<TaskOutcome> centre = new ArrayList<>();
        List<TaskOutcome> edge = new ArrayList<>();
        for (int episode = 0; episode < episodes; episode++) {
            List<SlotRecord> records = loop.play(policy, seed, episode);
            Deployment deployment = Deployment.draw(model, seed, episode);
            boolean[] atCentre = new boolean[deployment.userCount()];
            for (UserSite user : deployment.users()) {
                atCentre[user.userId()] = user.position().distanceMeters(model.topology().site(user.homeBs()))
                        <= centreRadiusMeters;
            }
            for (SlotRecord record : records) {
                for (TaskOutcome outcome : record.requireFinite().outcomes()) {
                    all.add(outcome);
                    (atCentre[outcome.userId()] ? centre : edge).add(outcome);
                }
            }
        }
        return Sample.of(name, seed, new Metric.Groups(TaskStats.of(all), TaskStats.of(centre), TaskStats.of(edge)));
    }
}
