package org.edgegen.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code train.csv}: what one training episode came to and what the update after it did.
 *
 * @param policyVersion the policy version that played the episode (the update made the next one)
 * @param meanReward    mean of r = -meanCost(slot) - r^P over the episode's decisions
 * @param stats         the episode's tasks (cost, delay, energy, error, penalty, decision counts)
 * @param entropy       the update's mean policy entropy, in nats (NaN when there was nothing to learn from)
 */
public record TrainRow(
        int episode,
        long policyVersion,
        double meanReward,
        TaskStats stats,
        double entropy,
        double policyLoss,
        double valueLoss,
        double approxKl) {

    private static final String UPDATE = " of the update after the episode, averaged over its gradient steps "
            + "(NaN for an episode without any task, which leaves the policy unchanged)";

    public static final Column<TrainRow> EPISODE = Column.integer("episode", "", "the episode, from 0",
            TrainRow::episode);
    public static final Column<TrainRow> POLICY_VERSION = Column.integer("policyVersion", "",
            "the policy version that played the episode; the update after it made version + 1",
            TrainRow::policyVersion);
    public static final Column<TrainRow> MEAN_REWARD = Column.number("meanReward", "",
            "mean reward r = -meanCost(slot) - r^P over the episode's decisions", TrainRow::meanReward);
    public static final Column<TrainRow> MEAN_COST = TaskColumns.MEAN_COST.from(TrainRow::stats);
    public static final Column<TrainRow> MEAN_DELAY_SECONDS = TaskColumns.MEAN_DELAY_SECONDS.from(TrainRow::stats);
    public static final Column<TrainRow> MEAN_ENERGY_JOULES = TaskColumns.MEAN_ENERGY_JOULES.from(TrainRow::stats);
    public static final Column<TrainRow> MEAN_ERROR = TaskColumns.MEAN_ERROR.from(TrainRow::stats);

    /** The columns of {@code train.csv}. */
    public static final CsvLayout<TrainRow> CSV = new CsvLayout<>(TrainFiles.TRAIN, "train --out DIR",
            "One row per episode, appended and flushed as it ends; a resumed run keeps the rows of the episodes "
                    + "its checkpoint holds and appends after them. The task columns are task-weighted, as in "
                    + "`episodes.csv`.",
            columns());

    private static List<Column<TrainRow>> columns() {
        List<Column<TrainRow>> columns = new ArrayList<>(List.of(EPISODE, POLICY_VERSION, MEAN_REWARD, MEAN_COST,
                MEAN_DELAY_SECONDS, MEAN_ENERGY_JOULES, MEAN_ERROR,
                TaskColumns.MEAN_PENALTY.from(TrainRow::stats),
                Column.number("entropy", "nats", "mean policy entropy" + UPDATE, TrainRow::entropy),
                Column.number("policyLoss", "", "PPO clipped policy loss" + UPDATE, TrainRow::policyLoss),
                Column.number("valueLoss", "", "value (critic) loss" + UPDATE, TrainRow::valueLoss),
                Column.number("approxKl", "nats", "approximate KL divergence between the old and new policy"
                        + UPDATE, TrainRow::approxKl),
                TaskColumns.TASKS.from(TrainRow::stats)));
        columns.addAll(CsvLayout.columns(TaskColumns.SHARES, TrainRow::stats));
        return columns;
    }
}
