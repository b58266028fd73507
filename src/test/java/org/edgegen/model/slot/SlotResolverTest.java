package org.edgegen.model.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.TaskOutcome.OffloadTrace;
import org.junit.jupiter.api.Test;

/**
 * Whole slots on the default 7-cell layout with every task and device quantity pinned ({@link Scenarios#pinned}):
 * B = 4 Mbit, O = 0.8 Mbit, ε^max = 0.3, T^max = 8 s, τ^U = 0.4 s/step, R^BH = 450 Mbit/s. Only positions, gains
 * and background load are random; expectations read those from the draws and apply SYSTEM-MODEL's formulas.
 */
class SlotResolverTest {

    private static final long SEED = 11L;
    /** a_b and β_b of the default GPU mix, in BS order: A100, 4090, 3090, V100, T4, A100, 4090. */
    private static final double[][] GPU = {
        {0.019, 0.0192}, {0.0035, 0.0195}, {0.009, 0.0362}, {0.019, 0.0365}, {0.007, 0.138}, {0.019, 0.0192},
        {0.0035, 0.0195}};

    private final SystemModel model = SystemModel.of(Scenarios.pinned(Scenarios.defaults()));
    private final Deployment deployment = Deployment.draw(model, SEED, 0);
    private final SlotDraws draws = SlotDraws.draw(model, deployment, SEED, 0, 0);
    private final SlotResolver resolver = new SlotResolver(model);
    private final SlotState empty = SlotState.initial(20, 7);

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static double uplinkRate(int sharing, double gain) {
        double band = 10e6 / sharing;
        return band * log2(1 + Math.pow(10, (23 - 30) / 10.0) * gain / (Math.pow(10, (-174 + 5 - 30) / 10.0) * band));
    }

    static double downlinkRate(int sharing, double gain) {
        double band = 10e6 / sharing;
        double power = Math.pow(10, (46 - 30) / 10.0) * band / 10e6;
        return band * log2(1 + power * gain / (Math.pow(10, (-174 + 9 - 30) / 10.0) * band));
    }

    static double error(int steps) {
        return 1 - Math.min(0.16 * Math.log(steps) / Math.log(6) - 0.02, 0.27) / 0.27;
    }

    static double cost(double delay, double energy, double error) {
        return (1.0 / 3) * delay / 10 + (1.0 / 3) * energy / 100 + (1.0 / 3) * error;
    }

    /** r^P with T^max = 8 s, ε^max = 0.3, ρ = (1, 1, 1, 2), E^max = ∞. */
    static double penalty(double delay, double error, boolean failed) {
        double value = 0;
        if (delay > 8) {
            value += 1 + (delay - 8) / 8;
        }
        if (error > 0.3) {
            value += 1;
        }
        return value + (failed ? 2 : 0);
    }

    static double uploadEnergy(double uploadSeconds) {
        return Math.pow(10, (23 - 30) / 10.0) * uploadSeconds;
    }

    static double stepAlone(int bs) {
        return GPU[bs][0] + GPU[bs][1];
    }

    static double throughput(int bs) {
        return 1 / GPU[bs][1];
    }

    private static Decision[] allLocal(int users, int steps) {
        Decision[] decisions = new Decision[users];
        Arrays.fill(decisions, Decision.local(steps));
        return decisions;
    }

    /** Two users sharing a home cell. */
    private int[] twoUsersOfOneCell() {
        for (int b = 0; b < model.cellCount(); b++) {
            if (deployment.cellPopulation(b) >= 2) {
                return Arrays.copyOf(deployment.usersOfCell(b), 2);
            }
        }
        throw new AssertionError("no cell with two users for seed " + SEED);
    }

    @Test
    void theFixtureGivesEveryUserTheSamePinnedTask() {
        assertThat(draws.activeCount()).isEqualTo(20);
        assertThat(draws.task(0).orElseThrow().inputBits()).isEqualTo(4e6);
        assertThat(deployment.user(0).deviceStepSeconds()).isEqualTo(0.4);
    }

    @Test
    void aLocalTaskWaitsForTheDeviceBacklogAndPaysTheDevicePower() {
        double[] userBacklog = new double[20];
        userBacklog[0] = 3.0;
        SlotState state = new SlotState(userBacklog, new double[7], new int[7]);
        TaskOutcome outcome = resolver.resolve(deployment, state, draws, allLocal(20, 20)).outcomeOf(0).orElseThrow();

        double delay = 3.0 + 0.5 + 20 * 0.4;
        double energy = 7.5 * (0.5 + 20 * 0.4);
        assertThat(outcome.path()).isEqualTo(Path.LOCAL);
        assertThat(outcome.serverBs()).isEqualTo(-1);
        assertThat(outcome.delaySeconds()).isCloseTo(delay, within(1e-12));
        assertThat(outcome.energyJoules()).isCloseTo(energy, within(1e-12));
        assertThat(outcome.error()).isCloseTo(error(20), within(1e-12));
        assertThat(outcome.cost()).isCloseTo(cost(delay, energy, error(20)), within(1e-12));
        assertThat(outcome.penalty()).isCloseTo(penalty(delay, error(20), false), within(1e-12));
        assertThat(outcome.penalty()).isCloseTo(1 + 3.5 / 8, within(1e-12));
        assertThat(outcome.deadlineViolated()).isTrue();
        assertThat(outcome.offload()).isEqualTo(OffloadTrace.NONE);
    }

    @Test
    void aTaskOffloadedHomeUploadsComputesAndDownloads() {
        int user = 0;
        int home = deployment.user(user).homeBs();
        Decision[] decisions = allLocal(20, 20);
        decisions[user] = Decision.offload(home, 20);
        TaskOutcome outcome = resolver.resolve(deployment, empty, draws, decisions).outcomeOf(user).orElseThrow();

        double gain = draws.homeGain(user);
        double upload = 4e6 / uplinkRate(1, gain);
        double completion = Math.max(upload + 20 * stepAlone(home), (0.0 + 0.0 + 20) / throughput(home));
        double delay = completion + 0.0 + 0.8e6 / downlinkRate(1, gain);
        double energy = uploadEnergy(upload);
        assertThat(outcome.path()).isEqualTo(Path.HOME);
        assertThat(outcome.serverBs()).isEqualTo(home);
        OffloadTrace trace = outcome.offload();
        assertThat(trace.uplinkSharingUsers()).isEqualTo(1);
        assertThat(trace.uplinkRateBitsPerSecond()).isCloseTo(uplinkRate(1, gain), within(1e-3));
        assertThat(trace.uploadSeconds()).isCloseTo(upload, within(1e-12));
        assertThat(trace.arrivalSeconds()).isCloseTo(upload, within(1e-12));
        assertThat(trace.aheadImageSteps()).isZero();
        assertThat(trace.completionSeconds()).isCloseTo(completion, within(1e-12));
        assertThat(trace.downlinkSharingUsers()).isEqualTo(1);
        assertThat(trace.downlinkRateBitsPerSecond()).isCloseTo(downlinkRate(1, gain), within(1e-3));
        assertThat(outcome.delaySeconds()).isCloseTo(delay, within(1e-9));
        assertThat(outcome.energyJoules()).isCloseTo(energy, within(1e-12));
        assertThat(outcome.cost()).isCloseTo(cost(delay, energy, error(20)), within(1e-9));
        assertThat(outcome.penalty()).isCloseTo(penalty(delay, error(20), false), within(1e-9));
    }

    @Test
    void offloadingToANeighbourAddsBackhaulDelayBothWays() {
        int user = 0;
        UserSite site = deployment.user(user);
        int home = site.homeBs();
        int neighbour = site.candidates().get(1);
        Decision[] toHome = allLocal(20, 20);
        toHome[user] = Decision.offload(home, 20);
        Decision[] toNeighbour = allLocal(20, 20);
        toNeighbour[user] = Decision.offload(neighbour, 20);
        TaskOutcome atHome = resolver.resolve(deployment, empty, draws, toHome).outcomeOf(user).orElseThrow();
        TaskOutcome atNeighbour =
                resolver.resolve(deployment, empty, draws, toNeighbour).outcomeOf(user).orElseThrow();

        double gain = draws.homeGain(user);
        double upload = 4e6 / uplinkRate(1, gain);
        double arrival = upload + 4e6 / 450e6 + 0.001;
        double completion = Math.max(arrival + 20 * stepAlone(neighbour), (0.0 + 0.0 + 20) / throughput(neighbour));
        double delay = completion + 0.8e6 / 450e6 + 0.001 + 0.8e6 / downlinkRate(1, gain);
        assertThat(atNeighbour.path()).isEqualTo(Path.NEIGHBOUR);
        assertThat(atNeighbour.serverBs()).isEqualTo(neighbour);
        assertThat(atNeighbour.offload().arrivalSeconds()).isCloseTo(arrival, within(1e-12));
        assertThat(atNeighbour.offload().arrivalSeconds() - atHome.offload().arrivalSeconds())
                .isCloseTo(4e6 / 450e6 + 0.001, within(1e-12));
        assertThat(atNeighbour.offload().completionSeconds()).isCloseTo(completion, within(1e-12));
        assertThat(atNeighbour.delaySeconds()).isCloseTo(delay, within(1e-9));
        assertThat((atNeighbour.delaySeconds() - atNeighbour.offload().completionSeconds())
                - (atHome.delaySeconds() - atHome.offload().completionSeconds()))
                .isCloseTo(0.8e6 / 450e6 + 0.001, within(1e-12));
        assertThat(atNeighbour.energyJoules()).as("relaying costs the user nothing")
                .isCloseTo(atHome.energyJoules(), within(1e-15));
    }

    @Test
    void twoUsersOfOneCellHalveEachOthersUplinkShare() {
        int[] pair = twoUsersOfOneCell();
        int home = deployment.user(pair[0]).homeBs();
        Decision[] decisions = allLocal(20, 20);
        decisions[pair[0]] = Decision.offload(home, 20);
        decisions[pair[1]] = Decision.offload(home, 15);
        SlotResult result = resolver.resolve(deployment, empty, draws, decisions);

        for (int user : pair) {
            OffloadTrace trace = result.outcomeOf(user).orElseThrow().offload();
            double gain = draws.homeGain(user);
            assertThat(trace.uplinkSharingUsers()).isEqualTo(2);
            assertThat(trace.uplinkRateBitsPerSecond()).isCloseTo(uplinkRate(2, gain), within(1e-3));
            assertThat(trace.uploadSeconds()).isCloseTo(4e6 / uplinkRate(2, gain), within(1e-12));
            assertThat(trace.downlinkSharingUsers()).isEqualTo(2);
            assertThat(trace.downlinkRateBitsPerSecond()).isCloseTo(downlinkRate(2, gain), within(1e-3));
        }
        TaskOutcome a = result.outcomeOf(pair[0]).orElseThrow();
        TaskOutcome b = result.outcomeOf(pair[1]).orElseThrow();
        TaskOutcome later = a.offload().arrivalSeconds() > b.offload().arrivalSeconds() ? a : b;
        TaskOutcome earlier = later == a ? b : a;
        assertThat(earlier.offload().aheadImageSteps()).isZero();
        assertThat(later.offload().aheadImageSteps()).isEqualTo(earlier.steps());
        double completion = Math.max(later.offload().arrivalSeconds() + later.steps() * stepAlone(home),
                (0.0 + earlier.steps() + later.steps()) / throughput(home));
        assertThat(later.offload().completionSeconds()).isCloseTo(completion, within(1e-12));
    }

    @Test
    void backlogsAreCarriedIntoTheNextSlot() {
        int offloader = 0;
        int localUser = 1;
        int home = deployment.user(offloader).homeBs();
        double[] bsBacklog = new double[7];
        bsBacklog[home] = 200.0;
        SlotState state = new SlotState(new double[20], bsBacklog, new int[7]);
        Decision[] decisions = allLocal(20, 5);
        decisions[offloader] = Decision.offload(home, 20);
        decisions[localUser] = Decision.local(30);
        SlotResult result = resolver.resolve(deployment, state, draws, decisions);

        double upload = 4e6 / uplinkRate(1, draws.homeGain(offloader));
        double completion = Math.max(upload + 20 * stepAlone(home), (200.0 + 0.0 + 20) / throughput(home));
        assertThat(result.outcomeOf(offloader).orElseThrow().offload().completionSeconds())
                .isCloseTo(completion, within(1e-12));
        for (int b = 0; b < 7; b++) {
            double served = b == home ? 20 : 0;
            double expected = Math.max(0, bsBacklog[b] + served + draws.backgroundImageSteps(b) - throughput(b) * 1.0);
            assertThat(result.next().bsBacklogImageSteps(b)).as("Q_%d(l+1)", b).isCloseTo(expected, within(1e-9));
            assertThat(result.next().lastArrivalCount(b)).isEqualTo(b == home ? 1 : 0);
        }
        assertThat(result.next().bsBacklogImageSteps(home)).isGreaterThan(100.0);
        assertThat(result.next().userBacklogSeconds(localUser)).isCloseTo(0.5 + 30 * 0.4 - 1.0, within(1e-12));
        assertThat(result.next().userBacklogSeconds(offloader)).isZero();

        SlotDraws nextDraws = SlotDraws.draw(model, deployment, SEED, 0, 1);
        SlotResult next = resolver.resolve(deployment, result.next(), nextDraws, allLocal(20, 20));
        assertThat(next.outcomeOf(localUser).orElseThrow().delaySeconds())
                .isCloseTo((0.5 + 30 * 0.4 - 1.0) + 0.5 + 20 * 0.4, within(1e-12));
    }

    @Test
    void anOffloadToAServerOutsideTheCandidatesFailsWithoutCrashing() {
        UserSite user = deployment.users().stream().filter(u -> u.candidates().size() < 7).findFirst()
                .orElseThrow(() -> new AssertionError("every user is in the centre cell"));
        int stranger = 0;
        while (user.candidateIndex(stranger) >= 0) {
            stranger++;
        }
        for (Decision invalid : new Decision[] {Decision.offload(stranger, 20), Decision.offload(99, 20),
                Decision.local(7), Decision.NONE, Decision.invalid(20)}) {
            Decision[] decisions = allLocal(20, 20);
            decisions[user.userId()] = invalid;
            SlotResult result = resolver.resolve(deployment, empty, draws, decisions);
            TaskOutcome outcome = result.outcomeOf(user.userId()).orElseThrow();
            assertThat(outcome.path()).as("%s", invalid).isEqualTo(Path.FAILED);
            assertThat(outcome.invalid()).isTrue();
            assertThat(outcome.dropped()).isFalse();
            assertThat(outcome.delaySeconds()).isEqualTo(8.0);
            assertThat(outcome.energyJoules()).isZero();
            assertThat(outcome.error()).isEqualTo(1.0);
            assertThat(outcome.cost()).isCloseTo(cost(8.0, 0.0, 1.0), within(1e-12));
            assertThat(outcome.penalty()).as("ρ_ε + ρ_I").isCloseTo(1.0 + 2.0, within(1e-12));
            assertThat(result.next().lastArrivalCount(stranger)).isZero();
        }
    }

    @Test
    void aServerAtItsCapDropsTheLaterTask() {
        SystemModel capped = SystemModel.of(Scenarios.withQueueCap(Scenarios.pinned(Scenarios.defaults()), 25));
        SlotDraws cappedDraws = SlotDraws.draw(capped, deployment, SEED, 0, 0);
        int[] pair = twoUsersOfOneCell();
        int home = deployment.user(pair[0]).homeBs();
        Decision[] decisions = allLocal(20, 20);
        decisions[pair[0]] = Decision.offload(home, 20);
        decisions[pair[1]] = Decision.offload(home, 20);
        SlotResult result = new SlotResolver(capped).resolve(deployment, empty, cappedDraws, decisions);

        TaskOutcome a = result.outcomeOf(pair[0]).orElseThrow();
        TaskOutcome b = result.outcomeOf(pair[1]).orElseThrow();
        boolean aFirst = a.offload().arrivalSeconds() < b.offload().arrivalSeconds()
                || (a.offload().arrivalSeconds() == b.offload().arrivalSeconds() && pair[0] < pair[1]);
        TaskOutcome served = aFirst ? a : b;
        TaskOutcome dropped = aFirst ? b : a;
        assertThat(served.path()).isEqualTo(Path.HOME);
        assertThat(served.offload().downlinkSharingUsers()).as("the dropped task gets no downlink share").isEqualTo(1);
        assertThat(dropped.path()).isEqualTo(Path.FAILED);
        assertThat(dropped.dropped()).isTrue();
        assertThat(dropped.invalid()).isFalse();
        assertThat(dropped.delaySeconds()).isEqualTo(8.0);
        double energy = uploadEnergy(4e6 / uplinkRate(2, cappedDraws.homeGain(dropped.userId())));
        assertThat(dropped.energyJoules()).as("the upload was spent").isCloseTo(energy, within(1e-12));
        assertThat(dropped.offload().completionSeconds()).isNaN();
        assertThat(dropped.penalty()).isCloseTo(1.0 + 2.0, within(1e-12));
        assertThat(dropped.cost()).isCloseTo(cost(8.0, energy, 1.0), within(1e-12));
        double expectedBacklog = Math.max(0,
                0.0 + 20 + cappedDraws.backgroundImageSteps(home) - throughput(home) * 1.0);
        assertThat(result.next().bsBacklogImageSteps(home)).isCloseTo(expectedBacklog, within(1e-9));
    }

    @Test
    void usersWithoutATaskGetNoOutcomeAndTheMeanCostIsOverActiveUsers() {
        SystemModel sparse = SystemModel.of(Scenarios.defaults());
        Deployment d = Deployment.draw(sparse, SEED, 0);
        SlotDraws slot = SlotDraws.draw(sparse, d, SEED, 0, 2);
        assertThat(slot.activeCount()).isBetween(1, 19);
        Decision[] decisions = new Decision[20];
        for (int n = 0; n < 20; n++) {
            decisions[n] = n % 2 == 0 ? Decision.local(20) : Decision.offload(d.user(n).homeBs(), 10);
        }
        SlotResult result = new SlotResolver(sparse).resolve(d, SlotState.initial(20, 7), slot, decisions);

        assertThat(result.outcomes()).hasSize(slot.activeCount());
        double sum = 0;
        for (int n = 0; n < 20; n++) {
            assertThat(result.outcomeOf(n).isPresent()).as("user %d", n).isEqualTo(slot.hasTask(n));
        }
        for (TaskOutcome outcome : result.outcomes()) {
            sum += outcome.cost();
        }
        assertThat(result.meanCost()).isCloseTo(sum / slot.activeCount(), within(1e-12));
        TaskOutcome any = result.outcomes().get(0);
        assertThat(result.reward(any)).isCloseTo(-sum / slot.activeCount() - any.penalty(), within(1e-12));
    }

    @Test
    void aSlotWithoutTasksHasZeroMeanCost() {
        SystemModel none = SystemModel.of(Scenarios.withTasks(Scenarios.defaults(),
                new org.edgegen.model.Scenario.TaskParams(0.0, new org.edgegen.model.Range(2e6, 5e6),
                        new org.edgegen.model.Range(0.6e6, 1e6), new org.edgegen.model.Range(0.1, 0.5),
                        new org.edgegen.model.Range(4, 12))));
        Deployment d = Deployment.draw(none, SEED, 0);
        SlotResult result = new SlotResolver(none).resolve(d, SlotState.initial(20, 7),
                SlotDraws.draw(none, d, SEED, 0, 0), allLocal(20, 20));
        assertThat(result.outcomes()).isEmpty();
        assertThat(result.meanCost()).isZero();
    }

    @Test
    void withInterferenceAnOffloaderInAnotherCellLowersTheUplinkRate() {
        org.edgegen.model.Scenario.RadioParams r = model.scenario().radio();
        SystemModel noisy = SystemModel.of(Scenarios.withRadio(model.scenario(),
                new org.edgegen.model.Scenario.RadioParams(r.pathLossInterceptDb(), r.pathLossSlopeDb(),
                        r.shadowingStdDb(), r.noisePsdDbmPerHz(), r.bsNoiseFigureDb(), r.ueNoiseFigureDb(),
                        r.uplinkBandwidthHz(), r.downlinkBandwidthHz(), r.uePowerDbm(), r.bsPowerDbm(), true)));
        int victim = 0;
        int home = deployment.user(victim).homeBs();
        int other = 1;
        while (deployment.user(other).homeBs() == home) {
            other++;
        }
        Decision[] alone = allLocal(20, 20);
        alone[victim] = Decision.offload(home, 20);
        Decision[] both = alone.clone();
        both[other] = Decision.offload(deployment.user(other).homeBs(), 20);

        double cleanRate = new SlotResolver(noisy).resolve(deployment, empty, draws, alone).outcomeOf(victim)
                .orElseThrow().offload().uplinkRateBitsPerSecond();
        TaskOutcome disturbed = new SlotResolver(noisy).resolve(deployment, empty, draws, both).outcomeOf(victim)
                .orElseThrow();
        assertThat(cleanRate).isCloseTo(uplinkRate(1, draws.homeGain(victim)), within(1e-3));
        double interference = Math.pow(10, (23 - 30) / 10.0) * draws.gain(other, home) / 10e6;
        double band = 10e6;
        double expected = band * log2(1 + Math.pow(10, (23 - 30) / 10.0) * draws.homeGain(victim)
                / (band * (Math.pow(10, (-174 + 5 - 30) / 10.0) + interference)));
        assertThat(disturbed.offload().uplinkRateBitsPerSecond()).isCloseTo(expected, within(1e-3))
                .isLessThan(cleanRate);
        assertThat(resolver.resolve(deployment, empty, draws, both).outcomeOf(victim).orElseThrow().offload()
                .uplinkRateBitsPerSecond()).as("interference is off by default").isCloseTo(cleanRate, within(1e-6));
    }

    @Test
    void theSameInputsResolveToTheSameSlot() {
        Decision[] decisions = allLocal(20, 20);
        decisions[3] = Decision.offload(deployment.user(3).homeBs(), 25);
        SlotResult once = resolver.resolve(deployment, empty, draws, decisions);
        SlotResult again = resolver.resolve(deployment, empty, SlotDraws.draw(model, deployment, SEED, 0, 0),
                decisions);
        assertThat(again.outcomes()).isEqualTo(once.outcomes());
        assertThat(again.next()).isEqualTo(once.next());
    }
}
