package org.edgegen.report;

import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the person running a simulation how far it has got: a progress bar over episodes with an ETA on stderr
 * when there is a terminal, otherwise one INFO log line per finished episode. Never writes to stdout.
 */
public final class EpisodeProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeProgress.class);

    private final int episodes;
    private final long startNanos;
    private final Optional<ProgressBar> bar;
    private int done;
    private boolean closed;

    private EpisodeProgress(int episodes, Optional<ProgressBar> bar) {
        this.episodes = episodes;
        this.startNanos = System.nanoTime();
        this.bar = bar;
    }

    /** A progress bar if this JVM has a console, log lines otherwise. */
    public static EpisodeProgress start(String task, int episodes) {
        return start(task, episodes, System.console() != null);
    }

    public static EpisodeProgress start(String task, int episodes, boolean terminal) {
        if (!terminal) {
            return new EpisodeProgress(episodes, Optional.empty());
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(episodes)
                .setUnit(" episodes", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .continuousUpdate()
                .build();
        return new EpisodeProgress(episodes, Optional.of(bar));
    }

    /** Reports a finished episode; ignored once closed. */
    public void episodeDone(EpisodeRow row) {
        if (closed) {
            return;
        }
        done++;
        if (bar.isPresent()) {
            bar.get().setExtraMessage(String.format(Locale.ROOT, "mean cost %.4f", row.stats().meanCost()));
            bar.get().step();
        } else {
            LOG.info(String.format(Locale.ROOT, "episode %d done (%d of %d): mean cost %.6f over %d tasks; "
                    + "%.1f s since the start",
                    row.episode(), done, episodes, row.stats().meanCost(), row.stats().tasks(),
                    (System.nanoTime() - startNanos) / 1e9));
        }
    }

    /**
     * Reports that {@code episodesDone} episodes are done in all, the last with mean cost {@code meanCost}, as
     * someone following a run elsewhere hears it (edgegen attach); ignored once closed or when nothing moved.
     */
    public void advanceTo(int episodesDone, double meanCost) {
        if (closed || episodesDone <= done) {
            return;
        }
        done = episodesDone;
        if (bar.isPresent()) {
            bar.get().setExtraMessage(String.format(Locale.ROOT, "mean cost %.4f", meanCost));
            bar.get().stepTo(episodesDone);
        } else {
            LOG.info(String.format(Locale.ROOT, "%d of %d episodes done: the last one's mean cost %.6f; %.1f s since "
                    + "the start", done, episodes, meanCost, (System.nanoTime() - startNanos) / 1e9));
        }
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
