package org.edgegen.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void aTitleInASentenceKeepsTheCapitalsOfAnAcronym() {
        assertThat(Figures.inSentence("GPU mix")).isEqualTo("GPU mix");
        assertThat(Figures.inSentence("Number of users")).isEqualTo("number of users");
        assertThat(Figures.inSentence("Weight of the generation error ω3")).isEqualTo("weight of the generation error ω3");
        assertThat(Figures.inSentence("")).isEmpty();
    }

    @Test
    void anIntegerAxisLabelsItsLevelsOnlyAndNoFractionalTick() {
        List<Double> cells = List.of(1.0, 7.0, 19.0);
        assertThat(Figures.integerLabel(cells, true, 1.0)).isEqualTo("1");
        assertThat(Figures.integerLabel(cells, true, 7.0)).isEqualTo("7");
        assertThat(Figures.integerLabel(cells, true, 19.0)).isEqualTo("19");
        assertThat(Figures.integerLabel(cells, true, 5.0).replace("\u200B", "")).isEmpty();
        assertThat(Figures.integerLabel(cells, true, 2.5).replace("\u200B", "")).isEmpty();
        List<Double> users = List.of(2.0, 4.0, 5.0);
        assertThat(Figures.integerLabel(users, false, 3.0)).isEqualTo("3");
        assertThat(Figures.integerLabel(users, false, 3.5).replace("\u200B", "")).isEmpty();
    }

    @Test
    void theInvisibleLabelsDifferFromTickToTick() {
        // XChart drops every tick label when two are equal
        List<Double> cells = List.of(1.0, 7.0, 19.0);
        List<String> labels = DoubleStream.iterate(-1.0, v -> v <= 21.0, v -> v + 0.5)
                .mapToObj(v -> Figures.integerLabel(cells, true, v)).toList();
        assertThat(labels).doesNotHaveDuplicates();
    }
}
