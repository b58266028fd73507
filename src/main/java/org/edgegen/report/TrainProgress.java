package org.edgegen.report;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the person training how far it has got: a progress bar over episodes with the last episode's mean reward
 * and mean cost and an ETA on stderr when there is a terminal, otherwise one INFO log line per episode with the
 * same figures. Never writes to stdout.
 */
public final class TrainProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainProgress.class);

    private final int firstEpisode;
    private final int endEpisode;
    private final long startNanos;
    private final Optional<ProgressBar> bar;
    private int done;
    private boolean closed;

    private TrainProgress(int firstEpisode, int endEpisode, Optional<ProgressBar> bar) {
        this.firstEpisode = firstEpisode;
        this.endEpisode = endEpisode;
        this.startNanos = System.nanoTime();
        this.bar = bar;
    }

    /** Episodes {@code firstEpisode .. endEpisode-1} are to be played; a bar if this JVM has a console. */
    public static TrainProgress start(int firstEpisode, int endEpisode) {
        return start(firstEpisode, endEpisode, System.console() != null);
    }

    public static TrainProgress start(int firstEpisode, int endEpisode, boolean terminal) {
        if (!terminal) {
            return new TrainProgress(firstEpisode, endEpisode, Optional.empty());
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(endEpisode)
                .startsFrom(firstEpisode, Duration.ZERO)
                .setUnit(" episodes", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .continuousUpdate()
                .build();
        return new TrainProgress(firstEpisode, endEpisode, Optional.of(bar));
    }

    /** Reports a finished episode; ignored once closed. */
    public void episodeDone(TrainRow row) {
        if (closed) {
            return;
        }
        done++;
        if (bar.isPresent()) {
            bar.get().setExtraMessage(String.format(Locale.ROOT, "episode %d, reward %.4f, cost %.4f",
                    row.episode(), row.meanReward(), row.stats().meanCost()));
            bar.get().step();
        } else {
            LOG.info(line(row));
        }
    }

    private String line(TrainRow row) {
        double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
        int left = endEpisode - firstEpisode - done;
        return String.format(Locale.ROOT, "episode %d (%d of %d): mean reward %.6f, mean cost %.6f, %d tasks, "
                + "policy v%d; %.1f s since the start, ETA %s", row.episode(), row.episode() + 1, endEpisode, row.meanReward(),
                row.stats().meanCost(), row.stats().tasks(), row.policyVersion(), elapsedSeconds,
                eta(elapsedSeconds / done * left));
    }

    public static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** Ends the bar (its last state stays on the terminal); safe to call more than once. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            bar.ifPresent(ProgressBar::close);
        }
    }
}
