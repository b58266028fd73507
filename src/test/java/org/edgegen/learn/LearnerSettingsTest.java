package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.edgegen.config.ConfigurationException;
import org.edgegen.config.LearnerSettings;
import org.edgegen.config.LearnerSettings.CriticMode;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.junit.jupiter.api.Test;

class LearnerSettingsTest {

    private static LoadedScenario load(Map<String, String> overrides) {
        return ScenarioLoader.fromConfig(ConfigFactory.empty(), overrides);
    }

    @Test
    void theDefaultsAreThoseOfReferenceConf() {
        LearnerSettings s = load(Map.of()).learner();
        assertThat(s).isEqualTo(LearnerSettings.defaults());
        assertThat(s.hiddenSizes()).containsExactly(128, 128);
        assertThat(s.critic()).isEqualTo(CriticMode.CENTRALISED);
        assertThat(s.learningRate()).isEqualTo(3e-4);
        assertThat(s.clip()).isEqualTo(0.2);
        assertThat(s.valueCoef()).isEqualTo(0.5);
        assertThat(s.entropyCoef()).isEqualTo(0.01);
        assertThat(s.maxGradNorm()).isEqualTo(0.5);
        assertThat(s.gaeLambda()).isEqualTo(0.95);
        assertThat(s.epochs()).isEqualTo(4);
        assertThat(s.minibatchSize()).isEqualTo(128);
        assertThat(s.normaliseAdvantages()).isTrue();
        assertThat(s.discount()).isEqualTo(0.2);
        assertThat(s.discountOr(0.95)).isEqualTo(0.2);
        assertThat(s.execution()).isEqualTo(LearnerSettings.Execution.SAMPLE);
        assertThat(s.samplesWhenPlayed()).isTrue();
        assertThat(s.playTemperature()).isEqualTo(0.5);
        assertThat(load(Map.of("edgegen.learner.execution-temperature", "1")).learner().playTemperature())
                .isEqualTo(1.0);
        assertThat(load(Map.of("edgegen.learner.execution", "greedy")).learner().samplesWhenPlayed()).isFalse();
        assertThat(s.executionPrecision()).isEqualTo(LearnerSettings.ExecutionPrecision.DOUBLE);
        assertThat(s.playsInFloat()).isFalse();
        assertThat(load(Map.of("edgegen.learner.execution-precision", "float")).learner().playsInFloat()).isTrue();
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.execution-precision", "half")))
                .hasMessageContaining("edgegen.learner.execution-precision").hasMessageContaining("double, float");
        assertThat(s.annealUpdates()).isZero();
        assertThat(s.anneals()).isFalse();
        assertThat(s.learningRateAt(5000)).isEqualTo(3e-4);
        assertThat(s.entropyCoefAt(5000)).isEqualTo(0.01);
    }

    @Test
    void advantagesAreStandardisedOverTheBatchUnlessEachEpisodeIsAskedFor() {
        LearnerSettings batch = load(Map.of()).learner();
        assertThat(batch.advantageNormalisation()).isEqualTo(LearnerSettings.AdvantageNormalisation.BATCH);
        assertThat(batch.standardisesAdvantagesPerEpisode()).isFalse();
        LearnerSettings episode = load(Map.of("edgegen.learner.advantage-normalisation", "episode")).learner();
        assertThat(episode.advantageNormalisation()).isEqualTo(LearnerSettings.AdvantageNormalisation.EPISODE);
        assertThat(episode.standardisesAdvantagesPerEpisode()).isTrue();
        assertThat(episode.weighsEpisodesEqually()).isFalse();
        LearnerSettings weighted = load(Map.of("edgegen.learner.advantage-normalisation", "episode-weighted")).learner();
        assertThat(weighted.advantageNormalisation())
                .isEqualTo(LearnerSettings.AdvantageNormalisation.EPISODE_WEIGHTED);
        assertThat(weighted.standardisesAdvantagesPerEpisode()).isTrue();
        assertThat(weighted.weighsEpisodesEqually()).isTrue();
        assertThat(load(Map.of("edgegen.learner.advantage-normalisation", "episode",
                "edgegen.learner.normalise-advantages", "off")).learner().standardisesAdvantagesPerEpisode())
                .as("raw advantages stay raw").isFalse();
        // A checkpoint written before the key reads as the batch-wide standardisation it was trained with.
        assertThat(LearnFixtures.withAdvantageNormalisation(batch, null).advantageNormalisation())
                .isEqualTo(LearnerSettings.AdvantageNormalisation.BATCH);
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.advantage-normalisation", "load")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("edgegen.learner.advantage-normalisation")
                .hasMessageContaining("batch, episode, episode-weighted");
    }

    @Test
    void theDiscountIsANumberOrTheWordModelForTheMdpsDiscount() {
        LearnerSettings model = load(Map.of("edgegen.learner.discount", "model")).learner();
        assertThat(model.discount()).isNull();
        assertThat(model.discountOr(0.95)).isEqualTo(0.95);
        assertThat(load(Map.of("edgegen.learner.discount", "0")).learner().discountOr(0.95)).isZero();
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.discount", "1")))
                .hasMessageContaining("edgegen.learner.discount = 1 is out of range: allowed 0 <= value < 1");
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.discount", "mdp")))
                .hasMessageContaining("edgegen.learner.discount").hasMessageContaining("a number or model");
    }

    @Test
    void theLearningRateAndEntropyWeightMoveLinearlyToTheirFinalValuesThenStay() {
        LearnerSettings s = load(Map.of("edgegen.learner.anneal-updates", "1000",
                "edgegen.learner.learning-rate", "0.001", "edgegen.learner.learning-rate-final", "0.0001",
                "edgegen.learner.entropy-coef-final", "0")).learner();
        assertThat(s.anneals()).isTrue();
        assertThat(s.learningRateAt(0)).isEqualTo(1e-3);
        assertThat(s.learningRateAt(500)).isCloseTo(5.5e-4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.learningRateAt(1000)).isCloseTo(1e-4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.learningRateAt(3000)).isCloseTo(1e-4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.entropyCoefAt(0)).isEqualTo(0.01);
        assertThat(s.entropyCoefAt(250)).isCloseTo(0.0075, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.entropyCoefAt(1000)).isZero();
    }

    @Test
    void aScenarioOverridesTheLearnerKeys() {
        LearnerSettings s = load(Map.of("edgegen.learner.critic", "local", "edgegen.learner.hidden-sizes", "[64, 32]",
                "edgegen.learner.epochs", "10")).learner();
        assertThat(s.critic()).isEqualTo(CriticMode.LOCAL);
        assertThat(s.hiddenSizes()).isEqualTo(List.of(64, 32));
        assertThat(s.epochs()).isEqualTo(10);
    }

    @Test
    void invalidValuesAreRejectedNamingTheKeyAndTheRange() {
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.clip", "1.5")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("edgegen.learner.clip = 1.5 is out of range: allowed 0 < value < 1");
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.critic", "global")))
                .hasMessageContaining("edgegen.learner.critic")
                .hasMessageContaining("centralised, centralised-tasks, local");
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.hidden-sizes", "[]")))
                .hasMessageContaining("edgegen.learner.hidden-sizes").hasMessageContaining("1 to 4 integers");
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.minibatch-size", "0")))
                .hasMessageContaining("edgegen.learner.minibatch-size = 0 is out of range");
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.execution", "random")))
                .hasMessageContaining("edgegen.learner.execution").hasMessageContaining("greedy, sample");
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.anneal-updates", "-1")))
                .hasMessageContaining("edgegen.learner.anneal-updates = -1 is out of range");
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.learning-rate-final", "0")))
                .hasMessageContaining("edgegen.learner.learning-rate-final = 0 is out of range");
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.entropy-coef-final", "-0.1")))
                .hasMessageContaining("edgegen.learner.entropy-coef-final = -0.1 is out of range");
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.learnig-rate", "0.1")))
                .hasMessageContaining("did you mean 'edgegen.learner.learning-rate'");
    }

    @Test
    void theCriticModeSetsTheGlobalStateTheNetworkReads() {
        NetworkShape centralised = LearnFixtures.shape(LearnFixtures.defaults());
        NetworkShape local = LearnFixtures.shape(LearnFixtures.small(CriticMode.LOCAL));
        assertThat(centralised.featureCount()).isEqualTo(42);
        assertThat(centralised.serverChoices()).isEqualTo(7);
        assertThat(centralised.stepChoices()).isEqualTo(6);
        assertThat(centralised.globalStateSize()).isEqualTo(3 * 7);
        assertThat(centralised.criticInputSize()).isEqualTo(42 + 21);
        assertThat(local.globalStateSize()).isZero();
        assertThat(local.criticInputSize()).isEqualTo(42);
        NetworkShape tasks = LearnFixtures.shape(LearnFixtures.small(CriticMode.CENTRALISED_TASKS));
        assertThat(tasks.globalStateSize()).isEqualTo(3 * 7 + 1);
        assertThat(tasks.criticInputSize()).isEqualTo(42 + 22);
        assertThat(tasks.centralisedCritic()).isTrue();
    }

    @Test
    void theCriticCanAlsoReadTheSlotsTasksWrittenWithAHyphen() {
        LearnerSettings s = load(Map.of("edgegen.learner.critic", "centralised-tasks")).learner();
        assertThat(s.critic()).isEqualTo(CriticMode.CENTRALISED_TASKS);
        assertThat(s.critic().configName()).isEqualTo("centralised-tasks");
        assertThat(s.critic().centralised()).isTrue();
        assertThat(s.critic().readsSlotTasks()).isTrue();
        assertThat(CriticMode.CENTRALISED.configName()).isEqualTo("centralised");
        assertThat(CriticMode.CENTRALISED.readsSlotTasks()).isFalse();
        assertThat(CriticMode.LOCAL.centralised()).isFalse();
        for (CriticMode mode : CriticMode.values()) {
            assertThat(load(Map.of("edgegen.learner.critic", mode.configName())).learner().critic())
                    .as("the config word of %s reads back", mode).isEqualTo(mode);
        }
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.critic", "centralised_tasks")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("edgegen.learner.critic")
                .hasMessageContaining("centralised, centralised-tasks, local");
    }
}
