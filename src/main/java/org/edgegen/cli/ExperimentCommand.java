package org.edgegen.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.edgegen.config.Suite;
import org.edgegen.config.SuiteReader;
import org.edgegen.experiment.Experiment;
import org.edgegen.experiment.Metric;
import org.edgegen.experiment.SweepTable;
import org.edgegen.report.TrainProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgegen experiment}: runs a whole suite (sweeps over scenario keys, OSI trained per point or once, every
 * policy on the same seeds) and writes one CSV per sweep, PNG and SVG figures and report.md.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run every point of a suite (J at a time; points whose results exist in DIR are skipped, so an "
                + "interrupted suite resumes) and write DIR/SWEEP.csv (mean and 95 %% CI over seeds), "
                + "DIR/figures/*.png (each with an SVG) and DIR/report.md.")
final class ExperimentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--suite", required = true, paramLabel = "FILE",
            description = "Suite file (HOCON), e.g. conf/suites/quick.conf or conf/suites/paper.conf.")
    Path suiteFile;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory; created if missing. Results of finished points in it are reused.")
    Path out;

    @Option(names = "--jobs", defaultValue = "1", paramLabel = "J",
            description = "Points run in parallel (each on one core); default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--report-only",
            description = "Run no point: make the CSVs, figures and report from the points finished so far (the "
                    + "others are listed as not run yet), e.g. while the suite runs elsewhere.")
    boolean reportOnly;

    @Override
    public Integer call() throws Exception {
        Suite suite = SuiteReader.read(suiteFile, Metric.ids());
        Experiment.Outcome outcome = Experiment.run(suite, out, jobs, System.console() != null,
                reportOnly, Signals.stopRequest());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "suite %s: %d points (%d run now, %d reused%s) in %s%n", suite.name(),
                outcome.points(), outcome.ran(), outcome.skipped(), outcome.missing().isEmpty() ? ""
                        : ", " + outcome.missing().size() + " not run yet", TrainProgress.eta(outcome.seconds()));
        for (SweepTable table : outcome.tables()) {
            stdout.printf(Locale.ROOT, "  %-14s %s.csv, %d rows%s%n", table.sweep().name(), table.sweep().name(),
                    table.rows().size(), table.notes().isEmpty() ? "" : ", " + table.notes().size() + " note(s)");
        }
        stdout.printf(Locale.ROOT, "  figures        %d PNG files (each with an SVG) in %s%n", outcome.figures().size(),
                out.resolve(Experiment.FIGURES));
        if (!outcome.hints().isEmpty()) {
            stdout.printf(Locale.ROOT, "  warning        osi looks under-trained at %d training run%s (%s): see the "
                    + "report%n", outcome.hints().size(), outcome.hints().size() == 1 ? "" : "s",
                    String.join("; ", outcome.hints().keySet()));
        }
        stdout.printf(Locale.ROOT, "  report         %s%n", outcome.report());
        stdout.flush();
        return 0;
    }
}
