package org.edgegen.sim;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.queue.ServerQueue;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.task.Task;
import org.edgegen.training.RunSpec;

/**
 * A run of the tiny scenario (two neighbouring cells, an A100 and a T4, four users) as the actors see it: the
 * {@link RunSpec} they are sent and the node's {@link RunContexts}, plus the random draws of episode 0 that a test
 * computes its expected numbers from.
 */
final class TinyRun {

    static final Path TINY = Path.of("conf/scenarios/tiny.conf");
    static final int EPISODE = 0;

    final LoadedScenario loaded;
    final RunContexts runs = new RunContexts();
    final RunSpec spec;
    final RunContext context;
    final SystemModel model;
    final Deployment deployment;

    private TinyRun(LoadedScenario loaded, long seed, String policy) {
        this.loaded = loaded;
        this.spec = new RunSpec(UUID.randomUUID().toString(), loaded.renderHocon(), seed, policy);
        this.context = runs.of(spec);
        this.model = context.model();
        this.deployment = context.deployment(EPISODE);
    }

    /** A run whose users act by {@code all-local} when no decision is handed to them. */
    static TinyRun of(long seed, Map<String, String> overrides) {
        return of(seed, overrides, "all-local");
    }

    static TinyRun of(long seed, Map<String, String> overrides, String policy) {
        return new TinyRun(ScenarioLoader.load(TINY, overrides), seed, policy);
    }

    /** The tiny run with the smallest seed whose draws fit the case a test needs. */
    static TinyRun firstFitting(Map<String, String> overrides, Predicate<TinyRun> fits) {
        LoadedScenario loaded = ScenarioLoader.load(TINY, overrides);
        for (long seed = 1; seed <= 500; seed++) {
            TinyRun run = new TinyRun(loaded, seed, "all-local");
            if (fits.test(run)) {
                return run;
            }
        }
        throw new IllegalStateException("no seed in 1..500 gives the tiny run the test needs");
    }

    long seed() {
        return spec.seed();
    }

    int users() {
        return deployment.userCount();
    }

    int cells() {
        return model.cellCount();
    }

    UserSite user(int userId) {
        return deployment.user(userId);
    }

    /** A joint policy's decisions of every user (by user id) as BS {@code bs} receives them: its cell's, in order. */
    List<Decision> ofCell(int bs, Decision[] decisions) {
        return java.util.Arrays.stream(deployment.usersOfCell(bs)).mapToObj(u -> decisions[u]).toList();
    }

    int home(int userId) {
        return deployment.user(userId).homeBs();
    }

    /** The other cell of the two. */
    static int otherCell(int bs) {
        return 1 - bs;
    }

    int[] usersOf(int bs) {
        return deployment.usersOfCell(bs);
    }

    boolean hasTask(int userId, int slot) {
        return model.tasks().draw(seed(), EPISODE, userId, slot).isPresent();
    }

    Task task(int userId, int slot) {
        return model.tasks().draw(seed(), EPISODE, userId, slot).orElseThrow();
    }

    /** g_{n,b}(l): large-scale gain times this slot's fading. */
    double gain(int userId, int bs, int slot) {
        return SlotDraws.gain(deployment, seed(), EPISODE, slot, userId, bs);
    }

    /** A^bg_b(l), drawn with λ_b Δ computed from ρ^bg by {@link Formulas#backgroundRequestsPerSlot}. */
    double background(int bs, int slot, double utilisation) {
        return ServerQueue.backgroundImageSteps(seed(), EPISODE, bs, slot,
                Formulas.backgroundRequestsPerSlot(Formulas.tinyGpu(bs), utilisation), model.steps());
    }

    /** A decision for every user: local with {@code steps} steps unless the test says otherwise. */
    Decision[] allLocal(int steps) {
        Decision[] decisions = new Decision[users()];
        Arrays.fill(decisions, Decision.local(steps));
        return decisions;
    }
}
