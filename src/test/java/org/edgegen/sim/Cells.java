package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.TaskOutcome;

/**
 * The cells of a tiny run with real {@link BaseStation}s and {@link UserDevice}s, reached through sharding as in a
 * real run, while the test plays the coordinator with a probe (and, where it wants to, single users). Decisions are
 * handed to the users in {@code BeginSlot}, the way the coordinator does for a joint policy, so a test chooses
 * exactly what each user does.
 */
final class Cells {

    static final Duration WAIT = Duration.ofSeconds(5);

    private final ActorTestKit testKit;
    private final ShardRoutes routes;
    final TinyRun run;
    final TestProbe<SlotCoordinator.Command> coordinator;
    private final Map<Integer, TestProbe<UserDevice.Command>> playedUsers = new HashMap<>();
    private final List<ActorRef<?>> spawned = new ArrayList<>();
    private final Map<Integer, ActorRef<BaseStation.Command>> stations = new TreeMap<>();
    private double[] loads;
    private int[] lastArrivals;

    Cells(ActorTestKit testKit, ShardRoutes routes, TinyRun run) {
        this.testKit = testKit;
        this.routes = routes;
        this.run = run;
        this.coordinator = testKit.createTestProbe();
    }

    /** Lets the test play this user with a probe instead of a real UserDevice (call before {@link #start}). */
    TestProbe<UserDevice.Command> playUser(int userId) {
        TestProbe<UserDevice.Command> probe = testKit.createTestProbe();
        playedUsers.put(userId, probe);
        return probe;
    }

    /** Spawns the actors, starts episode 0 and waits until every BS is ready. */
    Cells start() {
        for (int user = 0; user < run.users(); user++) {
            if (playedUsers.containsKey(user)) {
                routes.user(user, playedUsers.get(user).ref());
            } else {
                ActorRef<UserDevice.Command> device = testKit.spawn(UserDevice.create(user, run.runs));
                spawned.add(device);
                routes.user(user, device);
            }
        }
        List<ActorRef<BaseStation.Command>> created = new ArrayList<>();
        for (int bs = 0; bs < run.cells(); bs++) {
            ActorRef<BaseStation.Command> station = testKit.spawn(BaseStation.create(bs, run.runs));
            spawned.add(station);
            created.add(station);
            routes.station(bs, station);
        }
        for (ActorRef<BaseStation.Command> station : created) {
            station.tell(new BaseStation.StartEpisode(run.spec, TinyRun.EPISODE, 0, coordinator.ref()));
        }
        for (var played : playedUsers.entrySet()) {
            UserDevice.JoinEpisode join = played.getValue().expectMessageClass(UserDevice.JoinEpisode.class, WAIT);
            join.home().tell(new BaseStation.UserJoined(join.episode(), join.attempt(), played.getKey(),
                    played.getValue().ref()));
        }
        for (int i = 0; i < run.cells(); i++) {
            SlotCoordinator.BsReady ready = coordinator.expectMessageClass(SlotCoordinator.BsReady.class, WAIT);
            stations.put(ready.bs(), ready.ref());
        }
        assertThat(stations.keySet()).hasSize(run.cells());
        loads = new double[run.cells()];
        lastArrivals = new int[run.cells()];
        return this;
    }

    /** The BS as the coordinator knows it (the reference from its {@code BsReady}). */
    ActorRef<BaseStation.Command> station(int bs) {
        return stations.get(bs);
    }

    /** Sends {@code BeginSlot} to every BS, with the decision of every user. */
    void begin(int slot, Decision[] decisions) {
        stations.forEach((bs, station) -> {
            // like the coordinator: the loads of the cell's candidate servers, home first
            java.util.List<Integer> servers = run.model.topology().candidates(bs);
            double[] candidateLoads = servers.stream().mapToDouble(b -> loads[b]).toArray();
            int[] candidateArrivals = servers.stream().mapToInt(b -> lastArrivals[b]).toArray();
            station.tell(new BaseStation.BeginSlot(TinyRun.EPISODE, 0, slot, candidateLoads, candidateArrivals,
                    run.ofCell(bs, decisions)));
        });
    }

    /** Waits for every BS's summary of {@code slot}, keyed by BS, and keeps the loads for the next slot. */
    Map<Integer, SlotCoordinator.SlotSummary> summaries(int slot) {
        Map<Integer, SlotCoordinator.SlotSummary> summaries = new TreeMap<>();
        for (int i = 0; i < run.cells(); i++) {
            SlotCoordinator.SlotSummary summary =
                    coordinator.expectMessageClass(SlotCoordinator.SlotSummary.class, WAIT);
            assertThat(summary.slot()).isEqualTo(slot);
            summaries.put(summary.bs(), summary);
        }
        assertThat(summaries.keySet()).hasSize(run.cells());
        for (SlotCoordinator.SlotSummary summary : summaries.values()) {
            loads[summary.bs()] = summary.nextBacklogImageSteps();
            lastArrivals[summary.bs()] = summary.arrivals();
        }
        return summaries;
    }

    Map<Integer, SlotCoordinator.SlotSummary> slot(int slot, Decision[] decisions) {
        begin(slot, decisions);
        return summaries(slot);
    }

    /** The outcome of {@code userId}'s task, from the summary of its home BS. */
    TaskOutcome outcome(Map<Integer, SlotCoordinator.SlotSummary> summaries, int userId) {
        return summaries.get(run.home(userId)).outcomes().stream()
                .filter(o -> o.userId() == userId)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no outcome of user " + userId));
    }

    /** The local backlog the home BS reports for {@code userId} for the next slot. */
    double userBacklog(Map<Integer, SlotCoordinator.SlotSummary> summaries, int userId) {
        SlotCoordinator.SlotSummary summary = summaries.get(run.home(userId));
        for (int i = 0; i < summary.cellUsers().length; i++) {
            if (summary.cellUsers()[i] == userId) {
                return summary.userBacklogsSeconds()[i];
            }
        }
        throw new AssertionError("user " + userId + " is not in the summary of BS " + run.home(userId));
    }

    /** Stops every actor this harness spawned and forgets the routes. */
    void stop() {
        routes.clear();
        for (ActorRef<?> ref : spawned) {
            testKit.stop(ref);
        }
    }
}
