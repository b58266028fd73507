package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The floor of one actor per user: the CPU time of the cheapest exchange the slot protocol needs, one tell to each
 * of N user actors and one answer from each, per round, on this JVM's default dispatcher (the engine's settings,
 * with a local actor system). The slot protocol sends those two per user and slot (a {@code SlotStart} and the
 * user's decision) and more besides, so the actors engine cannot cost less than this per message. Measured by
 * {@code bench --tell-floor}; the messages carry nothing but a round number, so the figure is Akka's own cost.
 */
public final class TellFloor {

    /** One measurement: process CPU and wall time per message over {@code rounds} rounds of 2N messages. */
    public record Trial(int users, int rounds, long messages, double cpuMicrosPerMessage, double wallMicrosPerMessage) {}

    private record Ping(ActorRef<Pong> replyTo, int round) {}

    private record Pong(int round) {}

    private interface Command {}

    private record Start(List<ActorRef<Ping>> users, int rounds, CompletableFuture<Void> done) implements Command {}

    private record Answered(Pong pong) implements Command {}

    private record Spawned(List<ActorRef<Ping>> users) {}

    private TellFloor() {}

    /** {@code trials} measurements with N = {@code users}, after one warm-up; a measurement is 2·N·rounds messages. */
    public static List<Trial> measure(int users, int rounds, int trials) {
        if (users < 1 || rounds < 1 || trials < 1) {
            throw new IllegalArgumentException("users, rounds and trials must be >= 1");
        }
        CompletableFuture<Spawned> spawned = new CompletableFuture<>();
        ActorSystem<Command> system = ActorSystem.create(Behaviors.setup(context -> {
            List<ActorRef<Ping>> refs = new ArrayList<>(users);
            for (int i = 0; i < users; i++) {
                refs.add(context.spawn(user(), "u" + i));
            }
            spawned.complete(new Spawned(List.copyOf(refs)));
            return driver(context.messageAdapter(Pong.class, Answered::new));
        }), "tell-floor", ConfigFactory.parseString("akka.actor.provider = local\nakka.loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
        try {
            List<ActorRef<Ping>> refs = spawned.get(60, TimeUnit.SECONDS).users();
            round(system, refs, rounds); // warm-up
            List<Trial> out = new ArrayList<>();
            for (int t = 0; t < trials; t++) {
                long cpu = processCpuNanos();
                long wall = System.nanoTime();
                round(system, refs, rounds);
                long wallNanos = System.nanoTime() - wall;
                long cpuNanos = processCpuNanos() - cpu;
                long messages = 2L * users * rounds;
                out.add(new Trial(users, rounds, messages, cpuNanos / 1e3 / messages, wallNanos / 1e3 / messages));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("the tell floor measurement failed: " + e.getMessage(), e);
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the measurement is taken; a slow shut-down changes nothing in it
            }
        }
    }

    /** The median of the trials' CPU microseconds per message. */
    public static double medianCpuMicros(List<Trial> trials) {
        double[] values = trials.stream().mapToDouble(Trial::cpuMicrosPerMessage).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void round(ActorSystem<Command> system, List<ActorRef<Ping>> refs, int rounds) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        system.tell(new Start(refs, rounds, done));
        done.get(Duration.ofMinutes(10).toSeconds(), TimeUnit.SECONDS);
    }

    private static Behavior<Ping> user() {
        return Behaviors.receiveMessage(ping -> {
            ping.replyTo().tell(new Pong(ping.round()));
            return Behaviors.same();
        });
    }

    private static Behavior<Command> driver(ActorRef<Pong> self) {
        int[] state = new int[2]; // round, answers in this round
        Start[] current = new Start[1];
        return Behaviors.receive(Command.class)
                .onMessage(Answered.class, answered -> {
                    Start run = current[0];
                    if (++state[1] == run.users().size()) {
                        state[1] = 0;
                        if (++state[0] == run.rounds()) {
                            run.done().complete(null);
                        } else {
                            tellAll(run.users(), self, state[0]);
                        }
                    }
                    return Behaviors.same();
                })
                .onMessage(Start.class, start -> {
                    current[0] = start;
                    Arrays.fill(state, 0);
                    tellAll(start.users(), self, 0);
                    return Behaviors.same();
                })
                .build();
    }

    private static void tellAll(List<ActorRef<Ping>> users, ActorRef<Pong> self, int round) {
        Ping ping = new Ping(self, round);
        for (ActorRef<Ping> user : users) {
            user.tell(ping);
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
