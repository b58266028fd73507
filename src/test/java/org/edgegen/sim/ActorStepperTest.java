package org.edgegen.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.policy.EpisodeStepper;
import org.edgegen.policy.Observation;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.SlotStepper;
import org.junit.jupiter.api.Test;

class ActorStepperTest {

    private static final int SLOTS = 6;
    private static final long SEED = 11;

    private static LoadedScenario tiny(int users) {
        return ScenarioLoader.load(Path.of("conf/scenarios/tiny.conf"), Map.of(
                "edgegen.time.slots-per-episode", Integer.toString(SLOTS),
                "edgegen.sim.slot-timeout-s", "10", "edgegen.sim.max-episode-attempts", "2",
                "edgegen.users.count", Integer.toString(users)));
    }

    /** Random valid actions (and sometimes a masked one, which the model penalises) from each observation. */
    private static int[] actions(List<Observation> observations, Random random) {
        int[] actions = new int[observations.size()];
        for (int n = 0; n < actions.length; n++) {
            var mask = observations.get(n).mask();
            List<Integer> valid = new ArrayList<>();
            for (int i = 0; i < mask.size(); i++) {
                if (mask.isValid(i) || random.nextInt(10) == 0) {
                    valid.add(i);
                }
            }
            actions[n] = valid.get(random.nextInt(valid.size()));
        }
        return actions;
    }

    private static List<SlotRecord> play(SlotStepper stepper, int episode, int slots, long actionSeed,
            List<double[]> features) {
        Random random = new Random(actionSeed);
        stepper.reset(episode);
        List<SlotRecord> records = new ArrayList<>();
        for (int l = 0; l < slots; l++) {
            List<Observation> observed = stepper.observations();
            observed.forEach(o -> features.add(o.features()));
            records.add(stepper.step(actions(observed, random)));
        }
        return records;
    }

    @Test
    void theActorsPlayTheCallersActionsSlotBySlotWithTheDirectEnginesNumbers() {
        LoadedScenario loaded = tiny(7);
        SystemModel model = SystemModel.of(loaded.scenario());
        EpisodeStepper direct = new EpisodeStepper(model, SEED);
        List<double[]> directFeatures = new ArrayList<>();
        List<double[]> actorFeatures = new ArrayList<>();
        try (ActorStepper actors = ActorStepper.start(loaded, SEED)) {
            // an episode left after 3 slots, then a whole one: a reset starts a new stepped run
            List<SlotRecord> leftActors = play(actors, 1, 3, 5, actorFeatures);
            List<SlotRecord> wholeActors = play(actors, 2, SLOTS, 6, actorFeatures);
            assertThat(actors.episodeOver()).isTrue();
            assertThat(actors.latestState()).isEqualTo(direct(direct, directFeatures));

            assertThat(leftActors).isEqualTo(play(direct, 1, 3, 5, new ArrayList<>()));
            assertThat(wholeActors).isEqualTo(play(direct, 2, SLOTS, 6, new ArrayList<>()));
            assertThat(wholeActors.stream().mapToInt(r -> r.outcomes().size()).sum()).isPositive();
            assertThat(wholeActors).anySatisfy(r -> assertThat(r.outcomes()).anySatisfy(
                    o -> assertThat(o.serverBs()).isGreaterThanOrEqualTo(0)));
        }
        assertThat(actorFeatures).hasSameSizeAs(directFeatures);
        for (int i = 0; i < actorFeatures.size(); i++) {
            assertThat(actorFeatures.get(i)).containsExactly(directFeatures.get(i));
        }
    }

    /** The direct engine's features of the same two plays, and its state after the whole episode. */
    private static org.edgegen.model.slot.SlotState direct(EpisodeStepper direct, List<double[]> features) {
        play(direct, 1, 3, 5, features);
        play(direct, 2, SLOTS, 6, features);
        return direct.latestState();
    }

    @Test
    void aBaselinesActionsTakenFromTheActorStepperReproduceItsDirectRun() {
        LoadedScenario loaded = tiny(4);
        SystemModel model = SystemModel.of(loaded.scenario());
        PolicyCatalog catalog = new PolicyCatalog(model);
        List<SlotRecord> direct = new org.edgegen.policy.EpisodeLoop(model)
                .play(catalog.require("central-greedy"), SEED, 0);
        List<SlotRecord> bridged = new ArrayList<>();
        try (ActorStepper actors = ActorStepper.start(loaded, SEED)) {
            actors.reset(0);
            while (!actors.episodeOver()) {
                bridged.add(actors.step(actors.actionsOf(catalog, "central-greedy")));
            }
            assertThatThrownBy(() -> actors.step(new int[4])).isInstanceOf(InputException.class)
                    .hasMessageContaining("is over");
        }
        assertThat(bridged).isEqualTo(direct);
    }
}
