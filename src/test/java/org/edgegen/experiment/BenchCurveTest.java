package org.edgegen.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.edgegen.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCurveTest {

    private static final String BENCH = """
            {"policy": "%s", "scenario": "default", "usersPerCell": 2.857, "results": [
              {"users": 1000, "cells": 397, "engine": "actors", "available": true, "userSlotsPerSecond": 10,
               "steadyUserSlotsPerSecond": 20, "heapBytesPerUser": 100},
              {"users": 10, "cells": 7, "engine": "actors", "available": true, "userSlotsPerSecond": 5,
               "steadyUserSlotsPerSecond": null, "heapBytesPerUser": 300},
              {"users": 10, "cells": 7, "engine": "direct", "available": true, "userSlotsPerSecond": 50,
               "steadyUserSlotsPerSecond": null, "heapBytesPerUser": 30},
              {"users": 1000, "cells": 397, "engine": "direct", "available": false, "userSlotsPerSecond": null,
               "steadyUserSlotsPerSecond": null, "heapBytesPerUser": null}]}
            """;

    @Test
    void eachRunGivesALinePerEngineInUserOrderWithTheSteadyRateWhereMeasured(@TempDir Path dir) throws IOException {
        Path greedy = Files.createDirectories(dir.resolve("greedy"));
        Files.writeString(greedy.resolve("bench.json"), BENCH.formatted("greedy-local"));
        Path osi = Files.writeString(dir.resolve("osi.json"), BENCH.formatted("osi"));

        BenchCurve.Curves curves = BenchCurve.read(List.of(greedy, osi));

        assertThat(curves.throughput()).extracting(BenchCurve.Line::label)
                .containsExactly("greedy-local, actors", "greedy-local, direct", "osi, actors", "osi, direct");
        BenchCurve.Line actors = curves.throughput().get(0);
        assertThat(actors.users()).containsExactly(10, 1000);
        assertThat(actors.values()).containsExactly(5, 20);
        assertThat(curves.heap().get(0).values()).containsExactly(300, 100);
        // the unavailable direct row at 1000 users is left out
        assertThat(curves.throughput().get(1).users()).containsExactly(10);
        assertThat(curves.title()).isEqualTo("default grown to 2.857 users per cell");

        List<Path> files = BenchCurve.draw(curves, dir.resolve("figures/curve.png"));
        assertThat(files).containsExactly(dir.resolve("figures/curve.png"), dir.resolve("figures/curve-heap.png"),
                dir.resolve("figures/curve.svg"), dir.resolve("figures/curve-heap.svg"));
        for (Path file : files) {
            assertThat(Files.size(file)).as(file.toString()).isPositive();
        }
        assertThat(ImageIO.read(files.get(0).toFile())).isNotNull();
        assertThat(Files.readString(files.get(2))).startsWith("<?xml").contains("<svg").contains("</svg>");
    }

    @Test
    void theCpuRateIsTheSteadyPerCpuFigureWhereMeasuredAndRowsWithoutOneAreLeftOut(@TempDir Path dir)
            throws IOException {
        Path run = Files.writeString(dir.resolve("bench.json"), """
                {"policy": "greedy-local", "scenario": "default", "usersPerCell": null, "results": [
                  {"users": 1000, "engine": "actors", "available": true, "userSlotsPerSecond": 10,
                   "steadyUserSlotsPerSecond": 20, "heapBytesPerUser": 100, "userSlotsPerCpuSecond": 7,
                   "steadyUserSlotsPerCpuSecond": 9},
                  {"users": 10, "engine": "actors", "available": true, "userSlotsPerSecond": 5,
                   "steadyUserSlotsPerSecond": null, "heapBytesPerUser": 300, "userSlotsPerCpuSecond": 3,
                   "steadyUserSlotsPerCpuSecond": null},
                  {"users": 100, "engine": "actors", "available": true, "userSlotsPerSecond": 6,
                   "steadyUserSlotsPerSecond": null, "heapBytesPerUser": 200}]}
                """);

        BenchCurve.Curves cpu = BenchCurve.read(List.of(run), BenchCurve.Rate.CPU);

        assertThat(cpu.throughput().get(0).users()).containsExactly(10, 1000);
        assertThat(cpu.throughput().get(0).values()).containsExactly(3, 9);
        assertThat(cpu.heap().get(0).users()).containsExactly(10, 100, 1000);
        assertThat(cpu.rateTitle()).isEqualTo("User-slots per CPU-second");
        assertThat(BenchCurve.read(List.of(run)).throughput().get(0).values()).containsExactly(5, 6, 20);
    }

    @Test
    void theValueAxisIsLogarithmicOnlyForAWideSpan() {
        BenchCurve.Line narrow = new BenchCurve.Line("a", new double[] {1, 10}, new double[] {20_000, 90_000});
        BenchCurve.Line wide = new BenchCurve.Line("b", new double[] {1, 10}, new double[] {1_000, 500_000});

        assertThat(BenchCurve.logarithmic(List.of(narrow))).isFalse();
        assertThat(BenchCurve.logarithmic(List.of(narrow, wide))).isTrue();
    }

    @Test
    void aRunWithoutABenchJsonIsAUserError(@TempDir Path dir) throws IOException {
        Path other = Files.writeString(dir.resolve("summary.json"), "{\"policy\": \"x\"}");

        assertThatThrownBy(() -> BenchCurve.read(List.of(dir.resolve("missing"))))
                .isInstanceOf(InputException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> BenchCurve.read(List.of(other)))
                .isInstanceOf(InputException.class).hasMessageContaining("is not a bench.json");
    }
}
