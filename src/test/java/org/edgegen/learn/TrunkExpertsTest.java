package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.edgegen.config.ConfigurationException;
import org.edgegen.config.LearnerSettings;
import org.edgegen.config.LearnerSettings.ExpertScope;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.task.Task;
import org.edgegen.policy.CandidateView;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.neural.HeadProbabilities;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-actor experts (edgegen.learner.expert-scope = trunk): graph, Java pass, files, config. */
class TrunkExpertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoadedScenario load(Map<String, String> overrides) {
        return ScenarioLoader.fromConfig(ConfigFactory.empty(), overrides);
    }

    private static LoadedScenario trunks(int k, boolean rateFeature) {
        return load(Map.of("edgegen.mdp.load-features", "on", "edgegen.mdp.rate-feature", rateFeature ? "on" : "off",
                "edgegen.learner.head-experts", Integer.toString(k), "edgegen.learner.expert-scope", "trunk",
                "edgegen.learner.hidden-sizes", "[24, 16]"));
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

    /** The learner's snapshot with every weight and bias redrawn, far from the near-uniform start. */
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
                s.stepChoices(), w, b, s.headExperts(), s.gateAt(), s.gateWidth(), s.trunkExperts());
    }

    @Test
    void theJavaForwardPassEqualsTheGraphWithTwoAndThreeTrunksInDoubleAndFloat() {
        for (int k : new int[] {2, 3}) {
            for (boolean rate : new boolean[] {false, true}) {
                LoadedScenario loaded = trunks(k, rate);
                SystemModel model = SystemModel.of(loaded.scenario());
                ObservationBuilder builder = new ObservationBuilder(model);
                NetworkShape shape = NetworkShape.of(model, loaded.learner());
                assertThat(shape.headExperts()).isEqualTo(k);
                assertThat(shape.trunkExperts()).isTrue();
                assertThat(shape.gateWidth()).isEqualTo(rate ? 4 : 3);
                List<Observation> observations = observations(builder, 70, 4);
                Batch batch = LearnFixtures.batch(shape, observations, 1);
                try (PpoLearner learner = new PpoLearner(shape, loaded.learner(), 42)) {
                    PolicySnapshot initial = learner.snapshot();
                    assertThat(initial.trunkExperts()).isTrue();
                    assertThat(initial.layerCount()).isEqualTo((2 + 3) * k + 1);
                    for (int e = 0; e < k; e++) {
                        int first = initial.trunkLayer(e);
                        assertThat(initial.inputsOf(first)).isEqualTo(shape.featureCount());
                        assertThat(initial.outputsOf(first)).isEqualTo(24);
                        assertThat(initial.outputsOf(first + 1)).isEqualTo(16);
                        assertThat(initial.inputsOf(first + 2)).isEqualTo(16);
                        assertThat(initial.outputsOf(first + 2)).isEqualTo(PolicySnapshot.OFFLOAD_CHOICES);
                        assertThat(initial.outputsOf(first + 3)).isEqualTo(shape.serverChoices());
                        assertThat(initial.outputsOf(first + 4)).isEqualTo(shape.stepChoices());
                    }
                    assertThat(initial.inputsOf(initial.gateLayer())).isEqualTo(rate ? 4 : 3);
                    assertThat(initial.outputsOf(initial.gateLayer())).isEqualTo(k);
                    // the experts start apart: each trunk has its own initial weights
                    assertThat(initial.weights(initial.trunkLayer(1))).isNotEqualTo(initial.weights(0));
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
                                assertThat(Arrays.stream(g).sum()).isCloseTo(1.0, within(1e-6));
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
    void aTrunkIsItsOwnActor() {
        // with the gate's weights 0 and its bias on expert 1, the mixture is expert 1's actor alone: the plain
        // network of expert 1's layers
        LoadedScenario loaded = trunks(2, false);
        SystemModel model = SystemModel.of(loaded.scenario());
        ObservationBuilder builder = new ObservationBuilder(model);
        NetworkShape shape = NetworkShape.of(model, loaded.learner());
        try (PpoLearner learner = new PpoLearner(shape, loaded.learner(), 3)) {
            PolicySnapshot s = far(learner.snapshot(), 11);
            float[][] w = s.weights();
            float[][] b = s.biases();
            int gate = s.gateLayer();
            Arrays.fill(w[gate], 0f);
            b[gate] = new float[] {-200f, 200f};
            PolicySnapshot onlyOne = new PolicySnapshot(0, s.featureCount(), s.hiddenSizes(), s.serverChoices(),
                    s.stepChoices(), w, b, 2, s.gateAt(), s.gateWidth(), true);
            int first = s.trunkLayer(1);
            PolicySnapshot plain = new PolicySnapshot(0, s.featureCount(), s.hiddenSizes(), s.serverChoices(),
                    s.stepChoices(), Arrays.copyOfRange(w, first, first + 5), Arrays.copyOfRange(b, first, first + 5));
            NeuralPolicy mixed = NeuralPolicy.stochastic(onlyOne, builder);
            NeuralPolicy alone = NeuralPolicy.stochastic(plain, builder);
            for (Observation o : observations(builder, 20, 9)) {
                assertThat(mixed.distribution(o).steps()).containsExactly(alone.distribution(o).steps(),
                        within(1e-12));
                assertThat(mixed.distribution(o).server()).containsExactly(alone.distribution(o).server(),
                        within(1e-12));
            }
        }
    }

    @Test
    void scopeHeadWritesNoNewFieldAndTrunkRoundTripsInJson() throws Exception {
        LoadedScenario head = load(Map.of("edgegen.mdp.load-features", "on", "edgegen.learner.head-experts", "2"));
        assertThat(head.learner().expertScope()).isEqualTo(ExpertScope.HEAD);
        NetworkShape headShape = NetworkShape.of(SystemModel.of(head.scenario()), head.learner());
        assertThat(headShape.trunkExperts()).isFalse();
        assertThat(JSON.writeValueAsString(headShape)).doesNotContain("trunk");
        assertThat(JSON.writeValueAsString(head.learner())).doesNotContain("expertScope");
        assertThat(JSON.writeValueAsString(LearnFixtures.defaults())).doesNotContain("expertScope");
        assertThat(head.resolved().hasPath("edgegen.learner.expert-scope")).isFalse();

        LoadedScenario trunk = trunks(2, true);
        NetworkShape shape = NetworkShape.of(SystemModel.of(trunk.scenario()), trunk.learner());
        String json = JSON.writeValueAsString(shape);
        assertThat(json).contains("\"trunkExperts\":true");
        assertThat(JSON.readValue(json, NetworkShape.class)).isEqualTo(shape);
        String settings = JSON.writeValueAsString(trunk.learner());
        assertThat(settings).contains("\"expertScope\":\"TRUNK\"");
        assertThat(JSON.readValue(settings, LearnerSettings.class)).isEqualTo(trunk.learner());
        assertThat(trunk.resolved().getString("edgegen.learner.expert-scope")).isEqualTo("trunk");
    }

    @Test
    void expertScopeIsHeadOrTrunkAndTrunkNeedsSeveralExperts() {
        assertThat(load(Map.of()).learner().expertScope()).isEqualTo(ExpertScope.HEAD);
        for (String bad : List.of("body", "TRUNK", "1")) {
            assertThatThrownBy(() -> load(Map.of("edgegen.mdp.load-features", "on",
                    "edgegen.learner.head-experts", "2", "edgegen.learner.expert-scope", bad))).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("edgegen.learner.expert-scope")
                    .hasMessageContaining("head")
                    .hasMessageContaining("trunk")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> load(Map.of("edgegen.mdp.load-features", "on",
                "edgegen.learner.expert-scope", "trunk")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("edgegen.learner.expert-scope = trunk")
                .hasMessageContaining("edgegen.learner.head-experts")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(load(Map.of("edgegen.learner.expert-scope", "head")).learner().expertScope())
                .isEqualTo(ExpertScope.HEAD);
    }

    @Test
    void aCheckpointOfTwoTrunksRestoresItsExpertsAndOnlyIntoTrunks(@TempDir Path dir) {
        LoadedScenario loaded = trunks(2, false);
        SystemModel model = SystemModel.of(loaded.scenario());
        NetworkShape shape = NetworkShape.of(model, loaded.learner());
        try (PpoLearner learner = new PpoLearner(shape, loaded.learner(), 5);
                PpoLearner other = new PpoLearner(shape, loaded.learner(), 6)) {
            learner.loadActor(far(learner.snapshot(), 3));
            learner.save(dir);
            other.restore(dir);
            assertThat(other.snapshot()).isEqualTo(learner.snapshot());
            assertThat(other.snapshot().trunkExperts()).isTrue();
        }
        LearnerSettings headSettings = loaded.learner().withExperts(2, ExpertScope.HEAD);
        NetworkShape head = NetworkShape.of(model, headSettings);
        try (PpoLearner heads = new PpoLearner(head, headSettings, 5)) {
            assertThatThrownBy(() -> heads.restore(dir)).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("scope trunk");
        }
    }
}
