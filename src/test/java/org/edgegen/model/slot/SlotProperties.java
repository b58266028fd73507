package org.edgegen.model.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgegen.Cases.doubleIn;
import static org.edgegen.Cases.intIn;
import static org.edgegen.Cases.longIn;
import static org.edgegen.Cases.oneOf;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.edgegen.Cases;
import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.TaskParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Monotonicity and independence properties of whole slots on the default layout where every user has a task.
 * The other users' decisions are random but held fixed while one user's choice or one backlog varies.
 */
class SlotProperties {

    private static final int USERS = 20;
    private static final int CELLS = 7;
    private static final int[] STEPS = {5, 10, 15, 20, 25, 30};
    private static final int CASES = 150;
    private static final SystemModel MODEL = SystemModel.of(busy());

    private static Scenario busy() {
        Scenario d = Scenarios.defaults();
        TaskParams t = d.tasks();
        return Scenarios.withTasks(d, new TaskParams(1.0, t.inputBits(), t.outputBits(), t.maxError(),
                t.deadlineSeconds()));
    }

    private static long seed(SplittableRandom r) {
        return longIn(r, 0, 1_000_000);
    }

    private static int user(SplittableRandom r) {
        return intIn(r, 0, USERS - 1);
    }

    /** The three paths a user can choose. */
    private static Path path(SplittableRandom r) {
        return oneOf(r, Path.LOCAL, Path.HOME, Path.NEIGHBOUR);
    }

    /** One slot with random other decisions and random backlogs. */
    private record Fixture(Deployment deployment, SlotDraws draws, Decision[] others, double[] userBacklog,
            double[] bsBacklog) {

        static Fixture of(long seed) {
            Deployment deployment = Deployment.draw(MODEL, seed, 0);
            SlotDraws draws = SlotDraws.draw(MODEL, deployment, seed, 0, (int) (seed % 60));
            SplittableRandom random = new SplittableRandom(seed);
            Decision[] others = new Decision[USERS];
            for (int n = 0; n < USERS; n++) {
                List<Integer> candidates = deployment.user(n).candidates();
                int steps = STEPS[random.nextInt(STEPS.length)];
                others[n] = random.nextBoolean() ? Decision.local(steps)
                        : Decision.offload(candidates.get(random.nextInt(candidates.size())), steps);
            }
            double[] userBacklog = new double[USERS];
            for (int n = 0; n < USERS; n++) {
                userBacklog[n] = random.nextBoolean() ? 0.0 : 20 * random.nextDouble();
            }
            double[] bsBacklog = new double[CELLS];
            for (int b = 0; b < CELLS; b++) {
                bsBacklog[b] = random.nextBoolean() ? 0.0 : 400 * random.nextDouble();
            }
            return new Fixture(deployment, draws, others, userBacklog, bsBacklog);
        }

        Decision decision(int user, Path path, int steps) {
            UserSite site = deployment.user(user);
            return switch (path) {
                case LOCAL -> Decision.local(steps);
                case HOME -> Decision.offload(site.homeBs(), steps);
                default -> Decision.offload(site.candidates().get(1), steps);
            };
        }

        int server(int user, Path path) {
            UserSite site = deployment.user(user);
            return path == Path.NEIGHBOUR ? site.candidates().get(1) : site.homeBs();
        }

        TaskOutcome outcome(int user, Decision decision, double[] userBacklog, double[] bsBacklog) {
            Decision[] decisions = others.clone();
            decisions[user] = decision;
            SlotState state = new SlotState(userBacklog, bsBacklog, new int[CELLS]);
            SlotResult result = new SlotResolver(MODEL).resolve(deployment, state, draws, decisions);
            return result.outcomeOf(user).orElseThrow();
        }
    }

    static Stream<Arguments> seedUserPath() {
        return Cases.of(0x51A, CASES, r -> new Object[] {seed(r), user(r), path(r)});
    }

    @ParameterizedTest(name = "[{index}] seed = {0}, user = {1}, path = {2}")
    @MethodSource("seedUserPath")
    void delayNeverFallsWhenStepsRiseOnAnyPath(long seed, int user, Path path) {
        String c = String.format("seed = %d, user = %d, path = %s", seed, user, path);
        Fixture f = Fixture.of(seed);
        double previous = Double.NEGATIVE_INFINITY;
        for (int steps : STEPS) {
            TaskOutcome outcome = f.outcome(user, f.decision(user, path, steps), f.userBacklog, f.bsBacklog);
            assertThat(outcome.path()).as("%s, c = %d", c, steps).isEqualTo(path);
            assertThat(outcome.delaySeconds()).as("%s, c = %d", c, steps).isGreaterThanOrEqualTo(previous);
            previous = outcome.delaySeconds();
        }
    }

    static Stream<Arguments> localBacklogs() {
        return Cases.of(0x51B, CASES, r -> new Object[] {seed(r), user(r), doubleIn(r, 0, 30), doubleIn(r, 0, 30)});
    }

    @ParameterizedTest(name = "[{index}] seed = {0}, user = {1}, low = {2}, extra = {3}")
    @MethodSource("localBacklogs")
    void localDelayNeverFallsWhenTheLocalBacklogRises(long seed, int user, double low, double extra) {
        String c = String.format("seed = %d, user = %d, low = %s, extra = %s", seed, user, low, extra);
        Fixture f = Fixture.of(seed);
        double[] lower = f.userBacklog.clone();
        double[] higher = f.userBacklog.clone();
        lower[user] = low;
        higher[user] = low + extra;
        Decision local = Decision.local(20);
        assertThat(f.outcome(user, local, higher, f.bsBacklog).delaySeconds()).as(c)
                .isGreaterThanOrEqualTo(f.outcome(user, local, lower, f.bsBacklog).delaySeconds());
    }

    static Stream<Arguments> serverBacklogs() {
        return Cases.of(0x51C, CASES,
                r -> new Object[] {seed(r), user(r), path(r), doubleIn(r, 0, 500), doubleIn(r, 0, 500)});
    }

    @ParameterizedTest(name = "[{index}] seed = {0}, user = {1}, path = {2}, low = {3}, extra = {4}")
    @MethodSource("serverBacklogs")
    void edgeDelayNeverFallsWhenTheServerBacklogRises(long seed, int user, Path path, double low, double extra) {
        String c = String.format("seed = %d, user = %d, path = %s, low = %s, extra = %s", seed, user, path, low,
                extra);
        Path edge = path == Path.LOCAL ? Path.HOME : path;
        Fixture f = Fixture.of(seed);
        int server = f.server(user, edge);
        double[] lower = f.bsBacklog.clone();
        double[] higher = f.bsBacklog.clone();
        lower[server] = low;
        higher[server] = low + extra;
        Decision decision = f.decision(user, edge, 20);
        assertThat(f.outcome(user, decision, f.userBacklog, higher).delaySeconds()).as(c)
                .isGreaterThanOrEqualTo(f.outcome(user, decision, f.userBacklog, lower).delaySeconds());
    }

    static Stream<Arguments> serverQueues() {
        return Cases.of(0x51D, CASES, r -> new Object[] {seed(r), user(r), path(r), doubleIn(r, 0, 5000)});
    }

    @ParameterizedTest(name = "[{index}] seed = {0}, user = {1}, path = {2}, backlog = {3}")
    @MethodSource("serverQueues")
    void theEnergyOfAnOffloadedTaskNeverDependsOnTheServerQueue(long seed, int user, Path path, double backlog) {
        String c = String.format("seed = %d, user = %d, path = %s, backlog = %s", seed, user, path, backlog);
        Path edge = path == Path.LOCAL ? Path.HOME : path;
        Fixture f = Fixture.of(seed);
        double[] queued = f.bsBacklog.clone();
        queued[f.server(user, edge)] = backlog;
        Decision decision = f.decision(user, edge, 20);
        TaskOutcome idle = f.outcome(user, decision, f.userBacklog, new double[CELLS]);
        TaskOutcome busy = f.outcome(user, decision, f.userBacklog, queued);
        assertThat(busy.energyJoules()).as(c).isEqualTo(idle.energyJoules());
        assertThat(busy.energyJoules()).as(c).isPositive();
    }

    static Stream<Arguments> seeds() {
        return Cases.of(0x51E, 50, r -> new Object[] {seed(r)});
    }

    @ParameterizedTest(name = "[{index}] seed = {0}")
    @MethodSource("seeds")
    void aSlotIsAPureFunctionOfSeedEpisodeAndSlot(long seed) {
        String c = String.format("seed = %d", seed);
        Fixture first = Fixture.of(seed);
        Fixture second = Fixture.of(seed);
        SlotState state = SlotState.initial(USERS, CELLS);
        SlotResult a = new SlotResolver(MODEL).resolve(first.deployment, state, first.draws, first.others);
        SlotResult b = new SlotResolver(MODEL).resolve(second.deployment, state, second.draws, second.others);
        assertThat(b.outcomes()).as(c).isEqualTo(a.outcomes());
        assertThat(b.next()).as(c).isEqualTo(a.next());
    }

    @ParameterizedTest(name = "[{index}] seed = {0}")
    @MethodSource("seeds")
    void everyDrawOfASlotIsTheSameWhoeverDrawsItAndInWhateverOrder(long seed) {
        String c = String.format("seed = %d", seed);
        Fixture f = Fixture.of(seed);
        int slot = (int) (seed % 60);
        // the actors draw their own share: users their tasks, each BS its users' gains and its background load;
        // drawing entity by entity in reverse order must give the values the whole-slot draw gave
        for (int n = USERS - 1; n >= 0; n--) {
            assertThat(MODEL.tasks().draw(seed, 0, n, slot)).as(c).isEqualTo(f.draws.task(n));
            int home = f.deployment.user(n).homeBs();
            assertThat(SlotDraws.gain(f.deployment, seed, 0, slot, n, home)).as(c).isEqualTo(f.draws.homeGain(n));
            for (int b = CELLS - 1; b >= 0; b--) {
                assertThat(SlotDraws.gain(f.deployment, seed, 0, slot, n, b)).as(c).isEqualTo(f.draws.gain(n, b));
            }
        }
        for (int b = CELLS - 1; b >= 0; b--) {
            assertThat(org.edgegen.model.queue.ServerQueue.backgroundImageSteps(seed, 0, b, slot,
                    MODEL.backgroundRequestsPerSlot(b), MODEL.steps())).as(c)
                    .isEqualTo(f.draws.backgroundImageSteps(b));
        }
    }
}
