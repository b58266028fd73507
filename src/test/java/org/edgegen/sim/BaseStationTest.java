package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgegen.sim.Formulas.close;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.edgegen.cluster.Nodes;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.Path;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.model.task.Task;
import org.edgegen.training.RunSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two cells of the tiny scenario with real base stations and user devices talking through sharding; the test
 * plays the coordinator, hands out each user's decision and checks every number of the slot summaries.
 */
class BaseStationTest {

    static final ActorTestKit testKit = ActorTestKit.create(Nodes.localConfig());
    /** Every user has a task in every slot and the servers carry no background load, unless a test says so. */
    static final Map<String, String> DETERMINISTIC = Map.of(
            "edgegen.task.arrival-probability", "1.0",
            "edgegen.edge.background-utilisation", "0");

    static ShardRoutes routes;
    static DeadLetterWatch deadLetters;

    private Cells cells;

    @BeforeAll
    static void cluster() {
        routes = ShardRoutes.install(testKit);
        deadLetters = DeadLetterWatch.on(testKit);
    }

    @AfterAll
    static void shutDown() {
        testKit.shutdownTestKit();
    }

    @AfterEach
    void nothingWasLost() {
        routes.unrouted.expectNoMessage(Duration.ofMillis(50));
        deadLetters.expectNone();
        if (cells != null) {
            cells.stop();
        }
    }

    @Test
    void aNeighboursHelloThatArrivesBeforeTheStartOfItsRunIsKeptInTheFirstAndInANewRun() {
        TinyRun run = TinyRun.of(1, DETERMINISTIC);
        TestProbe<SlotCoordinator.Command> coordinator = testKit.createTestProbe();
        TestProbe<BaseStation.Command> neighbour = testKit.createTestProbe();
        java.util.List<akka.actor.typed.ActorRef<?>> spawned = new java.util.ArrayList<>();
        for (int user = 0; user < run.users(); user++) {
            var device = testKit.spawn(UserDevice.create(user, run.runs));
            spawned.add(device);
            routes.user(user, device);
        }
        var station = testKit.spawn(BaseStation.create(0, run.runs));
        spawned.add(station);
        routes.station(0, station);
        routes.station(1, neighbour.ref());
        RunSpec next = new RunSpec("next-run", run.spec.scenarioHocon(), run.spec.seed(), run.spec.policy());
        try {
            for (RunSpec spec : java.util.List.of(run.spec, next)) {
                // the neighbour started the episode first: its hello overtakes this BS's StartEpisode
                station.tell(new BaseStation.NeighbourHello(spec.runId(), TinyRun.EPISODE, 0, 1, neighbour.ref()));
                station.tell(new BaseStation.StartEpisode(spec, TinyRun.EPISODE, 0, coordinator.ref()));

                SlotCoordinator.BsReady ready = coordinator.expectMessageClass(SlotCoordinator.BsReady.class,
                        Cells.WAIT);
                assertThat(ready.bs()).isZero();
                assertThat(neighbour.expectMessageClass(BaseStation.NeighbourHello.class).runId())
                        .isEqualTo(spec.runId());
            }
        } finally {
            routes.clear();
            spawned.forEach(testKit::stop);
        }
    }

    @Test
    void aNeighbourThatRelayedNothingGetsNoRelayResultsAndIsWaitedForByNone() {
        TinyRun run = TinyRun.firstFitting(DETERMINISTIC, r -> r.usersOf(0).length >= 1);
        TestProbe<SlotCoordinator.Command> coordinator = testKit.createTestProbe();
        TestProbe<BaseStation.Command> neighbour = testKit.createTestProbe();
        java.util.List<akka.actor.typed.ActorRef<?>> spawned = new java.util.ArrayList<>();
        for (int user = 0; user < run.users(); user++) {
            var device = testKit.spawn(UserDevice.create(user, run.runs));
            spawned.add(device);
            routes.user(user, device);
        }
        var station = testKit.spawn(BaseStation.create(0, run.runs));
        spawned.add(station);
        routes.station(0, station);
        routes.station(1, neighbour.ref());
        try {
            station.tell(new BaseStation.NeighbourHello(run.spec.runId(), TinyRun.EPISODE, 0, 1, neighbour.ref()));
            station.tell(new BaseStation.StartEpisode(run.spec, TinyRun.EPISODE, 0, coordinator.ref()));
            coordinator.expectMessageClass(SlotCoordinator.BsReady.class, Cells.WAIT);
            neighbour.expectMessageClass(BaseStation.NeighbourHello.class, Cells.WAIT);
            // every user of cell 0 generates locally: nothing is relayed either way
            station.tell(new BaseStation.BeginSlot(TinyRun.EPISODE, 0, 0, new double[2], new int[2],
                    run.ofCell(0, run.allLocal(5))));

            BaseStation.RelayBatch out = neighbour.expectMessageClass(BaseStation.RelayBatch.class, Cells.WAIT);
            assertThat(out.arrivals()).isEmpty();
            station.tell(new BaseStation.RelayBatch(TinyRun.EPISODE, 0, 0, 1, java.util.List.of()));

            SlotCoordinator.SlotSummary summary =
                    coordinator.expectMessageClass(SlotCoordinator.SlotSummary.class, Cells.WAIT);
            assertThat(summary.outcomes()).hasSize(run.usersOf(0).length)
                    .allMatch(outcome -> outcome.path() == Path.LOCAL);
            neighbour.expectNoMessage(Duration.ofMillis(200));
        } finally {
            routes.clear();
            spawned.forEach(testKit::stop);
        }
    }

    @Test
    void aHomeOffloadIsUploadedServedAndDownloadedAtTheRatesOfTheModel() {
        TinyRun run = TinyRun.of(1, DETERMINISTIC);
        int user = 0;
        int home = run.home(user);
        Decision[] decisions = run.allLocal(5);
        decisions[user] = Decision.offload(home, 20);
        cells = new Cells(testKit, routes, run).start();

        var summaries = cells.slot(0, decisions);

        Task task = run.task(user, 0);
        double gain = run.gain(user, home, 0);
        double uplink = Formulas.uplinkRate(1, gain);
        double upload = task.inputBits() / uplink;
        double completion = Formulas.completion(upload, 20, Formulas.tinyGpu(home), 0.0, 0.0);
        double downlink = Formulas.downlinkRate(1, gain);
        double delay = completion + Formulas.BS_OVERHEAD_SECONDS + task.outputBits() / downlink;
        double energy = Formulas.UE_POWER_WATTS * upload;
        TaskOutcome outcome = cells.outcome(summaries, user);
        TaskOutcome.OffloadTrace trace = outcome.offload();
        assertThat(outcome.path()).isEqualTo(Path.HOME);
        assertThat(outcome.serverBs()).isEqualTo(home);
        assertThat(trace.uplinkSharingUsers()).isEqualTo(1);
        assertThat(trace.uplinkRateBitsPerSecond()).isCloseTo(uplink, close(uplink));
        assertThat(trace.uploadSeconds()).isCloseTo(upload, close(upload));
        assertThat(trace.arrivalSeconds()).as("t^arr = t^up at home").isCloseTo(upload, close(upload));
        assertThat(trace.aheadImageSteps()).isZero();
        assertThat(trace.completionSeconds()).isCloseTo(completion, close(completion));
        assertThat(trace.downlinkSharingUsers()).isEqualTo(1);
        assertThat(trace.downlinkRateBitsPerSecond()).isCloseTo(downlink, close(downlink));
        assertThat(outcome.delaySeconds()).isCloseTo(delay, close(delay));
        assertThat(outcome.energyJoules()).isCloseTo(energy, close(energy));
        assertThat(outcome.cost()).isCloseTo(Formulas.cost(delay, energy, Formulas.error(20)), close(1));
        assertThat(outcome.penalty()).isEqualTo(
                Formulas.penalty(delay, task.deadlineSeconds(), Formulas.error(20), task.maxError(), false));
        assertThat(summaries.get(home).arrivals()).isEqualTo(1);
        assertThat(summaries.get(TinyRun.otherCell(home)).arrivals()).isZero();
        double backlog = Formulas.nextServerBacklog(0.0, 20, 0.0, Formulas.tinyGpu(home));
        assertThat(summaries.get(home).nextBacklogImageSteps()).isCloseTo(backlog, close(backlog));
    }

    @Test
    void aNeighbourOffloadPaysTheBackhaulBothWays() {
        TinyRun run = TinyRun.of(2, DETERMINISTIC);
        int user = 1;
        int home = run.home(user);
        int neighbour = TinyRun.otherCell(home);
        Decision[] decisions = run.allLocal(5);
        decisions[user] = Decision.offload(neighbour, 20);
        cells = new Cells(testKit, routes, run).start();

        var summaries = cells.slot(0, decisions);

        Task task = run.task(user, 0);
        double gain = run.gain(user, home, 0);
        double upload = task.inputBits() / Formulas.uplinkRate(1, gain);
        double there = run.deployment.backhaulRateBitsPerSecond(home, neighbour);
        double back = run.deployment.backhaulRateBitsPerSecond(neighbour, home);
        assertThat(there).isBetween(400e6, 500e6);
        assertThat(back).isBetween(400e6, 500e6);
        double arrival = upload + task.inputBits() / there + Formulas.BACKHAUL_LATENCY_SECONDS;
        double completion = Formulas.completion(arrival, 20, Formulas.tinyGpu(neighbour), 0.0, 0.0);
        double downlink = Formulas.downlinkRate(1, gain);
        double delay = completion + Formulas.BS_OVERHEAD_SECONDS + task.outputBits() / back
                + Formulas.BACKHAUL_LATENCY_SECONDS + task.outputBits() / downlink;
        TaskOutcome outcome = cells.outcome(summaries, user);
        assertThat(outcome.path()).isEqualTo(Path.NEIGHBOUR);
        assertThat(outcome.serverBs()).isEqualTo(neighbour);
        assertThat(outcome.offload().uploadSeconds()).isCloseTo(upload, close(upload));
        assertThat(outcome.offload().arrivalSeconds()).isCloseTo(arrival, close(arrival));
        assertThat(outcome.offload().arrivalSeconds() - upload)
                .as("B/R(h,k) + 1 ms on the way there")
                .isCloseTo(task.inputBits() / there + 0.001, Formulas.close(0.01));
        assertThat(outcome.offload().completionSeconds()).isCloseTo(completion, close(completion));
        assertThat(outcome.delaySeconds()).isCloseTo(delay, close(delay));
        assertThat(outcome.delaySeconds() - completion - task.outputBits() / downlink)
                .as("O/R(k,h) + 1 ms on the way back")
                .isCloseTo(task.outputBits() / back + 0.001, Formulas.close(0.01));
        assertThat(outcome.energyJoules()).as("relaying costs the user nothing")
                .isCloseTo(Formulas.UE_POWER_WATTS * upload, close(0.01));
        assertThat(summaries.get(neighbour).arrivals()).isEqualTo(1);
        assertThat(summaries.get(home).arrivals()).isZero();
        double neighbourBacklog = Formulas.nextServerBacklog(0.0, 20, 0.0, Formulas.tinyGpu(neighbour));
        assertThat(summaries.get(neighbour).nextBacklogImageSteps())
                .isCloseTo(neighbourBacklog, close(neighbourBacklog));
        assertThat(summaries.get(home).nextBacklogImageSteps()).isZero();
    }

    @Test
    void twoUsersOfOneCellHalveEachOthersUplinkAndDownlink() {
        TinyRun run = TinyRun.firstFitting(DETERMINISTIC,
                r -> r.usersOf(0).length >= 2 || r.usersOf(1).length >= 2);
        int bs = run.usersOf(0).length >= 2 ? 0 : 1;
        int first = run.usersOf(bs)[0];
        int second = run.usersOf(bs)[1];
        Decision[] decisions = run.allLocal(5);
        decisions[first] = Decision.offload(bs, 20);
        decisions[second] = Decision.offload(bs, 20);
        cells = new Cells(testKit, routes, run).start();

        var summaries = cells.slot(0, decisions);

        int[] pair = {first, second};
        double[] upload = new double[2];
        for (int i = 0; i < 2; i++) {
            int user = pair[i];
            double gain = run.gain(user, bs, 0);
            double halfBand = Formulas.UPLINK_HZ / 2;
            double rate = halfBand * Formulas.log2(1 + Formulas.UE_POWER_WATTS * gain
                    / (Formulas.BS_NOISE_WATTS_PER_HZ * halfBand));
            upload[i] = run.task(user, 0).inputBits() / rate;
            TaskOutcome.OffloadTrace trace = cells.outcome(summaries, user).offload();
            assertThat(trace.uplinkSharingUsers()).isEqualTo(2);
            assertThat(trace.uplinkRateBitsPerSecond()).isCloseTo(rate, close(rate));
            assertThat(trace.uploadSeconds()).isCloseTo(upload[i], close(upload[i]));
            assertThat(trace.downlinkSharingUsers()).isEqualTo(2);
            double downlink = Formulas.downlinkRate(2, gain);
            assertThat(trace.downlinkRateBitsPerSecond()).isCloseTo(downlink, close(downlink));
        }
        int earlier = upload[0] <= upload[1] ? 0 : 1;
        int later = 1 - earlier;
        var gpu = Formulas.tinyGpu(bs);
        double[] completion = new double[2];
        completion[earlier] = Formulas.completion(upload[earlier], 20, gpu, 0.0, 0.0);
        completion[later] = Formulas.completion(upload[later], 20, gpu, 0.0, 20.0);
        assertThat(cells.outcome(summaries, pair[earlier]).offload().aheadImageSteps()).isZero();
        assertThat(cells.outcome(summaries, pair[later]).offload().aheadImageSteps()).isEqualTo(20.0);
        for (int i = 0; i < 2; i++) {
            TaskOutcome outcome = cells.outcome(summaries, pair[i]);
            double delay = completion[i] + run.task(pair[i], 0).outputBits()
                    / Formulas.downlinkRate(2, run.gain(pair[i], bs, 0));
            assertThat(outcome.offload().completionSeconds()).isCloseTo(completion[i], close(completion[i]));
            assertThat(outcome.delaySeconds()).isCloseTo(delay, close(delay));
        }
        assertThat(summaries.get(bs).arrivals()).isEqualTo(2);
    }

    @Test
    void aServerBacklogAndALocalBacklogAreCarriedIntoTheNextSlot() {
        TinyRun run = TinyRun.firstFitting(DETERMINISTIC, r -> r.usersOf(1).length >= 1);
        int offloader = run.usersOf(1)[0];
        int local = offloader == 0 ? 1 : 0;
        double tau = run.user(local).deviceStepSeconds();
        var t4 = Formulas.T4;
        cells = new Cells(testKit, routes, run).start();

        Decision[] first = run.allLocal(5);
        first[offloader] = Decision.offload(1, 30);
        first[local] = Decision.local(30);
        var slot0 = cells.slot(0, first);
        Decision[] second = run.allLocal(5);
        second[offloader] = Decision.offload(1, 10);
        second[local] = Decision.local(10);
        var slot1 = cells.slot(1, second);

        double serverBacklog = Formulas.nextServerBacklog(0.0, 30, 0.0, t4);
        assertThat(serverBacklog).as("30 image-steps outlast one second of a T4").isGreaterThan(20.0);
        assertThat(slot0.get(1).nextBacklogImageSteps()).isCloseTo(serverBacklog, close(serverBacklog));
        double upload = run.task(offloader, 1).inputBits() / Formulas.uplinkRate(1, run.gain(offloader, 1, 1));
        double completion = Formulas.completion(upload, 10, t4, serverBacklog, 0.0);
        assertThat(completion).as("the carried backlog, not the task itself, sets t^C")
                .isCloseTo((serverBacklog + 10) * t4.secondsPerImage(), close(completion));
        assertThat(cells.outcome(slot1, offloader).offload().completionSeconds())
                .isCloseTo(completion, close(completion));
        double nextServerBacklog = Formulas.nextServerBacklog(serverBacklog, 10, 0.0, t4);
        assertThat(slot1.get(1).nextBacklogImageSteps()).isCloseTo(nextServerBacklog, close(nextServerBacklog));

        double localBacklog = Formulas.nextLocalBacklog(0.0, Formulas.localWork(30, tau));
        assertThat(cells.userBacklog(slot0, local)).isCloseTo(localBacklog, close(localBacklog));
        double delay = localBacklog + Formulas.localWork(10, tau);
        assertThat(cells.outcome(slot1, local).delaySeconds()).isCloseTo(delay, close(delay));
        double nextLocalBacklog = Formulas.nextLocalBacklog(localBacklog, Formulas.localWork(10, tau));
        assertThat(cells.userBacklog(slot1, local)).isCloseTo(nextLocalBacklog, close(nextLocalBacklog));
        assertThat(cells.userBacklog(slot1, offloader)).as("offloading adds no local work")
                .isEqualTo(cells.userBacklog(slot0, offloader));
    }

    @Test
    void backgroundLoadEntersTheNextBacklogOfEachServer() {
        double utilisation = 0.9;
        TinyRun run = TinyRun.firstFitting(Map.of(
                        "edgegen.task.arrival-probability", "1.0",
                        "edgegen.edge.background-utilisation", Double.toString(utilisation)),
                r -> r.usersOf(1).length >= 1 && r.background(1, 0, utilisation) > 0
                        && r.background(0, 0, utilisation) > Formulas.A100.imageStepsPerSecond());
        int offloader = run.usersOf(1)[0];
        cells = new Cells(testKit, routes, run).start();

        Decision[] decisions = run.allLocal(5);
        decisions[offloader] = Decision.offload(1, 10);
        var slot0 = cells.slot(0, decisions);
        var slot1 = cells.slot(1, decisions);

        double[] background0 = {run.background(0, 0, utilisation), run.background(1, 0, utilisation)};
        double[] background1 = {run.background(0, 1, utilisation), run.background(1, 1, utilisation)};
        double a100 = Formulas.nextServerBacklog(0.0, 0, background0[0], Formulas.A100);
        double t4 = Formulas.nextServerBacklog(0.0, 10, background0[1], Formulas.T4);
        assertThat(a100).as("no task reached the A100; its backlog is background only").isPositive();
        assertThat(t4).isGreaterThan(Formulas.nextServerBacklog(0.0, 10, 0.0, Formulas.T4));
        assertThat(slot0.get(0).nextBacklogImageSteps()).isCloseTo(a100, close(a100));
        assertThat(slot0.get(1).nextBacklogImageSteps()).isCloseTo(t4, close(t4));

        double upload = run.task(offloader, 1).inputBits() / Formulas.uplinkRate(1, run.gain(offloader, 1, 1));
        double completion = Formulas.completion(upload, 10, Formulas.T4, t4, 0.0);
        assertThat(cells.outcome(slot1, offloader).offload().completionSeconds())
                .isCloseTo(completion, close(completion));
        double nextA100 = Formulas.nextServerBacklog(a100, 0, background1[0], Formulas.A100);
        double nextT4 = Formulas.nextServerBacklog(t4, 10, background1[1], Formulas.T4);
        assertThat(slot1.get(0).nextBacklogImageSteps()).isCloseTo(nextA100, close(nextA100));
        assertThat(slot1.get(1).nextBacklogImageSteps()).isCloseTo(nextT4, close(nextT4));
    }

    /** Whether the first user of the cell has no task in slot 0 and the second one has. */
    private static boolean idleBesideBusy(TinyRun run, int bs) {
        int[] users = run.usersOf(bs);
        return users.length >= 2 && !run.hasTask(users[0], 0) && run.hasTask(users[1], 0);
    }

    @Test
    void aUserWithoutATaskGetsNoResultAndHasNoOutcomeWhileItsCellOffloads() {
        TinyRun run = TinyRun.firstFitting(Map.of(
                        "edgegen.task.arrival-probability", "0.5",
                        "edgegen.edge.background-utilisation", "0"),
                r -> idleBesideBusy(r, 0) || idleBesideBusy(r, 1));
        int bs = idleBesideBusy(run, 0) ? 0 : 1;
        int idle = run.usersOf(bs)[0];
        int busy = run.usersOf(bs)[1];
        cells = new Cells(testKit, routes, run);
        TestProbe<UserDevice.Command> idleDevice = cells.playUser(idle);
        cells.start();
        Decision[] decisions = run.allLocal(5);
        decisions[idle] = Decision.NONE;
        decisions[busy] = Decision.offload(bs, 20);

        cells.begin(0, decisions);
        UserDevice.SlotStart start = idleDevice.expectMessageClass(UserDevice.SlotStart.class, Cells.WAIT);
        assertThat(start.slot()).isZero();
        assertThat(start.homeGain()).isEqualTo(run.gain(idle, bs, 0));
        cells.station(bs).tell(new BaseStation.NoTask(TinyRun.EPISODE, 0, 0, idle, 2.5));
        var summaries = cells.summaries(0);

        assertThat(summaries.get(bs).outcomes()).extracting(TaskOutcome::userId).doesNotContain(idle).contains(busy);
        assertThat(cells.userBacklog(summaries, idle)).isEqualTo(2.5);
        TaskOutcome.OffloadTrace trace = cells.outcome(summaries, busy).offload();
        assertThat(trace.uplinkSharingUsers()).as("a user without a task takes no share of the band").isEqualTo(1);
        double uplink = Formulas.uplinkRate(1, run.gain(busy, bs, 0));
        assertThat(trace.uplinkRateBitsPerSecond()).isCloseTo(uplink, close(uplink));
        idleDevice.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aTaskBeyondTheQueueCapIsDroppedAndLeavesTheDownlinkToTheTaskThatWasServed() {
        Map<String, String> overrides = new HashMap<>(DETERMINISTIC);
        overrides.put("edgegen.edge.queue-cap-image-steps", "30");
        TinyRun run = TinyRun.firstFitting(overrides, r -> r.usersOf(0).length >= 2);
        int first = run.usersOf(0)[0];
        int second = run.usersOf(0)[1];
        Decision[] decisions = run.allLocal(5);
        decisions[first] = Decision.offload(0, 20);
        decisions[second] = Decision.offload(0, 20);
        cells = new Cells(testKit, routes, run).start();

        var summaries = cells.slot(0, decisions);

        double[] upload = new double[run.users()];
        for (int user : new int[] {first, second}) {
            upload[user] = run.task(user, 0).inputBits() / Formulas.uplinkRate(2, run.gain(user, 0, 0));
        }
        int served = upload[first] <= upload[second] ? first : second;
        int dropped = served == first ? second : first;
        TaskOutcome kept = cells.outcome(summaries, served);
        TaskOutcome lost = cells.outcome(summaries, dropped);
        assertThat(kept.path()).isEqualTo(Path.HOME);
        assertThat(kept.offload().uplinkSharingUsers()).isEqualTo(2);
        assertThat(kept.offload().downlinkSharingUsers()).as("a dropped task takes no share of the downlink")
                .isEqualTo(1);
        double downlink = Formulas.downlinkRate(1, run.gain(served, 0, 0));
        assertThat(kept.offload().downlinkRateBitsPerSecond()).isCloseTo(downlink, close(downlink));
        double completion = Formulas.completion(upload[served], 20, Formulas.A100, 0.0, 0.0);
        double delay = completion + run.task(served, 0).outputBits() / downlink;
        assertThat(kept.delaySeconds()).isCloseTo(delay, close(delay));

        Task task = run.task(dropped, 0);
        double energy = Formulas.UE_POWER_WATTS * upload[dropped];
        assertThat(lost.path()).isEqualTo(Path.FAILED);
        assertThat(lost.dropped()).isTrue();
        assertThat(lost.invalid()).isFalse();
        assertThat(lost.offload().aheadImageSteps()).as("0 + 20 + 20 > 30").isEqualTo(20.0);
        assertThat(lost.offload().completionSeconds()).isNaN();
        assertThat(lost.delaySeconds()).isEqualTo(task.deadlineSeconds());
        assertThat(lost.energyJoules()).isCloseTo(energy, close(energy));
        assertThat(lost.cost()).isCloseTo(Formulas.cost(task.deadlineSeconds(), energy, 1.0), close(1));
        assertThat(lost.penalty()).isEqualTo(Formulas.RHO_INVALID + Formulas.RHO_QUALITY);
        assertThat(summaries.get(0).arrivals()).isEqualTo(2);
        double backlog = Formulas.nextServerBacklog(0.0, 20, 0.0, Formulas.A100);
        assertThat(summaries.get(0).nextBacklogImageSteps()).as("only the served task's image-steps count")
                .isCloseTo(backlog, close(backlog));
    }

    @Test
    void anInvalidActionIsPenalisedAndTheSlotAndTheNextOneStillComplete() {
        TinyRun run = TinyRun.of(5, DETERMINISTIC);
        int invalid = 0;
        int offloader = 1;
        cells = new Cells(testKit, routes, run).start();
        Decision[] decisions = run.allLocal(5);
        decisions[invalid] = Decision.offload(7, 20);
        decisions[offloader] = Decision.offload(run.home(offloader), 20);

        var slot0 = cells.slot(0, decisions);
        var slot1 = cells.slot(1, run.allLocal(5));

        Task task = run.task(invalid, 0);
        TaskOutcome outcome = cells.outcome(slot0, invalid);
        assertThat(outcome.path()).isEqualTo(Path.FAILED);
        assertThat(outcome.invalid()).isTrue();
        assertThat(outcome.delaySeconds()).isEqualTo(task.deadlineSeconds());
        assertThat(outcome.energyJoules()).isZero();
        assertThat(outcome.error()).isEqualTo(1.0);
        assertThat(outcome.cost()).isCloseTo(Formulas.cost(task.deadlineSeconds(), 0.0, 1.0), close(1));
        assertThat(outcome.penalty()).as("ρ_I + ρ_ε").isEqualTo(3.0);
        assertThat(cells.outcome(slot0, offloader).offload().uplinkSharingUsers())
                .as("the invalid action takes no share of the band").isEqualTo(1);
        assertThat(cells.userBacklog(slot0, invalid)).isZero();
        assertThat(slot0.get(0).arrivals() + slot0.get(1).arrivals()).isEqualTo(1);
        double delay = Formulas.localWork(5, run.user(invalid).deviceStepSeconds());
        assertThat(cells.outcome(slot1, invalid).delaySeconds()).isCloseTo(delay, close(delay));
        assertThat(slot1.get(0).outcomes().size() + slot1.get(1).outcomes().size()).isEqualTo(run.users());
    }
}
