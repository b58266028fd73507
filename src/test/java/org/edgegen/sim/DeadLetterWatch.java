package org.edgegen.sim;

import akka.actor.DeadLetter;
import akka.actor.Dropped;
import akka.actor.UnhandledMessage;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import java.time.Duration;

/**
 * Listens on a test system's event stream for dead letters, dropped and unhandled messages, so that a test fails
 * when an actor dies or ignores a message instead of passing while it does.
 */
final class DeadLetterWatch {

    private final TestProbe<Object> probe;

    private DeadLetterWatch(ActorTestKit testKit) {
        this.probe = testKit.createTestProbe();
    }

    /**
     * Subscribes, and waits until each subscription is in place (a check event published after the subscription,
     * by the same sender, must come back); then proves that a real unhandled message and a real dead letter reach
     * the probe.
     */
    static DeadLetterWatch on(ActorTestKit testKit) {
        DeadLetterWatch watch = new DeadLetterWatch(testKit);
        var eventStream = testKit.system().eventStream();
        akka.actor.ActorRef self = Adapter.toClassic(watch.probe.ref());
        ActorRef<DeadLetter> deadLetters = watch.probe.ref().narrow();
        ActorRef<UnhandledMessage> unhandled = watch.probe.ref().narrow();
        ActorRef<Dropped> dropped = watch.probe.ref().narrow();
        eventStream.tell(new EventStream.Subscribe<>(DeadLetter.class, deadLetters));
        eventStream.tell(new EventStream.Subscribe<>(UnhandledMessage.class, unhandled));
        eventStream.tell(new EventStream.Subscribe<>(Dropped.class, dropped));
        eventStream.tell(new EventStream.Publish<>(new DeadLetter("check", self, self)));
        eventStream.tell(new EventStream.Publish<>(new UnhandledMessage("check", self, self)));
        eventStream.tell(new EventStream.Publish<>(new Dropped("check", "check", self, self)));
        watch.probe.expectMessageClass(DeadLetter.class, Duration.ofSeconds(3));
        watch.probe.expectMessageClass(UnhandledMessage.class, Duration.ofSeconds(3));
        watch.probe.expectMessageClass(Dropped.class, Duration.ofSeconds(3));

        ActorRef<String> deaf = testKit.spawn(Behaviors.receive(String.class).build());
        deaf.tell("nobody handles this");
        watch.probe.expectMessageClass(UnhandledMessage.class, Duration.ofSeconds(3));
        testKit.stop(deaf);
        deaf.tell("to a stopped actor");
        watch.probe.expectMessageClass(DeadLetter.class, Duration.ofSeconds(3));
        return watch;
    }

    /** Fails if any dead letter, dropped or unhandled message has been published since the last check. */
    void expectNone() {
        probe.expectNoMessage(Duration.ofMillis(100));
    }
}
