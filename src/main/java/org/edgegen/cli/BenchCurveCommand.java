package org.edgegen.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgegen.experiment.BenchCurve;
import org.edgegen.model.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edgegen bench-curve}: the cost curve of {@code bench} runs as PNG and SVG figures. */
@Command(name = "bench-curve", mixinStandardHelpOptions = true,
        description = "Draw user-slots/s and heap per user against users, one line per policy and engine, from "
                + "the bench.json of one or more bench runs (OUT and OUT-heap.png, each with an SVG of the same name).")
final class BenchCurveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The throughput figure; the "
            + "heap figure goes next to it as NAME-heap.png.")
    Path out;

    @Option(names = "--rate", paramLabel = "RATE", defaultValue = "wall",
            description = "The throughput plotted: user-slots per second of wall time (wall, the default) or per "
                    + "CPU-second of the bench JVM (cpu, what a user-slot cost on a shared machine); the steady "
                    + "figure where a run had two episodes or more.")
    String rateName;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Bench output directories (or bench.json files).")
    List<Path> runs;

    @Override
    public Integer call() throws Exception {
        CommandInputs.requirePng(out);
        BenchCurve.Rate rate = switch (rateName) {
            case "wall" -> BenchCurve.Rate.WALL;
            case "cpu" -> BenchCurve.Rate.CPU;
            default -> throw new InputException("--rate '" + rateName + "' is not a rate; allowed: wall, cpu");
        };
        List<Path> written = BenchCurve.draw(BenchCurve.read(runs, rate), out);
        for (Path file : written) {
            spec.commandLine().getOut().println("written " + file);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
