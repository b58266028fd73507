package org.edgegen.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.model.Scenario.LayoutParams;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.topology.Point;
import org.edgegen.policy.EpisodeLoop;

/**
 * One episode played by one policy of a lineup on the direct engine (whose numbers the actors reproduce), with
 * what the episode map draws: the layout, each BS's GPU, the users' places, every user's decision in every slot and
 * every server's backlog at the start of every slot.
 *
 * @param backlogImageSteps per slot l = 0..L (L the slots per episode), Q_b(l) of every BS b at the start of slot
 *                          l; the last entry is the backlog left when the episode ends
 * @param decisions         per slot, every user's decision ({@link Decision.Kind#NONE} for a user without a task)
 * @param records           per slot, the outcomes of the active users, as slots.csv has them
 */
public record EpisodeTrace(String policy, String scenario, long seed, int episode, LayoutParams layout,
        List<Point> sites, List<String> gpus, List<UserSite> users, List<double[]> backlogImageSteps,
        List<Decision[]> decisions, List<SlotRecord> records) {

    public EpisodeTrace {
        sites = List.copyOf(sites);
        gpus = List.copyOf(gpus);
        users = List.copyOf(users);
        backlogImageSteps = List.copyOf(backlogImageSteps);
        decisions = List.copyOf(decisions);
        records = List.copyOf(records);
    }

    /**
     * Plays episode {@code episode} of {@code seed} with {@code policy}.
     *
     * @throws InputException when the episode is out of range, or the policy refuses the scenario (opt beyond its
     *                        size limit)
     */
    public static EpisodeTrace play(LoadedScenario loaded, PolicyLineup.Entry policy, long seed, int episode) {
        if (episode < 0) {
            throw new InputException("--episode " + episode + " is out of range: allowed >= 0");
        }
        SystemModel model = SystemModel.of(loaded.scenario());
        int cells = model.cellCount();
        List<double[]> backlogs = new ArrayList<>();
        List<Decision[]> decisions = new ArrayList<>();
        // the loop's own draw of the episode's deployment (the users' places), kept from its first slot
        List<UserSite> users = new ArrayList<>();
        List<SlotRecord> records = new EpisodeLoop(model).play(policy.policy(), seed, episode,
                (slot, context, slotDecisions, result) -> {
                    if (slot == 0) {
                        users.addAll(context.deployment().users());
                    }
                    backlogs.add(backlog(context.state()::bsBacklogImageSteps, cells));
                    decisions.add(slotDecisions);
                    if (slot == model.slotsPerEpisode() - 1) {
                        backlogs.add(backlog(result.next()::bsBacklogImageSteps, cells));
                    }
                });
        List<String> gpus = new ArrayList<>();
        for (int b = 0; b < cells; b++) {
            gpus.add(model.gpu(b).name());
        }
        return new EpisodeTrace(policy.name(), loaded.scenario().name(), seed, episode,
                model.topology().layout(), model.topology().sites(), gpus, users, backlogs, decisions,
                records);
    }

    private static double[] backlog(IntToDoubleFunction of, int cells) {
        double[] values = new double[cells];
        for (int b = 0; b < cells; b++) {
            values[b] = of.applyAsDouble(b);
        }
        return values;
    }

    /** The slots per episode. */
    public int slots() {
        return decisions.size();
    }
}
