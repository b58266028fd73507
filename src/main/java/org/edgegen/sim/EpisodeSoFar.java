package org.edgegen.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.slot.TaskOutcome;

/**
 * What the coordinator knows of one attempt of an episode so far: the loads the next slot starts from (every BS's
 * backlog and last arrivals, every user's local backlog), the loads each slot started from (the critic's input) and
 * the finished slots' records. Owned by the coordinator's running phase; a re-run starts a fresh one.
 */
final class EpisodeSoFar {

    private final int episode;
    private final double[] bsBacklogs;
    private final int[] lastArrivals;
    private final double[] userBacklogs;
    private final List<double[]> slotBacklogs = new ArrayList<>();
    private final List<int[]> slotArrivals = new ArrayList<>();
    private final List<SlotRecord> records = new ArrayList<>();

    EpisodeSoFar(int episode, int cells, int users) {
        this.episode = episode;
        this.bsBacklogs = new double[cells];
        this.lastArrivals = new int[cells];
        this.userBacklogs = new double[users];
    }

    /** The state the next slot starts from (copies), for a joint policy's decisions. */
    SlotState state() {
        return new SlotState(userBacklogs.clone(), bsBacklogs.clone(), lastArrivals.clone());
    }

    /** Remembers the loads the next slot starts from. */
    void beginSlot() {
        slotBacklogs.add(bsBacklogs.clone());
        slotArrivals.add(lastArrivals.clone());
    }

    /** Every BS's backlog Q_b at the start of the next slot (a copy). */
    double[] bsBacklogs() {
        return bsBacklogs.clone();
    }

    /** Every BS's arrivals of the slot before the next one (a copy). */
    int[] lastArrivals() {
        return lastArrivals.clone();
    }

    /** Folds every BS's summary of slot {@code slot} into one record and the loads of the next slot. */
    void endSlot(int slot, List<SlotCoordinator.SlotSummary> summaries) {
        List<TaskOutcome> outcomes = new ArrayList<>();
        for (SlotCoordinator.SlotSummary s : summaries) {
            outcomes.addAll(s.outcomes());
            bsBacklogs[s.bs()] = s.nextBacklogImageSteps();
            lastArrivals[s.bs()] = s.arrivals();
            for (int i = 0; i < s.cellUsers().length; i++) {
                userBacklogs[s.cellUsers()[i]] = s.userBacklogsSeconds()[i];
            }
        }
        outcomes.sort(Comparator.comparingInt(TaskOutcome::userId));
        records.add(new SlotRecord(episode, slot, outcomes, SlotRecord.meanCost(outcomes)));
    }

    /** What a stepped run reports of slot {@code slot}, just ended: its record and the next slot's loads. */
    SlotCoordinator.SlotPlayed played(int attempt, int slot) {
        SlotRecord record = records.get(slot);
        return new SlotCoordinator.SlotPlayed(episode, attempt, slot, record.outcomes(), record.meanCost(),
                userBacklogs.clone(), bsBacklogs.clone(), lastArrivals.clone());
    }

    List<SlotRecord> records() {
        return List.copyOf(records);
    }

    double[] meanCosts() {
        return records.stream().mapToDouble(SlotRecord::meanCost).toArray();
    }

    double[][] slotBacklogs() {
        return slotBacklogs.toArray(double[][]::new);
    }

    int[][] slotArrivals() {
        return slotArrivals.toArray(int[][]::new);
    }
}
