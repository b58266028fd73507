package org.edgegen.report;

import java.util.Locale;

/** The short plain-text table a simulation run prints on the terminal when it ends. */
public final class RunTable {

    private RunTable() {}

    /** The table, lines separated by {@code \n}, ending with one. */
    public static String render(RunSummary s) {
        TaskStats t = s.total();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s on %s: %d episode%s x %d slots x %d users, seed %d, engine %s%n",
                s.policy(), s.scenario(), s.episodes(), s.episodes() == 1 ? "" : "s", s.slotsPerEpisode(),
                s.users(), s.seed(), s.engine()));
        row(out, "tasks", String.format(Locale.ROOT, "%d", t.tasks()));
        row(out, "mean cost", String.format(Locale.ROOT, "%.6f", t.meanCost()));
        row(out, "mean penalty", String.format(Locale.ROOT, "%.6f", t.meanPenalty()));
        row(out, "mean delay", String.format(Locale.ROOT, "%.4f s", t.meanDelaySeconds()));
        row(out, "mean energy", String.format(Locale.ROOT, "%.4f J", t.meanEnergyJoules()));
        row(out, "mean error", String.format(Locale.ROOT, "%.4f", t.meanError()));
        row(out, "mean steps", String.format(Locale.ROOT, "%.2f", t.meanSteps()));
        row(out, "decisions", String.format(Locale.ROOT,
                "local %.1f %%, home %.1f %%, neighbour %.1f %%, failed %.1f %%", percent(t, t.local()),
                percent(t, t.home()), percent(t, t.neighbour()), percent(t, t.failed())));
        row(out, "deadline violations", count(t, t.deadlineViolations()));
        row(out, "quality violations", count(t, t.qualityViolations()));
        row(out, "dropped tasks", count(t, t.droppedTasks()));
        row(out, "invalid actions", count(t, t.invalidActions()));
        row(out, "timeouts, re-runs", String.format(Locale.ROOT, "%d timeouts, %d episodes re-run, %d stale messages",
                s.survived().timeouts(), s.survived().episodesRerun(), s.survived().staleMessages())
                + (s.survived().restarts() > 0 ? ", " + s.survived().restarts() + " restarts after a lost learner node" : ""));
        row(out, "throughput", String.format(Locale.ROOT, "%,.0f user-slots/s (%.2f s wall)",
                s.userSlotsPerSecond(), s.wallSeconds()));
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "  %-20s %s%n", name, value));
    }

    private static double percent(TaskStats t, long count) {
        return 100.0 * t.share(count);
    }

    private static String count(TaskStats t, long count) {
        return String.format(Locale.ROOT, "%d (%.2f %%)", count, percent(t, count));
    }
}
