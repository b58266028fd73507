package org.edgegen.sim;

import akka.actor.testkit.typed.javadsl.TestProbe;
import java.time.Duration;
import java.util.List;
import org.edgegen.model.slot.SlotRecord;

/** Test help: receives a completed episode as the driver does, its pieces then the message that completes it. */
final class Pieces {

    private Pieces() {}

    /** An episode as the listener received it. */
    record Completed(int episode, int attempt, int pieces, List<SlotRecord> slots) {}

    /** The next episode's pieces and its {@code EpisodeCompleted}; any other message fails the test. */
    static Completed completed(TestProbe<SlotCoordinator.RunEvent> listener, Duration wait) {
        Chunks.Assembly assembly = new Chunks.Assembly();
        while (true) {
            SlotCoordinator.RunEvent event = listener.receiveMessage(wait);
            if (event instanceof SlotCoordinator.SlotPart piece) {
                assembly.add(piece);
            } else if (event instanceof SlotCoordinator.EpisodeCompleted done) {
                return new Completed(done.episode(), done.attempt(), done.pieces(),
                        assembly.take(done.episode(), done.attempt(), done.pieces()));
            } else {
                throw new AssertionError("expected the pieces of an episode, got " + event);
            }
        }
    }
}
