package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.edgegen.config.ConfigurationException;
import org.edgegen.config.LearnerSettings;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.task.Task;
import org.edgegen.policy.CandidateView;
import org.edgegen.policy.FeatureLayout;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.neural.HeadProbabilities;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.junit.jupiter.api.Test;

/** The mixture of experts in the actor's heads (edgegen.learner.head-experts): graph, Java pass, files, config. */
class HeadExpertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoadedScenario load(Map<String, String> overrides) {
        return ScenarioLoader.fromConfig(ConfigFactory.empty(), overrides);
    }

    private static LoadedScenario experts(int k, boolean rateFeature) {
        return load(Map.of("edgegen.mdp.load-features", "on", "edgegen.mdp.rate-feature", rateFeature ? "on" : "off",
                "edgegen.learner.head-experts", Integer.toString(k), "edgegen.learner.hidden-sizes", "[32, 32]"));
    }

    /** Observations with a task, 1..7 candidates and home cells of 1..60 users, so that the gate's input varies. */
    private static List<Observation> observations(ObservationBuilder builder, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Observation> list = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            List<CandidateView> views = new ArrayList<>();
            for (int k = 0; k < 1 + n % 7; k++) {
                double beta = 0.0192 + random.nextDouble() * 0.12;
                views.add(new CandidateView(k, k == 0, random.nextDouble() * 600, 1 / beta, 0.01 + beta,
                        k == 0 ? 0 : 400e6 + random.nextDouble() * 100e6,
                        k == 0 ? 0 : 400e6 + random.nextDouble() * 100e6, random.nextInt(12)));
            }
            Task task = new Task(3, 2e6 + random.nextDouble() * 3e6, 0.6e6 + random.nextDouble() * 0.4e6,
                    0.05 + random.nextDouble() * 0.5, 4 + random.nextDouble() * 8);
            list.add(builder.of(3, Optional.of(task), random.nextDouble() * 20, 0.2 + random.nextDouble() * 0.6,
                    Math.pow(10, -(100 + random.nextDouble() * 30) / 10), views, 20, 1 + random.nextInt(60)));
        }
        return list;
    }

    /** The learner's snapshot with every weight and bias scaled and shifted, far from the near-uniform start. */
    private static PolicySnapshot far(PolicySnapshot s, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] w = s.weights();
        float[][] b = s.biases();
        for (int k = 0; k < w.length; k++) {
            double scale = 2.5 / Math.sqrt(s.inputsOf(k));
            for (int i = 0; i < w[k].length; i++) {
                w[k][i] = (float) ((random.nextDouble() * 2 - 1) * scale * Math.sqrt(3));
            }
            for (int j = 0; j < b[k].length; j++) {
                b[k][j] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        return new PolicySnapshot(s.version(), s.featureCount(), s.hiddenSizes(), s.serverChoices(),
                s.stepChoices(), w, b, s.headExperts(), s.gateAt(), s.gateWidth());
    }

    @Test
    void theJavaForwardPassEqualsTheGraphWithTwoAndThreeExpertsInDoubleAndFloat() {
        for (int k : new int[] {2, 3}) {
            for (boolean rate : new boolean[] {false, true}) {
                LoadedScenario loaded = experts(k, rate);
                SystemModel model = SystemModel.of(loaded.scenario());
                ObservationBuilder builder = new ObservationBuilder(model);
                NetworkShape shape = NetworkShape.of(model, loaded.learner());
                assertThat(shape.headExperts()).isEqualTo(k);
                assertThat(shape.gateAt()).isEqualTo(Observation.loadAt(loaded.scenario()));
                assertThat(shape.gateWidth()).isEqualTo(rate ? 4 : 3);
                List<Observation> observations = observations(builder, 70, 4);
                Batch batch = LearnFixtures.batch(shape, observations, 1);
                try (PpoLearner learner = new PpoLearner(shape, loaded.learner(), 42)) {
                    PolicySnapshot initial = learner.snapshot();
                    assertThat(initial.layerCount()).isEqualTo(2 + 3 * k + 1);
                    assertThat(initial.outputsOf(initial.gateLayer())).isEqualTo(k);
                    for (PolicySnapshot snapshot : List.of(initial, far(initial, 7 + k))) {
                        learner.loadActor(snapshot);
                        assertThat(learner.snapshot()).isEqualTo(snapshot);
                        List<HeadProbabilities> graph = learner.probabilities(batch);
                        for (NeuralPolicy.Precision precision : NeuralPolicy.Precision.values()) {
                            NeuralPolicy played = new NeuralPolicy(snapshot, builder.actionSpace(),
                                    NeuralPolicy.Mode.STOCHASTIC, builder.priorAt(), 1.0, precision);
                            double spread = 0;
                            for (int i = 0; i < observations.size(); i++) {
                                HeadProbabilities expected = played.distribution(observations.get(i));
                                String as = "K=" + k + " rate=" + rate + " " + precision + " row " + i;
                                assertThat(graph.get(i).offload()).as(as)
                                        .containsExactly(expected.offload(), within(1e-5));
                                assertThat(graph.get(i).server()).as(as)
                                        .containsExactly(expected.server(), within(1e-5));
                                assertThat(graph.get(i).steps()).as(as)
                                        .containsExactly(expected.steps(), within(1e-5));
                                double[] g = played.gateWeights(observations.get(i));
                                assertThat(g).hasSize(k);
                                assertThat(java.util.Arrays.stream(g).sum()).isCloseTo(1.0, within(1e-6));
                                for (double x : g) {
                                    assertThat(x).isBetween(0.0, 1.0);
                                }
                                spread += Math.abs(g[0] - played.gateWeights(observations.get(0))[0]);
                            }
                            if (snapshot != initial) {
                                assertThat(spread).as("the gate follows the load features").isGreaterThan(0.1);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void oneExpertIsThePlainNetworkAndWritesNoNewField() throws Exception {
        LearnerSettings settings = LearnFixtures.defaults();
        assertThat(settings.headExperts()).isEqualTo(1);
        NetworkShape shape = LearnFixtures.shape(settings);
        assertThat(shape).isEqualTo(new NetworkShape(shape.featureCount(), shape.serverChoices(),
                shape.stepChoices(), shape.globalStateSize(), shape.hiddenSizes(), shape.priorAt()));
        try (PpoLearner learner = new PpoLearner(shape, settings, 42)) {
            PolicySnapshot snapshot = learner.snapshot();
            assertThat(snapshot.layerCount()).isEqualTo(2 + 3);
            assertThat(snapshot.headExperts()).isEqualTo(1);
            assertThat(snapshot.gateAt()).isZero();
            assertThat(snapshot.gateWidth()).isZero();
            assertThat(snapshot).isEqualTo(new PolicySnapshot(snapshot.version(), snapshot.featureCount(),
                    snapshot.hiddenSizes(), snapshot.serverChoices(), snapshot.stepChoices(), snapshot.weights(),
                    snapshot.biases()));
            assertThat(snapshot.toString()).doesNotContain("experts");
        }
        String shapeJson = JSON.writeValueAsString(shape);
        String settingsJson = JSON.writeValueAsString(settings);
        assertThat(shapeJson).doesNotContain("headExperts").doesNotContain("gate");
        assertThat(settingsJson).doesNotContain("headExperts");
        // a checkpoint written before the key existed reads as one expert
        assertThat(JSON.readValue(shapeJson, NetworkShape.class)).isEqualTo(shape);
        assertThat(JSON.readValue(settingsJson, LearnerSettings.class)).isEqualTo(settings);
        assertThat(JSON.readValue(settingsJson, LearnerSettings.class).headExperts()).isEqualTo(1);
        NetworkShape two = NetworkShape.of(SystemModel.of(experts(2, true).scenario()), experts(2, true).learner());
        assertThat(JSON.writeValueAsString(two)).contains("\"headExperts\":2");
        assertThat(JSON.readValue(JSON.writeValueAsString(two), NetworkShape.class)).isEqualTo(two);
        LearnerSettings twoSettings = experts(2, true).learner();
        assertThat(JSON.readValue(JSON.writeValueAsString(twoSettings), LearnerSettings.class)).isEqualTo(twoSettings);
    }

    @Test
    void theGateReadsTheLoadFeaturesAndTheRateFeature() {
        LoadedScenario loaded = experts(2, true);
        NetworkShape shape = NetworkShape.of(SystemModel.of(loaded.scenario()), loaded.learner());
        List<String> names = FeatureLayout.of(loaded.scenario()).subList(shape.gateAt(),
                shape.gateAt() + shape.gateWidth()).stream().map(FeatureLayout.Feature::name).toList();
        assertThat(names).containsExactly("home_users", "home_requests", "home_arrivals", "arrival_probability");
    }

    @Test
    void headExpertsAreAnIntegerFromOneToEightAndNeedTheLoadFeatures() {
        assertThat(load(Map.of()).learner().headExperts()).isEqualTo(1);
        assertThat(experts(8, false).learner().headExperts()).isEqualTo(8);
        for (String bad : List.of("0", "9", "1.5", "two")) {
            assertThatThrownBy(() -> load(Map.of("edgegen.mdp.load-features", "on",
                    "edgegen.learner.head-experts", bad))).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("edgegen.learner.head-experts");
        }
        assertThatThrownBy(() -> load(Map.of("edgegen.learner.head-experts", "2")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("edgegen.learner.head-experts = 2")
                .hasMessageContaining("edgegen.mdp.load-features = on")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(load(Map.of("edgegen.learner.head-experts", "1")).learner().headExperts()).isEqualTo(1);
    }

    @Test
    void aCheckpointOfTwoExpertsRestoresItsGate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        LoadedScenario loaded = experts(2, false);
        SystemModel model = SystemModel.of(loaded.scenario());
        NetworkShape shape = NetworkShape.of(model, loaded.learner());
        try (PpoLearner learner = new PpoLearner(shape, loaded.learner(), 5);
                PpoLearner other = new PpoLearner(shape, loaded.learner(), 6)) {
            learner.loadActor(far(learner.snapshot(), 3));
            learner.save(dir);
            other.restore(dir);
            assertThat(other.snapshot()).isEqualTo(learner.snapshot());
        }
        NetworkShape plain = NetworkShape.of(model, loaded.learner().withHeadExperts(1));
        try (PpoLearner one = new PpoLearner(plain, loaded.learner().withHeadExperts(1), 5)) {
            assertThatThrownBy(() -> one.restore(dir)).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("2 head experts");
        }
    }
}
