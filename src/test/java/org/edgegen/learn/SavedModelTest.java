package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.edgegen.config.LearnerSettings;
import org.edgegen.policy.Observation;
import org.edgegen.policy.neural.HeadProbabilities;
import org.edgegen.policy.neural.NeuralFixtures;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class SavedModelTest {

    @Test
    void theExportedActorLoadsBackAndGivesTheJavaCopysProbabilities(@TempDir Path dir) {
        LearnerSettings settings = LearnFixtures.defaults();
        NetworkShape shape = LearnFixtures.shape(settings);
        List<Observation> observations = NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 35, 3);
        Batch batch = LearnFixtures.batch(shape, observations, 5);
        PolicySnapshot snapshot = NeuralFixtures.randomSnapshot(0, new int[] {128, 128}, 3.0, 1.0, 9);
        try (PpoLearner learner = new PpoLearner(shape, settings, 1)) {
            learner.loadActor(snapshot);
            learner.exportSavedModel(dir);
        }
        NeuralPolicy java = NeuralPolicy.greedy(snapshot, LearnFixtures.SPACE);
        int n = batch.size();
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
                Tensor obs = tensor(batch.observations(), n, 42);
                Tensor offload = tensor(batch.offloadMasks(), n, 2);
                Tensor server = tensor(batch.serverMasks(), n, 7);
                Tensor steps = tensor(batch.stepsMasks(), n, 6);
                Result result = bundle.function(Signature.DEFAULT_KEY).call(Map.of(
                        "observations", obs, "offload_mask", offload, "server_mask", server, "steps_mask", steps))) {
            Signature signature = bundle.function(Signature.DEFAULT_KEY).signature();
            assertThat(signature.inputNames())
                    .containsExactlyInAnyOrder("observations", "offload_mask", "server_mask", "steps_mask");
            assertThat(signature.outputNames()).containsExactlyInAnyOrder("offload_probs", "server_probs",
                    "steps_probs");
            assertThat(signature.methodName()).isEqualTo("tensorflow/serving/predict");
            float[] x = Feeds.read(result.get("offload_probs").orElseThrow());
            float[] y = Feeds.read(result.get("server_probs").orElseThrow());
            float[] c = Feeds.read(result.get("steps_probs").orElseThrow());
            for (int i = 0; i < n; i++) {
                HeadProbabilities expected = java.distribution(observations.get(i));
                for (int j = 0; j < 2; j++) {
                    assertThat((double) x[i * 2 + j]).isCloseTo(expected.offload()[j], within(1e-5));
                }
                for (int j = 0; j < 7; j++) {
                    assertThat((double) y[i * 7 + j]).isCloseTo(expected.server()[j], within(1e-5));
                }
                for (int j = 0; j < 6; j++) {
                    assertThat((double) c[i * 6 + j]).isCloseTo(expected.steps()[j], within(1e-5));
                }
                // The greedy action of the SavedModel's heads is the Java copy's action.
                assertThat(argmax(x, i, 2)).isEqualTo(java.sample(observations.get(i), null).offloadIndex());
                assertThat(argmax(c, i, 6)).isEqualTo(java.sample(observations.get(i), null).stepIndex());
            }
        }
    }

    private static Tensor tensor(float[] values, int rows, int columns) {
        return TFloat32.tensorOf(Shape.of(rows, columns), DataBuffers.of(values, true, false));
    }

    private static int argmax(float[] values, int row, int width) {
        int best = 0;
        for (int j = 1; j < width; j++) {
            best = values[row * width + j] > values[row * width + best] ? j : best;
        }
        return best;
    }
}
