package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingHintTest {

    /** A cost curve that falls from 0.2 towards 0.1 with time constant tau episodes, plus noise. */
    private static List<Double> curve(int episodes, double tau, double noise) {
        SplittableRandom random = new SplittableRandom(3);
        List<Double> costs = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            costs.add(0.1 + 0.1 * Math.exp(-e / tau) + noise * (random.nextDouble() - 0.5));
        }
        return costs;
    }

    @Test
    void aCurveStillFallingWhenTrainingStoppedGetsTheHint() {
        assertThat(TrainingHint.of(curve(200, 400, 0.002))).hasValueSatisfying(hint -> assertThat(hint)
                .contains("still falling", "last 100 of 200 episodes", "under-trained"));
    }

    @Test
    void aSteepFallIsAShareOfWhereTheHalfStartsSoItNeverExceedsAHundredPercent() {
        List<Double> costs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            costs.add(1.0);
        }
        for (int i = 0; i < 100; i++) {
            costs.add(1.0 - 0.99 * i / 99);
        }
        String hint = TrainingHint.of(costs).orElseThrow();
        Matcher percent = Pattern.compile("by about ([0-9.]+) %").matcher(hint);
        assertThat(percent.find()).as(hint).isTrue();
        assertThat(Double.parseDouble(percent.group(1))).as(hint).isCloseTo(99.0, within(0.1));
    }

    @Test
    void aCurveThatLevelledOffGetsNone() {
        assertThat(TrainingHint.of(curve(2000, 50, 0.01))).isEmpty();
        assertThat(TrainingHint.of(java.util.Collections.nCopies(40, 0.1))).isEmpty();
    }

    @Test
    void aCurveTooNoisyToTellWhetherItLevelledOffGetsTheHint() {
        // 20 episodes whose cost jumps between 0.2 and 1.3, as a suite's 20-episode OSI run had
        List<Double> costs = List.of(0.815, 0.58, 0.797, 0.651, 0.312, 1.268, 0.234, 0.345, 0.949, 0.423, 0.531,
                0.366, 1.236, 0.612, 0.545, 0.793, 0.247, 0.212, 0.785, 0.443);
        assertThat(TrainingHint.of(costs)).hasValueSatisfying(hint -> assertThat(hint)
                .contains("too noisy", "last 10 of 20 episodes", "under-trained"));
    }

    @Test
    void tooFewEpisodesToJudgeGetTheHint() {
        assertThat(TrainingHint.of(curve(5, 50, 0.0))).hasValueSatisfying(hint -> assertThat(hint)
                .contains("only 5 episodes", "under-trained"));
        assertThat(TrainingHint.of(java.util.Collections.nCopies(TrainingHint.MIN_EPISODES, 0.1))).isEmpty();
        // a fall that stands out from the noise but is below 1 % of the cost is not worth more training
        assertThat(TrainingHint.of(curve(100, 1e6, 0.0))).isEmpty();
    }

    @Test
    void theHintIsReadFromTheMeanCostColumnOfTrainCsv(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("episode,meanCost\n");
        List<Double> costs = curve(60, 300, 0.001);
        for (int e = 0; e < costs.size(); e++) {
            csv.append(e).append(',').append(costs.get(e)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("train.csv"), csv);
        assertThat(TrainingHint.ofFile(file)).isEqualTo(TrainingHint.of(costs)).isPresent();
    }
}
