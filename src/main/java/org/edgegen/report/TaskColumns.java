package org.edgegen.report;

import java.util.List;

/**
 * The columns that output files take from a set of tasks ({@link TaskStats}), declared once so that
 * {@code slots.csv}, {@code episodes.csv}, {@code train.csv}, {@code validation.csv} and {@code comparison.csv}
 * name, print and document a quantity the same way.
 */
public final class TaskColumns {

    private static final String TASKS_UNIT = "tasks";
    private static final String FRACTION = "fraction of tasks";

    public static final Column<TaskStats> TASKS = Column.integer("tasks", TASKS_UNIT,
            "tasks the row is over (one per user with a task in a slot)", TaskStats::tasks);
    public static final Column<TaskStats> MEAN_COST = Column.number("meanCost", "",
            "mean weighted cost of the tasks (SYSTEM-MODEL §6)", TaskStats::meanCost);
    public static final Column<TaskStats> MEAN_DELAY_SECONDS = Column.number("meanDelaySeconds", "s",
            "mean delay of the tasks", TaskStats::meanDelaySeconds);
    public static final Column<TaskStats> MEAN_ENERGY_JOULES = Column.number("meanEnergyJoules", "J",
            "mean device energy of the tasks", TaskStats::meanEnergyJoules);
    public static final Column<TaskStats> MEAN_ERROR = Column.number("meanError", "",
            "mean generation error of the tasks", TaskStats::meanError);
    public static final Column<TaskStats> MEAN_PENALTY = Column.number("meanPenalty", "",
            "mean penalty of the tasks", TaskStats::meanPenalty);
    public static final Column<TaskStats> LOCAL = Column.integer("local", TASKS_UNIT,
            "tasks generated on the device", TaskStats::local);
    public static final Column<TaskStats> HOME = Column.integer("home", TASKS_UNIT,
            "tasks generated at the user's home BS", TaskStats::home);
    public static final Column<TaskStats> NEIGHBOUR = Column.integer("neighbour", TASKS_UNIT,
            "tasks generated at a neighbour of the home BS", TaskStats::neighbour);
    public static final Column<TaskStats> FAILED = Column.integer("failed", TASKS_UNIT,
            "tasks not generated: invalid actions and tasks dropped at a full server", TaskStats::failed);
    public static final Column<TaskStats> DEADLINE_VIOLATIONS = Column.integer("deadlineViolations", TASKS_UNIT,
            "tasks that missed their deadline", TaskStats::deadlineViolations);
    public static final Column<TaskStats> QUALITY_VIOLATIONS = Column.integer("qualityViolations", TASKS_UNIT,
            "tasks that missed their quality requirement", TaskStats::qualityViolations);
    public static final Column<TaskStats> DROPPED_TASKS = Column.integer("droppedTasks", TASKS_UNIT,
            "tasks dropped at a full server", TaskStats::droppedTasks);
    public static final Column<TaskStats> INVALID_ACTIONS = Column.integer("invalidActions", TASKS_UNIT,
            "tasks whose action was invalid", TaskStats::invalidActions);
    public static final Column<TaskStats> MEAN_STEPS = Column.number("meanSteps", "steps",
            "mean denoising steps of the generated tasks (failed ones excluded, since a failed task's requested "
                    + "steps may not be a valid step count; 0 if none)", TaskStats::meanSteps);
    public static final Column<TaskStats> DEADLINE_VIOLATION_RATE = Column.number("deadlineViolationRate", FRACTION,
            "`deadlineViolations` / `tasks`", TaskStats::deadlineViolationRate);
    public static final Column<TaskStats> QUALITY_VIOLATION_RATE = Column.number("qualityViolationRate", FRACTION,
            "`qualityViolations` / `tasks`", TaskStats::qualityViolationRate);
    public static final Column<TaskStats> LOCAL_SHARE = Column.number("localShare", FRACTION,
            "`local` / `tasks`: tasks generated on the device", s -> s.share(s.local()));
    public static final Column<TaskStats> HOME_SHARE = Column.number("homeShare", FRACTION,
            "`home` / `tasks`: tasks generated at the home BS", s -> s.share(s.home()));
    public static final Column<TaskStats> NEIGHBOUR_SHARE = Column.number("neighbourShare", FRACTION,
            "`neighbour` / `tasks`: tasks generated at a neighbour BS", s -> s.share(s.neighbour()));
    public static final Column<TaskStats> FAILED_SHARE = Column.number("failedShare", FRACTION,
            "`failed` / `tasks`: tasks not generated", s -> s.share(s.failed()));

    /** The task-weighted means, in the order every file prints them. */
    public static final List<Column<TaskStats>> MEANS = List.of(MEAN_COST, MEAN_DELAY_SECONDS, MEAN_ENERGY_JOULES,
            MEAN_ERROR, MEAN_PENALTY);
    /** Where the tasks were generated, as fractions. */
    public static final List<Column<TaskStats>> SHARES = List.of(LOCAL_SHARE, HOME_SHARE, NEIGHBOUR_SHARE,
            FAILED_SHARE);
    /** The means, every count and the mean steps: the tail of {@code slots.csv} and {@code episodes.csv}. */
    public static final List<Column<TaskStats>> ALL = List.of(MEAN_COST, MEAN_DELAY_SECONDS, MEAN_ENERGY_JOULES,
            MEAN_ERROR, MEAN_PENALTY, LOCAL, HOME, NEIGHBOUR, FAILED, DEADLINE_VIOLATIONS, QUALITY_VIOLATIONS,
            DROPPED_TASKS, INVALID_ACTIONS, MEAN_STEPS);

    private TaskColumns() {}
}
