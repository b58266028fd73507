package org.edgegen.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.InputException;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TaskStats;
import org.junit.jupiter.api.Test;

class PolicyLineupTest {

    private static final Path TINY = Path.of("conf/scenarios/tiny.conf");

    private static LoadedScenario tiny(Map<String, String> overrides) {
        return ScenarioLoader.load(TINY, overrides);
    }

    private static TaskStats playedOnce(LoadedScenario loaded, PolicyLineup.Entry policy) {
        RunMetrics metrics = new RunMetrics(loaded.scenario().userCount());
        Engine.DIRECT.play(loaded, policy, 1, 3, metrics::addEpisode);
        return metrics.total();
    }

    @Test
    void theDefaultLineupIsOsiThenEveryBaseline() {
        assertThat(PolicyLineup.ALL.get(0)).isEqualTo("osi");
        assertThat(PolicyLineup.ALL.subList(1, PolicyLineup.ALL.size())).isEqualTo(PolicyCatalog.NAMES);
    }

    @Test
    void baselinesAreNamedInOrderEachOnceAndNeedNoWeights() {
        PolicyLineup lineup = PolicyLineup.of(tiny(Map.of()), List.of("random", "all-home-30", "random"),
                OsiWeights.none());

        assertThat(lineup.entries()).extracting(PolicyLineup.Entry::name).containsExactly("random", "all-home-30");
        assertThat(lineup.entries()).allSatisfy(e -> assertThat(e.weights()).isEmpty());
    }

    @Test
    void anUnknownNameIsOneLineListingTheAllowedNamesOsiIncluded() {
        assertThatThrownBy(() -> PolicyLineup.of(tiny(Map.of()), List.of("greedy-local", "clever"),
                OsiWeights.none()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("unknown policy 'clever'; allowed: all-local, all-local-30,")
                .hasMessageContaining("least-loaded, least-finish, least-finish-min, opt, central-greedy")
                .hasMessageEndingWith(", or osi")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void osiWithoutWeightsIsOneLineNamingTheCheckpointOption() {
        assertThatThrownBy(() -> PolicyLineup.of(tiny(Map.of()), List.of("random", "osi"), OsiWeights.none()))
                .isInstanceOf(InputException.class)
                .hasMessage("policy osi needs trained weights: pass --checkpoint DIR (a train run's directory)");
    }

    @Test
    void everyNameIsCheckedBeforeAnyWeightsAreLoaded() {
        OsiWeights failing = OsiWeights.lazily(() -> {
            throw new AssertionError("weights loaded before the names were checked");
        });

        assertThatThrownBy(() -> PolicyLineup.of(tiny(Map.of()), List.of("osi", "clever"), failing))
                .hasMessageContaining("unknown policy 'clever'");
    }

    @Test
    void aCheckpointIsOnlyReadWhenOsiIsNamed() {
        OsiWeights missing = OsiWeights.fromCheckpoints(List.of(Path.of("no/such/run")), 1);

        assertThat(PolicyLineup.of(tiny(Map.of()), List.of("all-local"), missing).entries()).hasSize(1);
        assertThatThrownBy(() -> PolicyLineup.of(tiny(Map.of()), List.of("osi"), missing))
                .hasMessageContaining("no/such/run").hasMessageContaining("no such directory");
    }

    @Test
    void optBeyondItsSizeLimitIsOneNoteAndTheOtherPoliciesStillPlay() {
        LoadedScenario loaded = tiny(Map.of("edgegen.baselines.opt.max-joint-actions", "2"));
        PolicyLineup lineup = PolicyLineup.of(loaded, List.of("opt", "greedy-local"), OsiWeights.none());

        PolicyLineup.Played<TaskStats> played = lineup.play(policy -> playedOnce(loaded, policy));

        assertThat(played.results()).containsOnlyKeys("greedy-local");
        assertThat(played.notes()).singleElement().asString()
                .startsWith("opt skipped: opt: slot ")
                .contains("edgegen.baselines.opt.max-joint-actions = 2")
                .doesNotContain("\n");
    }

    @Test
    void optWithinItsLimitPlaysAndOtherUserErrorsAreNotTurnedIntoNotes() {
        LoadedScenario loaded = tiny(Map.of());
        PolicyLineup lineup = PolicyLineup.of(loaded, List.of("opt", "random"), OsiWeights.none());

        assertThat(lineup.play(policy -> playedOnce(loaded, policy)).results()).containsOnlyKeys("opt", "random");
        assertThatThrownBy(() -> lineup.play(policy -> {
            if (policy.name().equals("random")) {
                throw new InputException("refused");
            }
            return 0;
        })).hasMessage("refused");
    }
}
