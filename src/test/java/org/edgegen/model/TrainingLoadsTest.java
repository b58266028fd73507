package org.edgegen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingLoadsTest {

    private static final Scenario BASE = Scenarios.defaults();
    private static final TrainingLoads BOTH = new TrainingLoads(Optional.of(new Range(10, 50)),
            Optional.of(new Range(0.1, 0.7)));

    @Test
    void everyEpisodeDrawsAUserCountAndAnArrivalProbabilityWithinTheRangesReachingBothEnds() {
        Set<Integer> users = new HashSet<>();
        double lowest = 1;
        double highest = 0;
        for (int episode = 0; episode < 2000; episode++) {
            Scenario drawn = BOTH.scenarioOf(BASE, 7, episode);
            assertThat(drawn.userCount()).isBetween(10, 50);
            assertThat(drawn.tasks().arrivalProbability()).isBetween(0.1, 0.7);
            users.add(drawn.userCount());
            lowest = Math.min(lowest, drawn.tasks().arrivalProbability());
            highest = Math.max(highest, drawn.tasks().arrivalProbability());
        }
        assertThat(users).hasSize(41);
        assertThat(lowest).isLessThan(0.11);
        assertThat(highest).isGreaterThan(0.69);
    }

    @Test
    void theDrawsArePureFunctionsOfSeedAndEpisodeAndEachRangeHasItsOwnStream() {
        TrainingLoads usersOnly = new TrainingLoads(BOTH.users(), Optional.empty());
        TrainingLoads arrivalOnly = new TrainingLoads(Optional.empty(), BOTH.arrivalProbability());
        int differentSeeds = 0;
        for (int episode = 0; episode < 200; episode++) {
            Scenario drawn = BOTH.scenarioOf(BASE, 7, episode);
            assertThat(BOTH.scenarioOf(BASE, 7, episode)).isEqualTo(drawn);
            assertThat(usersOnly.usersOf(BASE, 7, episode)).isEqualTo(drawn.userCount());
            assertThat(arrivalOnly.arrivalProbabilityOf(BASE, 7, episode))
                    .isEqualTo(drawn.tasks().arrivalProbability());
            assertThat(usersOnly.scenarioOf(BASE, 7, episode).tasks()).isEqualTo(BASE.tasks());
            assertThat(arrivalOnly.scenarioOf(BASE, 7, episode).userCount()).isEqualTo(BASE.userCount());
            differentSeeds += BOTH.usersOf(BASE, 8, episode) == drawn.userCount() ? 0 : 1;
        }
        assertThat(differentSeeds).as("another seed draws other loads").isGreaterThan(150);
    }

    private static TrainingLoads joint(TrainingLoads.LoadDraw draw) {
        return new TrainingLoads(BOTH.users(), BOTH.arrivalProbability(), draw);
    }

    @Test
    void aJointDrawKeepsBothRangesAndSpreadsTheExpectedTasksPerSlotAsAsked() {
        int episodes = 4000;
        int[] light = new int[3];
        TrainingLoads.LoadDraw[] draws = TrainingLoads.LoadDraw.values();
        for (int d = 0; d < draws.length; d++) {
            TrainingLoads loads = joint(draws[d]);
            for (int episode = 0; episode < episodes; episode++) {
                Scenario drawn = loads.scenarioOf(BASE, 7, episode);
                assertThat(drawn).isEqualTo(loads.scenarioOf(BASE, 7, episode));
                assertThat(drawn.userCount()).isBetween(10, 50).isEqualTo(loads.usersOf(BASE, 7, episode));
                assertThat(drawn.tasks().arrivalProbability()).isBetween(0.1, 0.7)
                        .isEqualTo(loads.arrivalProbabilityOf(BASE, 7, episode));
                light[d] += drawn.userCount() * drawn.tasks().arrivalProbability() <= 6 ? 1 : 0;
            }
        }
        // P(N p_a <= 6): 24 % independent, 5/34 = 15 % uniform in [1, 35], ln 6 / ln 35 = 50 % log-uniform
        assertThat(light[0] / (double) episodes).isBetween(0.22, 0.26);
        assertThat(light[1] / (double) episodes).isBetween(0.13, 0.17);
        assertThat(light[2] / (double) episodes).isBetween(0.48, 0.53);
    }

    @Test
    void theIndependentDrawIsTheDefaultAndAJointDrawNeedsBothRanges() {
        assertThat(BOTH).isEqualTo(joint(TrainingLoads.LoadDraw.INDEPENDENT));
        assertThatThrownBy(() -> new TrainingLoads(BOTH.users(), Optional.empty(),
                TrainingLoads.LoadDraw.UNIFORM_LOAD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheLoadChangesAndNoRangesKeepTheScenario() {
        Scenario drawn = BOTH.scenarioOf(BASE, 7, 3);
        assertThat(drawn.withLoad(BASE.userCount(), BASE.tasks().arrivalProbability())).isEqualTo(BASE);
        assertThat(TrainingLoads.NONE.draws()).isFalse();
        assertThat(TrainingLoads.NONE.scenarioOf(BASE, 7, 3)).isSameAs(BASE);
        Scenario fixed = new TrainingLoads(Optional.of(new Range(33, 33)), Optional.of(new Range(0.5, 0.5)))
                .scenarioOf(BASE, 7, 3);
        assertThat(fixed.userCount()).isEqualTo(33);
        assertThat(fixed.tasks().arrivalProbability()).isEqualTo(0.5);
    }

    @Test
    void rangesOutsideTheirDomainAreRefused() {
        assertThatThrownBy(() -> new TrainingLoads(Optional.of(new Range(0, 5)), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrainingLoads(Optional.of(new Range(1.5, 5)), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrainingLoads(Optional.empty(), Optional.of(new Range(0.2, 1.2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static TrainingLoads capped(TrainingLoads.LoadDraw draw, double cap) {
        return new TrainingLoads(BOTH.users(), BOTH.arrivalProbability(), draw, java.util.OptionalDouble.of(cap));
    }

    @Test
    void aLoadCapRedrawsOnlyTheEpisodesAboveItAndKeepsTheOthersAsTheUncappedDraw() {
        TrainingLoads cap = capped(TrainingLoads.LoadDraw.INDEPENDENT, 16);
        int kept = 0;
        int redrawn = 0;
        double heaviest = 0;
        for (int episode = 0; episode < 4000; episode++) {
            Scenario free = BOTH.scenarioOf(BASE, 7, episode);
            Scenario drawn = cap.scenarioOf(BASE, 7, episode);
            double load = drawn.userCount() * drawn.tasks().arrivalProbability();
            assertThat(load).isLessThanOrEqualTo(16);
            assertThat(drawn.userCount()).isBetween(10, 50);
            assertThat(drawn.tasks().arrivalProbability()).isBetween(0.1, 0.7);
            assertThat(cap.scenarioOf(BASE, 7, episode)).isEqualTo(drawn);
            if (free.userCount() * free.tasks().arrivalProbability() <= 16) {
                assertThat(drawn).as("an episode under the cap plays the uncapped draw").isEqualTo(free);
                kept++;
            } else {
                redrawn++;
            }
            heaviest = Math.max(heaviest, load);
        }
        // P(N p_a > 16) over [10, 50] x [0.1, 0.7]: (0.7 x 27.14 - 16 ln(50 / 22.86)) / 24 = 27 %
        assertThat(redrawn / 4000.0).isBetween(0.24, 0.30);
        assertThat(kept + redrawn).isEqualTo(4000);
        assertThat(heaviest).as("the cap is reached").isGreaterThan(15.5);
    }

    @Test
    void aLoadCapEndsAJointDrawsRangeAndNeedsBothRangesAndRoomAboveTheLightestLoad() {
        TrainingLoads cap = capped(TrainingLoads.LoadDraw.UNIFORM_LOAD, 10);
        double heaviest = 0;
        for (int episode = 0; episode < 2000; episode++) {
            Scenario drawn = cap.scenarioOf(BASE, 7, episode);
            double load = drawn.userCount() * drawn.tasks().arrivalProbability();
            assertThat(load).isLessThanOrEqualTo(10 + 1e-9);
            heaviest = Math.max(heaviest, load);
        }
        assertThat(heaviest).isGreaterThan(9.5);
        assertThatThrownBy(() -> new TrainingLoads(BOTH.users(), Optional.empty(), TrainingLoads.LoadDraw.INDEPENDENT,
                java.util.OptionalDouble.of(10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> capped(TrainingLoads.LoadDraw.INDEPENDENT, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lightest");
    }
}
