package org.edgegen.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.learn.TrainingCheckpoints.Progress;
import org.edgegen.model.InputException;
import org.junit.jupiter.api.Test;

class OsiWeightsTest {

    private static final Path TINY = Path.of("conf/scenarios/tiny.conf");

    @Test
    void aPolicyPlayedWithAnotherStepMaskThanItWasTrainedWithIsWarnedAbout() {
        LoadedScenario masked = ScenarioLoader.load(TINY, Map.of());
        LoadedScenario unmasked = ScenarioLoader.load(TINY, Map.of("edgegen.mdp.mask-steps-below-min", "off"));
        Progress trainedMasked = new Progress(10, 7, 10, masked.renderHocon());
        Path dir = Path.of("runs/x/checkpoints/latest");

        assertThat(OsiWeights.otherStepMask(trainedMasked, masked, dir)).isEmpty();
        assertThat(OsiWeights.otherStepMask(trainedMasked, unmasked, dir)).hasValueSatisfying(warning ->
                assertThat(warning).contains("runs/x/checkpoints/latest", "mask-steps-below-min = on",
                        "played with off", "quality violations"));
        assertThat(OsiWeights.otherStepMask(new Progress(10, 7, 10, unmasked.renderHocon()), masked, dir))
                .hasValueSatisfying(warning -> assertThat(warning).contains("= off and is played with on"));
        assertThat(OsiWeights.otherStepMask(new Progress(10, 7, 10, "not { hocon"), masked, dir)).isEmpty();
    }

    @Test
    void aPolicyTrainedWithTheRateFeatureIsPlayedOnlyWithItAndOneTrainedWithoutItOnlyWithout() {
        LoadedScenario off = ScenarioLoader.load(TINY, Map.of());
        LoadedScenario on = ScenarioLoader.load(TINY, Map.of("edgegen.mdp.rate-feature", "on"));
        Progress trainedOn = new Progress(10, 7, 10, on.renderHocon());
        Progress trainedOff = new Progress(10, 7, 10, off.renderHocon());
        Path dir = Path.of("runs/x/checkpoints/latest");

        assertThatCode(() -> OsiWeights.checkRateFeature(trainedOn, on, dir)).doesNotThrowAnyException();
        assertThatCode(() -> OsiWeights.checkRateFeature(trainedOff, off, dir)).doesNotThrowAnyException();
        assertThatThrownBy(() -> OsiWeights.checkRateFeature(trainedOn, off, dir)).isInstanceOf(InputException.class)
                .hasMessageContainingAll("edgegen.mdp.rate-feature = off", "runs/x/checkpoints/latest",
                        "trained with on", "--set edgegen.mdp.rate-feature=on");
        assertThatThrownBy(() -> OsiWeights.checkRateFeature(trainedOff, on, dir)).isInstanceOf(InputException.class)
                .hasMessageContainingAll("edgegen.mdp.rate-feature = on", "trained with off",
                        "--set edgegen.mdp.rate-feature=off");
        assertThatCode(() -> OsiWeights.checkLoadFeatures(trainedOn, off, dir))
                .as("the load features' check does not read the rate feature").doesNotThrowAnyException();
    }
}
