package org.edgegen.sim;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;

/**
 * Splits what would grow with the network into pieces of at most K elements ({@code edgegen.sim.chunk-size}) and
 * puts an episode's pieces back together, so that no message between nodes grows with the users.
 */
final class Chunks {

    private Chunks() {}

    /** Pieces of at most {@code chunk} elements that {@code elements} need (0 for none). */
    static int count(int elements, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("a chunk holds at least one element, not " + chunk);
        }
        return (elements + chunk - 1) / chunk;
    }

    /** An episode's records as pieces: slot by slot, in pieces of at most {@code chunk} outcomes (at least one). */
    static List<SlotCoordinator.SlotPart> slotParts(int episode, int attempt, List<SlotRecord> records, int chunk) {
        List<SlotCoordinator.SlotPart> pieces = new ArrayList<>();
        for (SlotRecord record : records) {
            List<TaskOutcome> outcomes = record.outcomes();
            int parts = Math.max(1, count(outcomes.size(), chunk));
            for (int part = 0; part < parts; part++) {
                int from = part * chunk;
                int to = Math.min(outcomes.size(), from + chunk);
                pieces.add(new SlotCoordinator.SlotPart(episode, attempt, record.slot(), record.meanCost(), part,
                        List.copyOf(outcomes.subList(Math.min(from, to), to))));
            }
        }
        return pieces;
    }

    /**
     * The pieces of one episode as the driver receives them. A piece of another episode or attempt starts it
     * afresh (what came before belonged to an attempt that was given up); {@link #take} checks that every piece
     * arrived and rebuilds the records exactly.
     */
    static final class Assembly {
        private final List<SlotCoordinator.SlotPart> pieces = new ArrayList<>();
        private int episode = -1;
        private int attempt = -1;

        void add(SlotCoordinator.SlotPart piece) {
            if (piece.episode() != episode || piece.attempt() != attempt) {
                clear();
                episode = piece.episode();
                attempt = piece.attempt();
            }
            pieces.add(piece);
        }

        void clear() {
            pieces.clear();
            episode = -1;
            attempt = -1;
        }

        /**
         * The records of the episode, once its {@code expected} pieces are all here (then the assembly is empty).
         *
         * @throws IllegalStateException if pieces are missing or out of order
         */
        List<SlotRecord> take(int forEpisode, int forAttempt, int expected) {
            List<SlotCoordinator.SlotPart> got = expected == 0 || (episode == forEpisode && attempt == forAttempt)
                    ? List.copyOf(pieces) : List.of();
            clear();
            if (got.size() != expected) {
                throw new IllegalStateException("episode " + forEpisode + " arrived incomplete: " + got.size()
                        + " of its " + expected + " pieces");
            }
            List<SlotRecord> records = new ArrayList<>();
            List<TaskOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < got.size(); i++) {
                SlotCoordinator.SlotPart piece = got.get(i);
                boolean continues = i > 0 && got.get(i - 1).slot() == piece.slot();
                if (piece.part() != (continues ? got.get(i - 1).part() + 1 : 0)) {
                    throw new IllegalStateException("episode " + forEpisode + " arrived out of order at slot "
                            + piece.slot() + ", piece " + piece.part());
                }
                outcomes.addAll(piece.outcomes());
                boolean last = i + 1 == got.size() || got.get(i + 1).slot() != piece.slot();
                if (last) {
                    records.add(new SlotRecord(forEpisode, piece.slot(), outcomes, piece.meanCost()));
                    outcomes = new ArrayList<>();
                }
            }
            return records;
        }
    }
}
