package org.edgegen.experiment;

import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.edgegen.app.PolicyLineup;
import org.edgegen.experiment.Statistics.Estimate;
import org.edgegen.policy.BaselineKind;
import org.edgegen.report.TrainProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress over a whole suite: a bar of points done with an ETA on stderr when there is a terminal, and always one
 * INFO line per finished point with its main figures. Called from the worker threads.
 */
final class SuiteProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SuiteProgress.class);

    private final int total;
    private final int skipped;
    private final long startNanos = System.nanoTime();
    private final Optional<ProgressBar> bar;
    private int done;
    private boolean closed;

    private SuiteProgress(int total, int skipped, Optional<ProgressBar> bar) {
        this.total = total;
        this.skipped = skipped;
        this.bar = bar;
    }

    static SuiteProgress start(int total, int skipped, boolean terminal) {
        Optional<ProgressBar> bar = Optional.empty();
        if (terminal) {
            bar = Optional.of(new ProgressBarBuilder()
                    .setTaskName("suite")
                    .setInitialMax(total)
                    .startsFrom(skipped, Duration.ZERO)
                    .setUnit(" points", 1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .continuousUpdate()
                    .build());
        }
        return new SuiteProgress(total, skipped, bar);
    }

    synchronized void pointDone(Point point, PointResults results, double seconds) {
        if (closed) {
            return;
        }
        done++;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        int left = total - skipped - done;
        String line = String.format(Locale.ROOT, "point %s (%d of %d): %s; %.1f s, ETA %s", point.label(),
                skipped + done, total, summary(results), seconds, TrainProgress.eta(elapsed / done * left));
        LOG.info(line);
        bar.ifPresent(b -> {
            b.setExtraMessage(point.label());
            b.step();
        });
    }

    /**
     * e.g. {@code mean cost osi 0.0573 ± 0.0021, best decentralised least-finish 0.0567 ± 0.0019 (osi +1.0 %), best
     * centralised reference central-least-finish 0.0541 ± 0.0018 (osi +5.9 %)}.
     */
    static String summary(PointResults results) {
        Map<String, Estimate> cost = new TreeMap<>(results.samples().stream().collect(Collectors.groupingBy(
                Sample::policy, Collectors.collectingAndThen(Collectors.mapping(s -> s.value(Metric.COST),
                        Collectors.toList()), values -> Statistics.estimate(
                                values.stream().filter(v -> !v.isNaN()).toList())))));
        Estimate osi = cost.get(PolicyLineup.OSI);
        StringBuilder text = new StringBuilder("mean cost");
        if (osi != null) {
            text.append(" osi ").append(format(osi));
        }
        best(cost, BaselineKind.DECENTRALISED, "best decentralised", osi, text);
        best(cost, BaselineKind.CENTRALISED_REFERENCE, "best centralised reference", osi, text);
        if (!results.notes().isEmpty()) {
            text.append("; ").append(String.join("; ", results.notes()));
        }
        return text.toString();
    }

    private static void best(Map<String, Estimate> cost, BaselineKind kind, String title, Estimate osi,
            StringBuilder text) {
        Optional<Map.Entry<String, Estimate>> best = cost.entrySet().stream()
                .filter(e -> BaselineKind.of(e.getKey()).equals(Optional.of(kind)))
                .min(Comparator.comparingDouble(e -> e.getValue().mean()));
        best.ifPresent(b -> text.append(text.length() > "mean cost".length() ? ", " : " ").append(title).append(' ')
                .append(b.getKey()).append(' ').append(format(b.getValue())));
        if (osi != null && best.isPresent()) {
            text.append(String.format(Locale.ROOT, " (osi %+.1f %%)",
                    100.0 * (osi.mean() - best.get().getValue().mean()) / best.get().getValue().mean()));
        }
    }

    private static String format(Estimate e) {
        return Double.isNaN(e.halfWidth()) ? String.format(Locale.ROOT, "%.4f", e.mean())
                : String.format(Locale.ROOT, "%.4f ± %.4f", e.mean(), e.halfWidth());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            bar.ifPresent(ProgressBar::close);
        }
    }
}
