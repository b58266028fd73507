package org.edgegen.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;

/**
 * Turns a run's slot records, fed one episode at a time in order, into slot and episode rows, and keeps running
 * sums for the run summary (nothing else, so a long run does not grow in memory).
 */
public final class RunMetrics {

    private final int users;
    private TaskTally run = new TaskTally();
    private int episodes;
    private long slots;
    private int lastEpisode = -1;

    /** @param users N, the users of the scenario (active or not), for the user-slot count */
    public RunMetrics(int users) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1, was " + users);
        }
        this.users = users;
    }

    /**
     * Adds one whole episode.
     *
     * @param records the episode's slot records in slot order
     * @throws IllegalArgumentException if the episode is not after the previous one, a record belongs to another
     *                                  episode, or the slots are not increasing
     */
    public EpisodeMetrics addEpisode(int episode, List<SlotRecord> records) {
        if (episode <= lastEpisode) {
            throw new IllegalArgumentException("episode " + episode + " arrived after episode " + lastEpisode);
        }
        TaskTally episodeTally = new TaskTally();
        List<SlotRow> rows = new ArrayList<>(records.size());
        int lastSlot = -1;
        for (SlotRecord record : records) {
            if (record.episode() != episode) {
                throw new IllegalArgumentException("a record of episode " + record.episode()
                        + " was delivered with episode " + episode);
            }
            if (record.slot() <= lastSlot) {
                throw new IllegalArgumentException("slot " + record.slot() + " of episode " + episode
                        + " arrived after slot " + lastSlot);
            }
            lastSlot = record.slot();
            record.requireFinite();
            TaskTally slotTally = tally(record);
            rows.add(new SlotRow(episode, record.slot(), slotTally.stats()));
            episodeTally.add(slotTally);
        }
        run.add(episodeTally);
        lastEpisode = episode;
        episodes++;
        slots += records.size();
        return new EpisodeMetrics(rows, new EpisodeRow(episode, records.size(), episodeTally.stats()));
    }

    /**
     * Everything this object has summed so far, in one line of numbers (doubles by their bits):
     * {@link #restore} gives an object that goes on exactly as this one would.
     */
    public String state() {
        StringBuilder line = new StringBuilder().append(episodes).append(' ').append(lastEpisode).append(' ')
                .append(slots);
        for (long sum : run.state()) {
            line.append(' ').append(sum);
        }
        return line.toString();
    }

    /**
     * The metrics of {@code users} users whose {@link #state} was {@code state}.
     *
     * @throws IllegalArgumentException if {@code state} is not such a line
     */
    public static RunMetrics restore(int users, String state) {
        String[] parts = state.strip().split(" ");
        if (parts.length != 19) {
            throw new IllegalArgumentException("a run's metrics are 19 numbers, got " + parts.length);
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = Long.parseLong(parts[i]);
        }
        RunMetrics metrics = new RunMetrics(users);
        metrics.episodes = Math.toIntExact(numbers[0]);
        metrics.lastEpisode = Math.toIntExact(numbers[1]);
        metrics.slots = numbers[2];
        metrics.run = TaskTally.of(Arrays.copyOfRange(numbers, 3, numbers.length));
        return metrics;
    }

    /** The row of a single slot, on its own. */
    public static SlotRow slotRow(SlotRecord record) {
        return new SlotRow(record.episode(), record.slot(), tally(record).stats());
    }

    private static TaskTally tally(SlotRecord record) {
        TaskTally tally = new TaskTally();
        for (TaskOutcome outcome : record.outcomes()) {
            tally.add(outcome);
        }
        return tally;
    }

    /** Every task of the run so far. */
    public TaskStats total() {
        return run.stats();
    }

    public int users() {
        return users;
    }

    public int episodes() {
        return episodes;
    }

    /** Slots played so far, over all episodes. */
    public long slots() {
        return slots;
    }

    /** N × slots played: the work the throughput figures divide by time. */
    public long userSlots() {
        return users * slots;
    }
}
