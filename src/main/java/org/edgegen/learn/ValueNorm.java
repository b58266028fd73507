package org.edgegen.learn;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Running normalisation of the critic's targets ({@code edgegen.learner.value-normalisation = running}), after
 * MAPPO's {@code ValueNorm} (Yu et al.): debiased exponential averages of the returns and of their squares with
 * β = {@value #BETA}, updated once per PPO update from that update's returns. The critic regresses
 * (G − μ) / σ; its outputs are mapped back, μ + σ·v, before GAE. Persisted in a checkpoint as {@value #FILE}.
 */
final class ValueNorm {

    /** The file in a checkpoint directory. */
    static final String FILE = "value-norm.json";
    static final double BETA = 0.99999;
    static final double EPSILON = 1e-5;
    /** Smallest variance used, so that near-constant returns are not blown up. */
    static final double MIN_VARIANCE = 1e-2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The state written to {@value #FILE}. */
    record State(double runningMean, double runningMeanSquare, double debiasingTerm) {}

    private double runningMean;
    private double runningMeanSquare;
    private double debiasingTerm;

    /** Folds one batch of returns into the running statistics. */
    void update(double[] returns) {
        double mean = 0;
        double meanSquare = 0;
        for (double r : returns) {
            mean += r;
            meanSquare += r * r;
        }
        mean /= returns.length;
        meanSquare /= returns.length;
        runningMean = BETA * runningMean + (1 - BETA) * mean;
        runningMeanSquare = BETA * runningMeanSquare + (1 - BETA) * meanSquare;
        debiasingTerm = BETA * debiasingTerm + (1 - BETA);
    }

    double mean() {
        return runningMean / Math.max(debiasingTerm, EPSILON);
    }

    double std() {
        double mean = mean();
        double variance = runningMeanSquare / Math.max(debiasingTerm, EPSILON) - mean * mean;
        return Math.sqrt(Math.max(variance, MIN_VARIANCE));
    }

    /** (x − μ) / σ, as floats for the graph. */
    float[] normalise(double[] values) {
        double mean = mean();
        double std = std();
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((values[i] - mean) / std);
        }
        return out;
    }

    /** μ + σ·v, in place. */
    void denormalise(double[] values) {
        double mean = mean();
        double std = std();
        for (int i = 0; i < values.length; i++) {
            values[i] = mean + std * values[i];
        }
    }

    void save(Path dir) {
        try {
            Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(
                    new State(runningMean, runningMeanSquare, debiasingTerm)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot write " + FILE + ": " + PpoLearner.oneLine(e), e);
        }
    }

    /** Restores the statistics of {@code dir}, or starts afresh when it has none (a run without normalisation). */
    void restore(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            runningMean = 0;
            runningMeanSquare = 0;
            debiasingTerm = 0;
            return;
        }
        try {
            State state = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), State.class);
            runningMean = state.runningMean();
            runningMeanSquare = state.runningMeanSquare();
            debiasingTerm = state.debiasingTerm();
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(dir, FILE + " is corrupt: " + PpoLearner.oneLine(e), e);
        }
    }
}
