package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgegen.sim.Formulas.close;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.Behaviors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgegen.cluster.Nodes;
import org.edgegen.model.slot.Path;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.model.task.Task;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.training.RunReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The slot coordinator's fault handling with real base stations and users on a real clock: phases that never
 * complete end in reported timeouts, re-runs and, after the last attempt, a failed run, never in a hang. These tests
 * wait for events only; when a timeout fires, to the millisecond, is {@link PhaseClockTest}'s business (manual
 * time).
 */
class SlotCoordinatorTest {

    static final ActorTestKit testKit = ActorTestKit.create(Nodes.localConfig());
    /** How long to wait for an event that must come (it returns as soon as it does). */
    static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Two-slot episodes, a two-second phase timeout and two attempts per episode. The timeout is the episode's
     * set-up timeout too (tiny has far fewer than 10,000 entities): half a second was too short for the set-up of
     * real users and stations on a machine at load 50, which then ended in one timeout more than the tests count.
     */
    static final Map<String, String> IMPATIENT = Map.of(
            "edgegen.time.slots-per-episode", "2",
            "edgegen.task.arrival-probability", "1.0",
            "edgegen.sim.slot-timeout-s", "2",
            "edgegen.sim.max-episode-attempts", "2");

    static ShardRoutes routes;
    static DeadLetterWatch deadLetters;

    private final List<ActorRef<?>> spawned = new ArrayList<>();
    private final TestProbe<SlotCoordinator.RunEvent> listener = testKit.createTestProbe();

    /** The run's events without the coordinator's heartbeats and start notices, which these tests do not look at. */
    private static ActorRef<SlotCoordinator.RunEvent> withoutProgress(TestProbe<SlotCoordinator.RunEvent> probe) {
        return testKit.spawn(Behaviors.receive(SlotCoordinator.RunEvent.class)
                .onMessage(SlotCoordinator.RunEvent.class, event -> {
                    if (!(event instanceof SlotCoordinator.Progress)
                            && !(event instanceof SlotCoordinator.Started)) {
                        probe.ref().tell(event);
                    }
                    return Behaviors.same();
                })
                .build());
    }

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
        routes.clear();
        spawned.forEach(testKit::stop);
    }

    private <T> ActorRef<T> spawn(Behavior<T> behavior) {
        ActorRef<T> ref = testKit.spawn(behavior);
        spawned.add(ref);
        return ref;
    }

    private ActorRef<SlotCoordinator.Command> startRun(TinyRun run) {
        ActorRef<SlotCoordinator.Command> coordinator = spawn(SlotCoordinator.create(run.runs));
        coordinator.tell(new SlotCoordinator.StartRun(run.spec, 1, run.loaded.sim().slotTimeoutSeconds(),
                run.loaded.sim().maxEpisodeAttempts(), withoutProgress(listener)));
        return coordinator;
    }

    /** Plays every BS through the set-up of {@code attempt}: takes its StartEpisode and answers BsReady. */
    private static void readyBoth(ActorRef<SlotCoordinator.Command> coordinator, int attempt,
            List<TestProbe<BaseStation.Command>> stations) {
        for (int bs = 0; bs < stations.size(); bs++) {
            BaseStation.StartEpisode start = stations.get(bs).expectMessageClass(BaseStation.StartEpisode.class, WAIT);
            assertThat(start.episode()).isZero();
            assertThat(start.attempt()).isEqualTo(attempt);
        }
        for (int bs = 0; bs < stations.size(); bs++) {
            coordinator.tell(new SlotCoordinator.BsReady(0, attempt, bs, stations.get(bs).ref()));
        }
    }

    private static BaseStation.BeginSlot begun(TestProbe<BaseStation.Command> station, int attempt, int slot) {
        BaseStation.BeginSlot begin = station.expectMessageClass(BaseStation.BeginSlot.class, WAIT);
        assertThat(begin.attempt()).isEqualTo(attempt);
        assertThat(begin.slot()).isEqualTo(slot);
        return begin;
    }

    private static SlotCoordinator.SlotSummary emptySummary(int attempt, int slot, int bs) {
        return new SlotCoordinator.SlotSummary(0, attempt, slot, bs, List.of(), 0.0, 0, new int[0], new double[0]);
    }

    private List<TestProbe<BaseStation.Command>> stationProbes(TinyRun run) {
        List<TestProbe<BaseStation.Command>> stations = new ArrayList<>();
        for (int bs = 0; bs < run.cells(); bs++) {
            TestProbe<BaseStation.Command> probe = testKit.createTestProbe();
            routes.station(bs, probe.ref());
            stations.add(probe);
        }
        return stations;
    }

    @Test
    void aSlotThatABaseStationNeverReportsEndsInTwoReportedTimeoutsAndAFailedRunNotAHang() {
        TinyRun run = TinyRun.of(1, IMPATIENT);
        List<TestProbe<BaseStation.Command>> stations = stationProbes(run);
        ActorRef<SlotCoordinator.Command> coordinator = startRun(run);

        for (int attempt = 0; attempt < 2; attempt++) {
            readyBoth(coordinator, attempt, stations);
            begun(stations.get(0), attempt, 0);
            begun(stations.get(1), attempt, 0);
            coordinator.tell(emptySummary(attempt, 0, 0));
        }
        SlotCoordinator.RunFailed failed = listener.expectMessageClass(SlotCoordinator.RunFailed.class, WAIT);

        assertThat(failed.report()).isEqualTo(new RunReport(2, 1, 0));
        assertThat(failed.message()).contains("episode 0 failed 2 times", "slot 0", "2.0 s",
                "no answer from base stations [1]");
        listener.expectNoMessage(Duration.ofMillis(200));
        stations.get(0).expectNoMessage(Duration.ZERO);
        stations.get(1).expectNoMessage(Duration.ZERO);
    }

    @Test
    void aTimedOutEpisodeIsReRunFromItsStartDeliveredOnceAndItsLateSummaryIsCountedAsStale() {
        TinyRun run = TinyRun.of(2, IMPATIENT);
        List<TestProbe<BaseStation.Command>> stations = stationProbes(run);
        ActorRef<SlotCoordinator.Command> coordinator = startRun(run);

        readyBoth(coordinator, 0, stations);
        begun(stations.get(0), 0, 0);
        begun(stations.get(1), 0, 0);
        coordinator.tell(emptySummary(0, 0, 0));
        readyBoth(coordinator, 1, stations);
        coordinator.tell(emptySummary(0, 0, 1));

        // attempt 1: one user of each cell generates locally in each slot; the loads of slot 0 go out with slot 1
        List<SlotRecord> expected = new ArrayList<>();
        for (int slot = 0; slot < 2; slot++) {
            BaseStation.BeginSlot begin0 = begun(stations.get(0), 1, slot);
            BaseStation.BeginSlot begin1 = begun(stations.get(1), 1, slot);
            if (slot == 1) {
                // each BS gets its candidate servers' loads, its own first
                assertThat(begin0.candidateBacklogImageSteps()).containsExactly(3.0, 4.0);
                assertThat(begin0.candidateLastArrivals()).containsExactly(1, 2);
                assertThat(begin1.candidateBacklogImageSteps()).containsExactly(4.0, 3.0);
                assertThat(begin1.candidateLastArrivals()).containsExactly(2, 1);
            }
            List<TaskOutcome> outcomes = new ArrayList<>();
            for (int bs = 0; bs < 2; bs++) {
                Task task = run.task(bs, slot);
                double delay = 1.0 + bs + slot;
                TaskOutcome outcome = run.context.outcomes().completed(task, Path.LOCAL, -1, 10, delay, 5.0,
                        TaskOutcome.OffloadTrace.NONE);
                outcomes.add(outcome);
                coordinator.tell(new SlotCoordinator.SlotSummary(0, 1, slot, bs, List.of(outcome), 3.0 + bs,
                        1 + bs, new int[] {bs}, new double[] {0.25 * (bs + 1)}));
            }
            double meanCost = (Formulas.cost(1.0 + slot, 5.0, Formulas.error(10))
                    + Formulas.cost(2.0 + slot, 5.0, Formulas.error(10))) / 2;
            expected.add(new SlotRecord(0, slot, outcomes, meanCost));
        }

        Pieces.Completed completed = Pieces.completed(listener, WAIT);
        assertThat(completed.episode()).isZero();
        assertThat(completed.slots()).hasSize(2);
        for (int slot = 0; slot < 2; slot++) {
            SlotRecord record = completed.slots().get(slot);
            assertThat(record.slot()).isEqualTo(slot);
            assertThat(record.outcomes()).isEqualTo(expected.get(slot).outcomes());
            assertThat(record.meanCost()).isCloseTo(expected.get(slot).meanCost(), close(record.meanCost()));
        }
        SlotCoordinator.RunCompleted done = listener.expectMessageClass(SlotCoordinator.RunCompleted.class, WAIT);
        assertThat(done.report()).isEqualTo(new RunReport(1, 1, 1));
        listener.expectNoMessage(Duration.ofMillis(100));
    }

    /** A user device that joins every episode and then never answers a slot. */
    private static Behavior<UserDevice.Command> mute(int userId) {
        return Behaviors.setup(context -> Behaviors.receive(UserDevice.Command.class)
                .onMessage(UserDevice.JoinEpisode.class, join -> {
                    join.home().tell(new BaseStation.UserJoined(join.episode(), join.attempt(), userId,
                            context.getSelf()));
                    return Behaviors.same();
                })
                .onMessage(UserDevice.SlotStart.class, start -> Behaviors.same())
                .build());
    }

    @Test
    void aUserThatNeverAnswersEndsTheRunInAReportedTimeoutNotAHang() {
        TinyRun run = TinyRun.of(3, IMPATIENT);
        int silent = 2;
        for (int user = 0; user < run.users(); user++) {
            routes.user(user, spawn(user == silent ? mute(user) : UserDevice.create(user, run.runs)));
        }
        for (int bs = 0; bs < run.cells(); bs++) {
            routes.station(bs, spawn(BaseStation.create(bs, run.runs)));
        }

        startRun(run);
        SlotCoordinator.RunFailed failed = listener.expectMessageClass(SlotCoordinator.RunFailed.class, WAIT);

        // the silent user's cell never decides, so it never relays a batch, so its neighbour cannot serve either
        assertThat(failed.report()).isEqualTo(new RunReport(2, 1, 0));
        assertThat(failed.message()).contains("episode 0 failed 2 times", "slot 0",
                "no answer from base stations [0, 1]");
        listener.expectNoMessage(Duration.ofMillis(200));
    }

    /** A real user device that misses one slot of one attempt of one episode: the message starting it is lost. */
    private static Behavior<UserDevice.Command> missingSlot(Behavior<UserDevice.Command> device, int episode,
            int attempt, int slot) {
        return Behaviors.intercept(() -> new BehaviorInterceptor<UserDevice.Command, UserDevice.Command>(
                UserDevice.Command.class) {
            @Override
            public Behavior<UserDevice.Command> aroundReceive(TypedActorContext<UserDevice.Command> context,
                    UserDevice.Command message, ReceiveTarget<UserDevice.Command> target) {
                if (message instanceof UserDevice.SlotStart start && start.episode() == episode
                        && start.attempt() == attempt && start.slot() == slot) {
                    return Behaviors.same();
                }
                return target.apply(context, message);
            }
        }, device);
    }

    @Test
    void anEpisodeReRunAfterAUserMissedASlotGivesExactlyTheNumbersOfAnUndisturbedRun() {
        Map<String, String> overrides = new HashMap<>(IMPATIENT);
        overrides.put("edgegen.time.slots-per-episode", "4");
        overrides.put("edgegen.task.arrival-probability", "0.7");
        TinyRun run = TinyRun.of(29, overrides, "random");
        for (int user = 0; user < run.users(); user++) {
            Behavior<UserDevice.Command> device = UserDevice.create(user, run.runs);
            routes.user(user, spawn(user == 1 ? missingSlot(device, 0, 0, 2) : device));
        }
        for (int bs = 0; bs < run.cells(); bs++) {
            routes.station(bs, spawn(BaseStation.create(bs, run.runs)));
        }
        ActorRef<SlotCoordinator.Command> coordinator = spawn(SlotCoordinator.create(run.runs));
        coordinator.tell(new SlotCoordinator.StartRun(run.spec, 2, run.loaded.sim().slotTimeoutSeconds(),
                run.loaded.sim().maxEpisodeAttempts(), withoutProgress(listener)));

        Pieces.Completed first = Pieces.completed(listener, WAIT);
        Pieces.Completed second = Pieces.completed(listener, WAIT);
        SlotCoordinator.RunCompleted done = listener.expectMessageClass(SlotCoordinator.RunCompleted.class, WAIT);

        EpisodeLoop loop = new EpisodeLoop(run.model);
        var policy = new PolicyCatalog(run.model).require("random");
        assertThat(first.episode()).isZero();
        assertThat(first.slots()).isEqualTo(loop.play(policy, run.seed(), 0));
        assertThat(second.episode()).isEqualTo(1);
        assertThat(second.slots()).isEqualTo(loop.play(policy, run.seed(), 1));
        assertThat(first.slots().stream().mapToInt(r -> r.outcomes().size()).sum()).isPositive();
        assertThat(done.report()).isEqualTo(new RunReport(1, 1, 0));
    }

    @Test
    void anEpisodesSetUpWaitsTheSlotTimeoutUpToTenThousandEntitiesAndLongerInProportionBeyond() {
        assertThat(SlotCoordinator.setupTimeoutSeconds(30, 20, 7)).isEqualTo(30.0);
        assertThat(SlotCoordinator.setupTimeoutSeconds(30, 9_000, 1_000)).isEqualTo(30.0);
        // metro-xl: 11,420 users and 3,997 cells
        assertThat(SlotCoordinator.setupTimeoutSeconds(30, 11_420, 3_997)).isCloseTo(46.251, within(1e-9));
        assertThat(SlotCoordinator.setupTimeoutSeconds(2, 1_000_000, 351_919)).isCloseTo(270.3838, within(1e-9));
    }
}
