package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgegen.sim.Formulas.close;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.time.Duration;
import java.util.Map;
import org.edgegen.cluster.Nodes;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.Path;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.model.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One real user device on the tiny scenario, its home base station played by a probe. */
class UserDeviceTest {

    static final ActorTestKit testKit = ActorTestKit.create(Nodes.localConfig());
    static final Duration WAIT = Duration.ofSeconds(3);
    static final Map<String, String> EVERY_SLOT_A_TASK = Map.of("edgegen.task.arrival-probability", "1.0");

    static DeadLetterWatch deadLetters;

    private final TestProbe<BaseStation.Command> home = testKit.createTestProbe();

    @BeforeAll
    static void watch() {
        deadLetters = DeadLetterWatch.on(testKit);
    }

    @AfterAll
    static void shutDown() {
        testKit.shutdownTestKit();
    }

    @AfterEach
    void nothingWasLost() {
        deadLetters.expectNone();
    }

    @Test
    void aUserOnANodeThatDoesNotKnowTheRunAsksItsHomeForTheSpecOnceAndThenJoins() {
        TinyRun run = TinyRun.of(1, EVERY_SLOT_A_TASK);
        // a node of its own: it has not seen the run (the test's TinyRun registered it in run.runs only)
        ActorRef<UserDevice.Command> device = testKit.spawn(UserDevice.create(0, new RunContexts()));
        device.tell(new UserDevice.JoinEpisode(run.spec.runId(), TinyRun.EPISODE, 0, home.ref()));
        BaseStation.SpecWanted wanted = home.expectMessageClass(BaseStation.SpecWanted.class, WAIT);
        assertThat(wanted.runId()).isEqualTo(run.spec.runId());
        assertThat(wanted.user()).isEqualTo(device);

        device.tell(new UserDevice.JoinEpisodeWithSpec(run.spec, TinyRun.EPISODE, 0, home.ref()));
        assertThat(home.expectMessageClass(BaseStation.UserJoined.class, WAIT).userId()).isZero();
        // the node knows the run now: the next episode's join needs no spec
        device.tell(new UserDevice.JoinEpisode(run.spec.runId(), 1, 0, home.ref()));
        assertThat(home.expectMessageClass(BaseStation.UserJoined.class, WAIT).episode()).isEqualTo(1);
        home.expectNoMessage(Duration.ofMillis(100));
        testKit.stop(device);
    }

    /** Spawns the user, sends it into episode 0 with the probe as its home BS and checks that it answers. */
    private ActorRef<UserDevice.Command> joined(TinyRun run, int userId) {
        ActorRef<UserDevice.Command> device = testKit.spawn(UserDevice.create(userId, run.runs));
        device.tell(new UserDevice.JoinEpisode(run.spec.runId(), TinyRun.EPISODE, 0, home.ref()));
        BaseStation.UserJoined joined = home.expectMessageClass(BaseStation.UserJoined.class, WAIT);
        assertThat(joined.userId()).isEqualTo(userId);
        assertThat(joined.user()).isEqualTo(device);
        return device;
    }

    private static UserDevice.SlotStart slotStart(TinyRun run, int userId, int slot, Decision decision) {
        return new UserDevice.SlotStart(TinyRun.EPISODE, 0, slot, run.gain(userId, run.home(userId), slot),
                new double[run.cells()], new int[run.cells()], decision);
    }

    @Test
    void aLocalTaskTakesOverheadPlusStepsOnTheDeviceAndCostsDevicePowerTimesThatTime() {
        TinyRun run = TinyRun.of(1, EVERY_SLOT_A_TASK);
        int user = 0;
        ActorRef<UserDevice.Command> device = joined(run, user);

        device.tell(slotStart(run, user, 0, Decision.local(20)));
        BaseStation.Settled settled = home.expectMessageClass(BaseStation.Settled.class, WAIT);

        Task task = run.task(user, 0);
        double tau = run.user(user).deviceStepSeconds();
        double delay = 0.0 + 0.5 + 20 * tau;
        double energy = 7.5 * (0.5 + 20 * tau);
        TaskOutcome outcome = settled.outcome();
        assertThat(outcome.userId()).isEqualTo(user);
        assertThat(outcome.path()).isEqualTo(Path.LOCAL);
        assertThat(outcome.serverBs()).isEqualTo(-1);
        assertThat(outcome.steps()).isEqualTo(20);
        assertThat(outcome.delaySeconds()).isCloseTo(delay, close(delay));
        assertThat(outcome.energyJoules()).isCloseTo(energy, close(energy));
        assertThat(outcome.error()).isCloseTo(Formulas.error(20), close(0.083));
        assertThat(outcome.cost()).isCloseTo(Formulas.cost(delay, energy, Formulas.error(20)), close(1));
        assertThat(outcome.penalty()).isEqualTo(
                Formulas.penalty(delay, task.deadlineSeconds(), Formulas.error(20), task.maxError(), false));
        assertThat(outcome.deadlineViolated()).isEqualTo(delay > task.deadlineSeconds());
        assertThat(outcome.offload()).isEqualTo(TaskOutcome.OffloadTrace.NONE);
        double backlog = Math.max(0.0, 0.5 + 20 * tau - 1.0);
        assertThat(settled.nextBacklogSeconds()).isCloseTo(backlog, close(backlog));
        home.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aLocalBacklogIsCarriedIntoTheNextSlotsDelayButNotIntoItsEnergy() {
        TinyRun run = TinyRun.of(2, EVERY_SLOT_A_TASK);
        int user = 1;
        double tau = run.user(user).deviceStepSeconds();
        ActorRef<UserDevice.Command> device = joined(run, user);

        device.tell(slotStart(run, user, 0, Decision.local(30)));
        BaseStation.Settled first = home.expectMessageClass(BaseStation.Settled.class, WAIT);
        device.tell(slotStart(run, user, 1, Decision.local(10)));
        BaseStation.Settled second = home.expectMessageClass(BaseStation.Settled.class, WAIT);

        double backlogAfterFirst = Formulas.nextLocalBacklog(0.0, Formulas.localWork(30, tau));
        assertThat(backlogAfterFirst).as("30 steps of at least 0.2 s outlast a 1 s slot").isGreaterThan(4.0);
        assertThat(first.nextBacklogSeconds()).isCloseTo(backlogAfterFirst, close(backlogAfterFirst));
        double delay = backlogAfterFirst + 0.5 + 10 * tau;
        assertThat(second.outcome().delaySeconds()).isCloseTo(delay, close(delay));
        assertThat(second.outcome().energyJoules()).isCloseTo(7.5 * (0.5 + 10 * tau), close(7.5 * (0.5 + 10 * tau)));
        double backlogAfterSecond = Formulas.nextLocalBacklog(backlogAfterFirst, Formulas.localWork(10, tau));
        assertThat(second.nextBacklogSeconds()).isCloseTo(backlogAfterSecond, close(backlogAfterSecond));
    }

    @Test
    void aUserWithoutATaskSendsNoTaskWithItsBacklogDrainedByOneSlotAndNothingElse() {
        TinyRun run = TinyRun.firstFitting(Map.of("edgegen.task.arrival-probability", "0.5"),
                r -> r.hasTask(0, 0) && !r.hasTask(0, 1));
        int user = 0;
        double tau = run.user(user).deviceStepSeconds();
        ActorRef<UserDevice.Command> device = joined(run, user);

        device.tell(slotStart(run, user, 0, Decision.local(30)));
        home.expectMessageClass(BaseStation.Settled.class, WAIT);
        device.tell(slotStart(run, user, 1, Decision.NONE));
        BaseStation.NoTask noTask = home.expectMessageClass(BaseStation.NoTask.class, WAIT);

        double backlog = Formulas.nextLocalBacklog(Formulas.nextLocalBacklog(0.0, Formulas.localWork(30, tau)), 0.0);
        assertThat(noTask.userId()).isEqualTo(user);
        assertThat(noTask.slot()).isEqualTo(1);
        assertThat(noTask.nextBacklogSeconds()).isCloseTo(backlog, close(backlog));
        assertThat(noTask.nextBacklogSeconds()).isGreaterThan(3.0);
        home.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aHomeOffloadTurnsTheTraceOfItsHomeBsIntoDelayAndUploadEnergy() {
        TinyRun run = TinyRun.of(3, EVERY_SLOT_A_TASK);
        int user = 2;
        int bs = run.home(user);
        ActorRef<UserDevice.Command> device = joined(run, user);

        device.tell(slotStart(run, user, 0, Decision.offload(bs, 20)));
        BaseStation.OffloadRequest request = home.expectMessageClass(BaseStation.OffloadRequest.class, WAIT);
        Task task = run.task(user, 0);
        assertThat(request.task()).isEqualTo(task);
        assertThat(request.targetBs()).isEqualTo(bs);
        assertThat(request.steps()).isEqualTo(20);
        assertThat(request.nextBacklogSeconds()).isZero();

        double gain = run.gain(user, bs, 0);
        double uplink = Formulas.uplinkRate(1, gain);
        double upload = task.inputBits() / uplink;
        double completion = Formulas.completion(upload, 20, Formulas.tinyGpu(bs), 0.0, 0.0);
        double downlink = Formulas.downlinkRate(1, gain);
        TaskOutcome.OffloadTrace trace = new TaskOutcome.OffloadTrace(1, uplink, upload, upload, 0.0, completion, 1,
                downlink);
        device.tell(new UserDevice.TaskResult(TinyRun.EPISODE, 0, 0, trace, false));
        TaskOutcome outcome = home.expectMessageClass(BaseStation.UserOutcome.class, WAIT).outcome();

        double delay = completion + Formulas.BS_OVERHEAD_SECONDS + task.outputBits() / downlink;
        double energy = Formulas.UE_POWER_WATTS * upload;
        assertThat(outcome.path()).isEqualTo(Path.HOME);
        assertThat(outcome.serverBs()).isEqualTo(bs);
        assertThat(outcome.delaySeconds()).isCloseTo(delay, close(delay));
        assertThat(outcome.energyJoules()).isCloseTo(energy, close(energy));
        assertThat(energy).as("0.2 W for a few ms of upload").isLessThan(0.1);
        assertThat(outcome.cost()).isCloseTo(Formulas.cost(delay, energy, Formulas.error(20)), close(1));
        assertThat(outcome.penalty()).isEqualTo(
                Formulas.penalty(delay, task.deadlineSeconds(), Formulas.error(20), task.maxError(), false));
        assertThat(outcome.offload()).isEqualTo(trace);
    }

    @Test
    void aTaskDroppedAtAFullServerFailsAtItsDeadlineButStillPaysItsUploadEnergy() {
        TinyRun run = TinyRun.of(4, EVERY_SLOT_A_TASK);
        int user = 3;
        int bs = run.home(user);
        ActorRef<UserDevice.Command> device = joined(run, user);

        device.tell(slotStart(run, user, 0, Decision.offload(bs, 25)));
        home.expectMessageClass(BaseStation.OffloadRequest.class, WAIT);
        Task task = run.task(user, 0);
        double uplink = Formulas.uplinkRate(1, run.gain(user, bs, 0));
        double upload = task.inputBits() / uplink;
        TaskOutcome.OffloadTrace trace = new TaskOutcome.OffloadTrace(1, uplink, upload, upload, 100.0, Double.NaN,
                0, Double.NaN);
        device.tell(new UserDevice.TaskResult(TinyRun.EPISODE, 0, 0, trace, true));
        TaskOutcome outcome = home.expectMessageClass(BaseStation.UserOutcome.class, WAIT).outcome();

        double energy = Formulas.UE_POWER_WATTS * upload;
        assertThat(outcome.path()).isEqualTo(Path.FAILED);
        assertThat(outcome.dropped()).isTrue();
        assertThat(outcome.invalid()).isFalse();
        assertThat(outcome.delaySeconds()).isEqualTo(task.deadlineSeconds());
        assertThat(outcome.energyJoules()).isCloseTo(energy, close(energy));
        assertThat(outcome.error()).isEqualTo(1.0);
        assertThat(outcome.cost()).isCloseTo(Formulas.cost(task.deadlineSeconds(), energy, 1.0), close(1));
        assertThat(outcome.penalty()).isEqualTo(Formulas.RHO_INVALID + Formulas.RHO_QUALITY);
    }

    @Test
    void anOffloadToANeighbourThatDoesNotExistIsSettledAsAnInvalidActionWithoutTouchingTheNetwork() {
        TinyRun run = TinyRun.of(5, EVERY_SLOT_A_TASK);
        int user = 1;
        ActorRef<UserDevice.Command> device = joined(run, user);

        device.tell(slotStart(run, user, 0, Decision.offload(7, 20)));
        BaseStation.Settled settled = home.expectMessageClass(BaseStation.Settled.class, WAIT);

        Task task = run.task(user, 0);
        TaskOutcome outcome = settled.outcome();
        assertThat(outcome.path()).isEqualTo(Path.FAILED);
        assertThat(outcome.invalid()).isTrue();
        assertThat(outcome.dropped()).isFalse();
        assertThat(outcome.serverBs()).isEqualTo(-1);
        assertThat(outcome.delaySeconds()).isEqualTo(task.deadlineSeconds());
        assertThat(outcome.energyJoules()).isZero();
        assertThat(outcome.error()).isEqualTo(1.0);
        assertThat(outcome.cost()).isCloseTo(Formulas.cost(task.deadlineSeconds(), 0.0, 1.0), close(1));
        assertThat(outcome.penalty()).isEqualTo(Formulas.RHO_INVALID + Formulas.RHO_QUALITY);
        assertThat(outcome.deadlineViolated()).isFalse();
        assertThat(outcome.qualityViolated()).isTrue();
        assertThat(settled.nextBacklogSeconds()).isZero();
        home.expectNoMessage(Duration.ofMillis(200));
    }
}
