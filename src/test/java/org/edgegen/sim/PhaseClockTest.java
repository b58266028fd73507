package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.edgegen.policy.neural.NeuralFixtures;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.EpisodeExperience;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.RunReport;
import org.edgegen.training.RunSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's and the learner's clocks on Akka's manual time: a phase times out exactly when its limit has
 * passed and not a moment before, and the learner's heartbeats keep a long update from failing the run while a
 * silent learner still ends it. No real timer is involved, so a loaded machine cannot make these tests flake.
 */
class PhaseClockTest {

    /** A local actor system (no cluster: the test stands in for the sharded base stations) on manual time. */
    static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config()
            .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
            .withFallback(ConfigFactory.load()));
    static final ManualTime manualTime = ManualTime.get(testKit.system());
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Two-slot episodes, a half-second phase timeout and two attempts per episode. */
    static final Map<String, String> IMPATIENT = Map.of(
            "edgegen.time.slots-per-episode", "2",
            "edgegen.sim.slot-timeout-s", "0.5",
            "edgegen.sim.max-episode-attempts", "2");
    static final Duration SLOT_TIMEOUT = Duration.ofMillis(500);
    /** max(120 s, 10 x 0.5 s). */
    static final Duration LEARNING_LIMIT = Duration.ofSeconds(120);

    private final TestProbe<SlotCoordinator.RunEvent> events = testKit.createTestProbe();

    @AfterAll
    static void shutDown() {
        testKit.shutdownTestKit();
    }

    private static List<TestProbe<BaseStation.Command>> stations(TinyRun run) {
        List<TestProbe<BaseStation.Command>> stations = new ArrayList<>();
        for (int bs = 0; bs < run.cells(); bs++) {
            stations.add(testKit.createTestProbe());
        }
        return stations;
    }

    private static ActorRef<SlotCoordinator.Command> coordinator(TinyRun run,
            List<TestProbe<BaseStation.Command>> stations) {
        return testKit.spawn(SlotCoordinator.create(run.runs, bs -> stations.get(bs).ref()));
    }

    /** Waits for the event that says a phase's timer runs: the coordinator starts it before it tells the driver. */
    /**
     * Starts a training of {@code episodes} episodes of {@code run} at {@code coordinator}, its events going to
     * {@code to}, and waits until it has started and asked the learner for its first policy.
     */
    private static void startTraining(TinyRun run, ActorRef<SlotCoordinator.Command> coordinator, int episodes,
            TestProbe<SlotCoordinator.RunEvent> to, TestProbe<Learner.Command> learner) {
        RunSpec spec = new RunSpec(run.spec.runId(), run.spec.scenarioHocon(), run.seed(), "osi", true);
        run.runs.of(spec);
        coordinator.tell(new SlotCoordinator.StartTraining(spec, 0, episodes, 0.5, 2, to.ref(), learner.ref()));
        to.expectMessageClass(SlotCoordinator.Started.class, WAIT);
        learner.expectMessageClass(Learner.PublishInitial.class, WAIT);
    }

    private void phaseArmed(int attempt, int slot) {
        SlotCoordinator.Progress progress = events.expectMessageClass(SlotCoordinator.Progress.class, WAIT);
        assertThat(progress.attempt()).isEqualTo(attempt);
        assertThat(progress.slot()).isEqualTo(slot);
    }

    /** Every BS takes its StartEpisode of {@code attempt} and answers that it is ready. */
    private static void ready(ActorRef<SlotCoordinator.Command> coordinator, int episode, int attempt,
            List<TestProbe<BaseStation.Command>> stations) {
        for (int bs = 0; bs < stations.size(); bs++) {
            BaseStation.StartEpisode start = stations.get(bs).expectMessageClass(BaseStation.StartEpisode.class,
                    WAIT);
            assertThat(start.episode()).isEqualTo(episode);
            assertThat(start.attempt()).isEqualTo(attempt);
            coordinator.tell(new SlotCoordinator.BsReady(episode, attempt, bs, stations.get(bs).ref()));
        }
    }

    private static void begun(List<TestProbe<BaseStation.Command>> stations, int slot) {
        for (TestProbe<BaseStation.Command> station : stations) {
            assertThat(station.expectMessageClass(BaseStation.BeginSlot.class, WAIT).slot()).isEqualTo(slot);
        }
    }

    private static SlotCoordinator.SlotSummary emptySummary(int episode, int attempt, int slot, int bs) {
        return new SlotCoordinator.SlotSummary(episode, attempt, slot, bs, List.of(), 0.0, 0, new int[0],
                new double[0]);
    }

    @Test
    void aSlotPhaseTimesOutWhenItsLimitHasPassedNotBeforeAndTheSecondTimeoutFailsTheRun() {
        TinyRun run = TinyRun.of(1, IMPATIENT);
        List<TestProbe<BaseStation.Command>> stations = stations(run);
        ActorRef<SlotCoordinator.Command> coordinator = coordinator(run, stations);
        coordinator.tell(new SlotCoordinator.StartRun(run.spec, 1, 0.5, 2, events.ref()));
        events.expectMessageClass(SlotCoordinator.Started.class, WAIT);

        for (int attempt = 0; attempt < 2; attempt++) {
            phaseArmed(attempt, -1);
            ready(coordinator, 0, attempt, stations);
            phaseArmed(attempt, 0);
            begun(stations, 0);
            coordinator.tell(emptySummary(0, attempt, 0, 0));
            // base station 1 never reports: nothing happens until the whole timeout has passed
            manualTime.expectNoMessageFor(SLOT_TIMEOUT.minusMillis(1), events, stations.get(0), stations.get(1));
            manualTime.timePasses(Duration.ofMillis(1));
        }

        SlotCoordinator.RunFailed failed = events.expectMessageClass(SlotCoordinator.RunFailed.class, WAIT);
        assertThat(failed.report()).isEqualTo(new RunReport(2, 1, 0));
        assertThat(failed.message()).contains("episode 0 failed 2 times", "slot 0", "0.5 s",
                "no answer from base stations [1]");
        manualTime.expectNoMessageFor(Duration.ofSeconds(5), events, stations.get(0), stations.get(1));
    }

    @Test
    void aSetUpThatABaseStationNeverFinishesTimesOutAfterTheSlotTimeout() {
        TinyRun run = TinyRun.of(2, IMPATIENT);
        List<TestProbe<BaseStation.Command>> stations = stations(run);
        ActorRef<SlotCoordinator.Command> coordinator = coordinator(run, stations);
        coordinator.tell(new SlotCoordinator.StartRun(run.spec, 1, 0.5, 1, events.ref()));
        events.expectMessageClass(SlotCoordinator.Started.class, WAIT);
        phaseArmed(0, -1);
        stations.get(0).expectMessageClass(BaseStation.StartEpisode.class, WAIT);
        coordinator.tell(new SlotCoordinator.BsReady(0, 0, 0, stations.get(0).ref()));

        manualTime.expectNoMessageFor(SLOT_TIMEOUT.minusMillis(1), events);
        manualTime.timePasses(Duration.ofMillis(1));

        SlotCoordinator.RunFailed failed = events.expectMessageClass(SlotCoordinator.RunFailed.class, WAIT);
        assertThat(failed.report()).isEqualTo(new RunReport(1, 0, 0));
        assertThat(failed.message()).contains("set-up", "no answer from base stations [1]");
    }

    @Test
    void heartbeatsKeepTheWaitForTheLearnerOpenPastItsLimitAndALearnerThatNeverStartsReRunsTheEpisodeThenEndsTheRun() {
        TinyRun run = TinyRun.of(3, IMPATIENT);
        List<TestProbe<BaseStation.Command>> stations = stations(run);
        TestProbe<Learner.Command> learner = testKit.createTestProbe();
        ActorRef<SlotCoordinator.Command> coordinator = coordinator(run, stations);
        startTraining(run, coordinator, 2, events, learner);
        phaseArmed(0, -2);
        coordinator.tell(new SlotCoordinator.PolicyReady(0));

        // episode 0: set up, two slots, then the learner gets it
        phaseArmed(0, -1);
        ready(coordinator, 0, 0, stations);
        for (int slot = 0; slot < 2; slot++) {
            phaseArmed(0, slot);
            begun(stations, slot);
            for (int bs = 0; bs < stations.size(); bs++) {
                coordinator.tell(emptySummary(0, 0, slot, bs));
            }
        }
        Learner.EpisodeDone done = learner.expectMessageClass(Learner.EpisodeDone.class, WAIT);
        assertThat(done.episode()).isZero();
        stations.forEach(station -> station.expectMessageClass(BaseStation.EndEpisode.class, WAIT));
        phaseArmed(0, -2);

        // a long update: three limits pass, with a heartbeat before each runs out
        for (int beat = 0; beat < 3; beat++) {
            manualTime.expectNoMessageFor(LEARNING_LIMIT.minusSeconds(1), events);
            coordinator.tell(new SlotCoordinator.LearnerWorking(0, 0));
            phaseArmed(0, -2);
        }
        coordinator.tell(new SlotCoordinator.Trained(0, 0, 1));

        // episode 1 is played, and then the learner falls silent: it never starts learning (a user's trajectory
        // is missing, its node lost), so the episode is re-run once; silent again, the run fails on its last attempt
        for (int attempt = 0; attempt < 2; attempt++) {
            phaseArmed(attempt, -1);
            ready(coordinator, 1, attempt, stations);
            for (int slot = 0; slot < 2; slot++) {
                phaseArmed(attempt, slot);
                begun(stations, slot);
                for (int bs = 0; bs < stations.size(); bs++) {
                    coordinator.tell(emptySummary(1, attempt, slot, bs));
                }
            }
            Learner.EpisodeDone played = learner.expectMessageClass(Learner.EpisodeDone.class, WAIT);
            assertThat(played.episode()).isEqualTo(1);
            assertThat(played.attempt()).isEqualTo(attempt);
            stations.forEach(station -> station.expectMessageClass(BaseStation.EndEpisode.class, WAIT));
            phaseArmed(attempt, -2);
            manualTime.expectNoMessageFor(LEARNING_LIMIT.minusMillis(1), events);
            manualTime.timePasses(Duration.ofMillis(1));
            if (attempt == 0) {
                // before a re-run the learner is asked to give the attempt up; it had not started, so it does
                assertThat(abandon(learner)).isEqualTo(new int[] {1, 0});
                phaseArmed(0, -2);
                coordinator.tell(new SlotCoordinator.LearnerAbandoned(1, 0));
            }
        }

        SlotCoordinator.RunFailed failed = events.expectMessageClass(SlotCoordinator.RunFailed.class, WAIT);
        assertThat(failed.message()).contains("the learner did not finish with episode 1 within 120 s");
        assertThat(failed.report()).isEqualTo(new RunReport(2, 1, 0));
    }

    /** Plays attempt {@code attempt} of episode 0 (two slots) until the learner has it and the wait for it runs. */
    private void playedToTheLearner(ActorRef<SlotCoordinator.Command> coordinator, int attempt,
            List<TestProbe<BaseStation.Command>> stations, TestProbe<Learner.Command> learner) {
        phaseArmed(attempt, -1);
        ready(coordinator, 0, attempt, stations);
        for (int slot = 0; slot < 2; slot++) {
            phaseArmed(attempt, slot);
            begun(stations, slot);
            for (int bs = 0; bs < stations.size(); bs++) {
                coordinator.tell(emptySummary(0, attempt, slot, bs));
            }
        }
        Learner.EpisodeDone done = learner.expectMessageClass(Learner.EpisodeDone.class, WAIT);
        assertThat(done.attempt()).isEqualTo(attempt);
        stations.forEach(station -> station.expectMessageClass(BaseStation.EndEpisode.class, WAIT));
        phaseArmed(attempt, -2);
    }

    @Test
    void aUsersNodeRemovedWhileTheLearnerWaitsForTrajectoriesReRunsTheEpisodeAtOnceNotAfterTheLearnersLimit() {
        TinyRun run = TinyRun.of(5, IMPATIENT);
        List<TestProbe<BaseStation.Command>> stations = stations(run);
        TestProbe<Learner.Command> learner = testKit.createTestProbe();
        ActorRef<SlotCoordinator.Command> coordinator = coordinator(run, stations);
        startTraining(run, coordinator, 1, events, learner);
        phaseArmed(0, -2);
        coordinator.tell(new SlotCoordinator.PolicyReady(0));
        playedToTheLearner(coordinator, 0, stations, learner);

        // a node without the users role leaves: no trajectory was lost, the wait goes on
        coordinator.tell(new SlotCoordinator.UsersNodeRemoved(""));
        manualTime.expectNoMessageFor(Duration.ofSeconds(1), events);
        // a users node is removed: the episode is re-run at once, with no more time passing
        coordinator.tell(new SlotCoordinator.UsersNodeRemoved("akka://edgegen@127.0.0.1:25523"));
        assertThat(abandon(learner)).isEqualTo(new int[] {0, 0});
        coordinator.tell(new SlotCoordinator.LearnerAbandoned(0, 0));
        playedToTheLearner(coordinator, 1, stations, learner);

        // once the learner says it is learning from the episode, it has every trajectory: a removal changes nothing
        coordinator.tell(new SlotCoordinator.LearnerWorking(0, 1));
        phaseArmed(1, -2);
        coordinator.tell(new SlotCoordinator.UsersNodeRemoved("akka://edgegen@127.0.0.1:25522"));
        manualTime.expectNoMessageFor(Duration.ofSeconds(1), events);
        coordinator.tell(new SlotCoordinator.Trained(0, 1, 1));

        SlotCoordinator.RunCompleted completed = events.expectMessageClass(SlotCoordinator.RunCompleted.class, WAIT);
        assertThat(completed.report()).as("one fault (the cut-short wait) and one re-run")
                .isEqualTo(new RunReport(1, 1, 0));
    }

    /** The learner probe's next message is an {@link Learner.Abandon}: its episode and attempt. */
    private static int[] abandon(TestProbe<Learner.Command> learner) {
        Learner.Abandon abandon = learner.expectMessageClass(Learner.Abandon.class, WAIT);
        return new int[] {abandon.episode(), abandon.attempt()};
    }

    @Test
    void aUsersNodeRemovedJustAfterTheLearnerStartedLearningReRunsNothingWhenTheLearnerSaysItIsWorking() {
        TinyRun run = TinyRun.of(7, IMPATIENT);
        List<TestProbe<BaseStation.Command>> stations = stations(run);
        TestProbe<Learner.Command> learner = testKit.createTestProbe();
        ActorRef<SlotCoordinator.Command> coordinator = coordinator(run, stations);
        startTraining(run, coordinator, 1, events, learner);
        phaseArmed(0, -2);
        coordinator.tell(new SlotCoordinator.PolicyReady(0));
        playedToTheLearner(coordinator, 0, stations, learner);

        // the removal reaches the coordinator before the learner's first heartbeat, but the learner has every
        // trajectory and has started: it answers that it is working, and the episode is not played again
        coordinator.tell(new SlotCoordinator.UsersNodeRemoved("akka://edgegen@127.0.0.1:25523"));
        assertThat(abandon(learner)).isEqualTo(new int[] {0, 0});
        coordinator.tell(new SlotCoordinator.LearnerWorking(0, 0));
        phaseArmed(0, -2);
        manualTime.expectNoMessageFor(Duration.ofSeconds(1), events, stations.get(0), stations.get(1));
        coordinator.tell(new SlotCoordinator.Trained(0, 0, 1));

        SlotCoordinator.RunCompleted completed = events.expectMessageClass(SlotCoordinator.RunCompleted.class, WAIT);
        assertThat(completed.report()).as("no fault, no re-run").isEqualTo(new RunReport(0, 0, 0));
    }

    @Test
    void theLearnerAnswersAnAbandonWithWorkingOnceItStartedAndOtherwiseDropsTheAttemptAndItsLateTrajectories()
            throws Exception {
        TinyRun run = TinyRun.of(8, IMPATIENT);
        SlowTrainer trainer = new SlowTrainer();
        TestProbe<SlotCoordinator.Command> coordinator = testKit.createTestProbe();
        ActorRef<Learner.Command> learner = testKit.spawn(Learner.create(run.spec, trainer, (e, slots, step) -> { },
                failure -> { }));
        Learner.EpisodeDone oneUser = new Learner.EpisodeDone(0, 0, List.of(), new double[0], new double[0][],
                new int[0][], 1, coordinator.ref());

        // attempt 0 waits for its one user's trajectory: abandoned, and the trajectory that comes late is dropped
        learner.tell(oneUser);
        learner.tell(new Learner.Abandon(0, 0, coordinator.ref()));
        assertThat(coordinator.expectMessageClass(SlotCoordinator.LearnerAbandoned.class, WAIT))
                .isEqualTo(new SlotCoordinator.LearnerAbandoned(0, 0));
        learner.tell(new Learner.Trajectory(0, 0, 0, List.of()));
        assertThat(trainer.started.await(300, TimeUnit.MILLISECONDS)).as("learned from an abandoned attempt")
                .isFalse();

        // attempt 1 gets its trajectory and starts: asked to abandon it, the learner says it is working on it
        learner.tell(new Learner.EpisodeDone(0, 1, List.of(), new double[0], new double[0][], new int[0][], 1,
                coordinator.ref()));
        learner.tell(new Learner.Trajectory(0, 1, 0, List.of()));
        assertThat(trainer.started.await(10, TimeUnit.SECONDS)).as("the update of attempt 1 started").isTrue();
        learner.tell(new Learner.Abandon(0, 1, coordinator.ref()));
        assertThat(coordinator.expectMessageClass(SlotCoordinator.LearnerWorking.class, WAIT))
                .isEqualTo(new SlotCoordinator.LearnerWorking(0, 1));
        trainer.finish.countDown();
        testKit.stop(learner);
    }

    @Test
    void aRunWhoseClientIsGoneStopsAtOnceAndTheCoordinatorTakesTheNextRun() {
        TinyRun run = TinyRun.of(6, IMPATIENT);
        List<TestProbe<BaseStation.Command>> stations = stations(run);
        TestProbe<Learner.Command> learner = testKit.createTestProbe();
        ActorRef<SlotCoordinator.Command> coordinator = coordinator(run, stations);
        TestProbe<SlotCoordinator.RunEvent> client = testKit.createTestProbe();
        startTraining(run, coordinator, 1, client, learner);
        client.expectMessageClass(SlotCoordinator.Progress.class, WAIT);
        coordinator.tell(new SlotCoordinator.PolicyReady(0));
        client.expectMessageClass(SlotCoordinator.Progress.class, WAIT);
        ready(coordinator, 0, 0, stations);
        client.expectMessageClass(SlotCoordinator.Progress.class, WAIT);
        begun(stations, 0);

        // the client's command is killed mid-slot: nobody is left to write the run's files, so the run stops (and
        // with it the learner, which was the client's)
        client.stop();
        assertThat(learner.expectMessageClass(Learner.Stop.class, WAIT)).isEqualTo(Learner.Stop.INSTANCE);
        for (int bs = 0; bs < stations.size(); bs++) {
            coordinator.tell(emptySummary(0, 0, 0, bs));
        }
        // no next slot, and no timeout's re-run either: the run is over
        manualTime.expectNoMessageFor(SLOT_TIMEOUT.multipliedBy(4), stations.get(0), stations.get(1));

        coordinator.tell(new SlotCoordinator.StartRun(run.spec, 1, 0.5, 2, events.ref()));
        assertThat(events.expectMessageClass(SlotCoordinator.Started.class, WAIT).firstEpisode()).isZero();
    }

    /** A trainer whose update waits until the test lets it finish. */
    private static final class SlowTrainer implements PolicyTrainer {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        PolicySnapshot current = NeuralFixtures.randomSnapshot(0, new int[] {16, 16}, 1.0, 0.5, 5);

        @Override
        public PolicySnapshot snapshot() {
            return current;
        }

        @Override
        public TrainingStep train(EpisodeExperience experience) {
            started.countDown();
            try {
                if (!finish.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the update finish");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            current = current.withVersion(current.version() + 1);
            return new TrainingStep(current, 0, 0, 0, 0, 0, experience.transitionCount());
        }
    }

    @Test
    void theLearnerUpdatesOffItsOwnThreadAndSendsAHeartbeatEveryTenSecondsUntilItIsDone() throws Exception {
        TinyRun run = TinyRun.of(4, IMPATIENT);
        SlowTrainer trainer = new SlowTrainer();
        TestProbe<SlotCoordinator.Command> coordinator = testKit.createTestProbe();
        TestProbe<PolicyBoard.Command> board = testKit.createTestProbe();
        TestProbe<Receptionist.Registered> registered = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.register(PolicyBoard.KEY, board.ref(), registered.ref()));
        registered.expectMessageClass(Receptionist.Registered.class, WAIT);
        ActorRef<Learner.Command> learner = testKit.spawn(Learner.create(run.spec, trainer, (e, slots, step) -> { },
                failure -> { }));

        learner.tell(new Learner.EpisodeDone(0, 0, List.of(), new double[0], new double[0][], new int[0][], 0,
                coordinator.ref()));
        assertThat(trainer.started.await(10, TimeUnit.SECONDS)).as("the update started").isTrue();
        for (int beat = 0; beat < 2; beat++) {
            manualTime.expectNoMessageFor(Learner.HEARTBEAT.minusMillis(1), coordinator);
            manualTime.timePasses(Duration.ofMillis(1));
            assertThat(coordinator.expectMessageClass(SlotCoordinator.LearnerWorking.class, WAIT))
                    .isEqualTo(new SlotCoordinator.LearnerWorking(0, 0));
        }

        trainer.finish.countDown();
        PolicyBoard.Command received;
        do {
            received = board.receiveMessage(WAIT);
        } while (received instanceof PolicyBoard.PolicyPiece);
        PolicyBoard.PolicyUpdate update = (PolicyBoard.PolicyUpdate) received;
        assertThat(update.version()).isEqualTo(1);
        update.installedTo().tell(new Learner.PolicyInstalled(run.spec.runId(), 1, board.ref()));
        assertThat(coordinator.expectMessageClass(SlotCoordinator.Trained.class, WAIT))
                .isEqualTo(new SlotCoordinator.Trained(0, 0, 1));
        manualTime.expectNoMessageFor(Learner.HEARTBEAT.multipliedBy(3), coordinator);
        testKit.stop(learner);
    }
}
