package org.edgegen.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.SlotState;

/**
 * What every engine stepped slot by slot shares ({@link EpisodeStepper} on the direct engine, the actor engine's
 * stepper): the episode and slot being played, the episode's deployment, the state at the start of the slot and the
 * slot's draws, the users' observations, the baselines' actions, and the turn of one flattened action index per
 * user into decisions. A subclass plays the slot ({@link #step}) and hands its record and the next state to
 * {@link #advance}. Not thread-safe: one caller at a time.
 */
public abstract class SteppedEpisode implements SlotStepper {

    protected final SystemModel model;
    protected final long seed;
    protected final ObservationBuilder observations;
    private int episode = -1;
    private int slot;
    private Deployment deployment;
    private SlotState state;
    private SlotDraws draws;

    protected SteppedEpisode(SystemModel model, long seed) {
        this.model = model;
        this.seed = seed;
        this.observations = new ObservationBuilder(model);
    }

    @Override
    public SystemModel model() {
        return model;
    }

    @Override
    public ActionSpace actionSpace() {
        return observations.actionSpace();
    }

    /** Starts {@code episode} of the run seed at slot 0: its deployment, the initial state and slot 0's draws. */
    @Override
    public void reset(int newEpisode) {
        if (newEpisode < 0) {
            throw new InputException("episode " + newEpisode + " is out of range: allowed >= 0");
        }
        episode = newEpisode;
        slot = 0;
        deployment = Deployment.draw(model, seed, episode);
        state = SlotState.initial(deployment.userCount(), model.cellCount());
        draws = SlotDraws.draw(model, deployment, seed, episode, slot);
    }

    /** The episode being played, -1 before the first reset. */
    @Override
    public int episode() {
        return episode;
    }

    /** The slot the next step plays ({@link SystemModel#slotsPerEpisode()} once the episode is over). */
    @Override
    public int slot() {
        return slot;
    }

    @Override
    public boolean episodeOver() {
        return episode >= 0 && slot >= model.slotsPerEpisode();
    }

    public boolean started() {
        return episode >= 0;
    }

    /** The state at the start of the current slot. */
    @Override
    public SlotState state() {
        requirePlaying();
        return state;
    }

    /**
     * The state at the start of the current slot, or at the end of the last slot once the episode is over.
     *
     * @throws InputException before the first reset
     */
    @Override
    public SlotState latestState() {
        requireStarted();
        return state;
    }

    /** The episode's users and their home BSs (drawn at reset). */
    @Override
    public Deployment deployment() {
        requireStarted();
        return deployment;
    }

    /** What a policy sees of the current slot. */
    public SlotContext context() {
        requirePlaying();
        return new SlotContext(deployment, state, draws);
    }

    /** The current slot's draws. */
    protected SlotDraws draws() {
        requirePlaying();
        return draws;
    }

    /**
     * What the named baseline plays in the current slot, as one flattened action index per user (0 for users
     * without a task).
     *
     * @throws InputException for an unknown name
     */
    @Override
    public int[] actionsOf(PolicyCatalog catalog, String name) {
        return actionsOf(catalog, name, context(), observations);
    }

    /**
     * What the named baseline plays in a slot, as one flattened action index per user (0 for users without a
     * task): for any engine stepped slot by slot, from the slot's context.
     *
     * @throws InputException for an unknown name
     */
    public static int[] actionsOf(PolicyCatalog catalog, String name, SlotContext context,
            ObservationBuilder observations) {
        ActionSpace space = observations.actionSpace();
        Deployment deployment = context.deployment();
        SlotDraws draws = context.draws();
        int[] actions = new int[deployment.userCount()];
        var perUser = catalog.perUser(name);
        if (perUser.isPresent()) {
            DecentralisedPolicy policy = new DecentralisedPolicy(perUser.get(), observations);
            for (int n = 0; n < actions.length; n++) {
                if (draws.hasTask(n)) {
                    actions[n] = space.index(policy.act(context, n));
                }
            }
            return actions;
        }
        Decision[] decisions = catalog.require(name).decide(context);
        for (int n = 0; n < actions.length; n++) {
            if (draws.hasTask(n)) {
                actions[n] = indexOf(space, deployment, decisions[n], n);
            }
        }
        return actions;
    }

    private static int indexOf(ActionSpace space, Deployment deployment, Decision decision, int user) {
        for (int index = 0; index < space.size(); index++) {
            if (Decisions.of(space.action(index), deployment.user(user)).equals(decision)) {
                return index;
            }
        }
        throw new IllegalStateException("user " + user + "'s decision " + decision + " is no action");
    }

    /**
     * One decision per user from one flattened action index per user: {@link Decision#NONE} for users without a
     * task in {@code draws}.
     *
     * @throws InputException for the wrong number of actions or an index outside the action space
     */
    public static Decision[] decisions(int[] actions, ActionSpace space, Deployment deployment, SlotDraws draws) {
        int users = deployment.userCount();
        if (actions.length != users) {
            throw new InputException(actions.length + " actions for " + users + " users: give one per user");
        }
        Decision[] decisions = new Decision[users];
        Arrays.fill(decisions, Decision.NONE);
        for (int n = 0; n < users; n++) {
            if (actions[n] < 0 || actions[n] >= space.size()) {
                throw new InputException("action " + actions[n] + " of user " + n + " is out of range: allowed 0.."
                        + (space.size() - 1));
            }
            if (draws.hasTask(n)) {
                decisions[n] = Decisions.of(space.action(actions[n]), deployment.user(n));
            }
        }
        return decisions;
    }

    /** Every user's observation of the current slot, in user order. */
    @Override
    public List<Observation> observations() {
        requirePlaying();
        List<Observation> all = new ArrayList<>(deployment.userCount());
        for (int n = 0; n < deployment.userCount(); n++) {
            all.add(observations.observe(deployment, state, draws, n));
        }
        return all;
    }

    /** The current slot's observations in the bridge's packed form: the values of {@link #observations()}. */
    @Override
    public PackedObservations packedObservations() {
        requirePlaying();
        return observations.observeAll(deployment, state, draws);
    }

    /**
     * The decisions of the current slot from one flattened action index per user.
     *
     * @throws InputException for the wrong number of actions, an index outside the action space, or a step
     *                        outside an episode
     */
    protected Decision[] decisions(int[] actions) {
        requirePlaying();
        return decisions(actions, actionSpace(), deployment, draws);
    }

    /** Ends the current slot: {@code next} is the state at the start of the next, whose draws are made. */
    protected SlotRecord advance(SlotRecord record, SlotState next) {
        state = next;
        slot++;
        if (slot < model.slotsPerEpisode()) {
            draws = SlotDraws.draw(model, deployment, seed, episode, slot);
        }
        return record;
    }

    protected void requireStarted() {
        if (episode < 0) {
            throw new InputException("the environment has no episode yet: reset it first");
        }
    }

    protected void requirePlaying() {
        requireStarted();
        if (episodeOver()) {
            throw new InputException("episode " + episode + " is over after " + model.slotsPerEpisode()
                    + " slots: reset it");
        }
    }
}
