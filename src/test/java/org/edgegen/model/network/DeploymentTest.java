package org.edgegen.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.LayoutParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.junit.jupiter.api.Test;

class DeploymentTest {

    private static final long SEED = 20240601L;
    private final SystemModel model = SystemModel.of(Scenarios.defaults());

    @Test
    void theHomeBsHasTheHighestLargeScaleGain() {
        Deployment deployment = Deployment.draw(model, SEED, 0);
        for (UserSite user : deployment.users()) {
            for (int b = 0; b < model.cellCount(); b++) {
                assertThat(deployment.largeScaleGain(user.userId(), user.homeBs()))
                        .as("user %d, BS %d", user.userId(), b)
                        .isGreaterThanOrEqualTo(deployment.largeScaleGain(user.userId(), b));
            }
        }
    }

    @Test
    void candidatesAreTheHomeFollowedByItsNeighbours() {
        Deployment deployment = Deployment.draw(model, SEED, 0);
        for (UserSite user : deployment.users()) {
            List<Integer> expected = new ArrayList<>();
            expected.add(user.homeBs());
            expected.addAll(model.topology().neighbours(user.homeBs()));
            assertThat(user.candidates()).isEqualTo(expected);
            assertThat(user.candidateIndex(user.homeBs())).isZero();
        }
    }

    @Test
    void withoutCooperationTheHomeIsTheOnlyCandidate() {
        Scenario d = Scenarios.defaults();
        LayoutParams l = d.layout();
        SystemModel alone = SystemModel.of(Scenarios.withLayout(d, new LayoutParams(l.kind(), l.hexRings(),
                l.gridRows(), l.gridColumns(), l.interSiteDistanceMeters(), l.neighbourRadiusFactor(),
                l.minUserDistanceMeters(), false)));
        for (UserSite user : Deployment.draw(alone, SEED, 0).users()) {
            assertThat(user.candidates()).containsExactly(user.homeBs());
        }
    }

    @Test
    void theSameSeedAndEpisodeGiveTheSameDeployment() {
        Deployment first = Deployment.draw(model, SEED, 3);
        Deployment second = Deployment.draw(model, SEED, 3);
        assertThat(second.users()).isEqualTo(first.users());
        for (int n = 0; n < first.userCount(); n++) {
            for (int b = 0; b < model.cellCount(); b++) {
                assertThat(second.largeScaleGain(n, b)).isEqualTo(first.largeScaleGain(n, b));
                assertThat(second.backhaulRateBitsPerSecond(b, n % model.cellCount()))
                        .isEqualTo(first.backhaulRateBitsPerSecond(b, n % model.cellCount()));
            }
        }
    }

    @Test
    void anotherEpisodeRedropsTheUsers() {
        Deployment first = Deployment.draw(model, SEED, 3);
        Deployment next = Deployment.draw(model, SEED, 4);
        for (int n = 0; n < first.userCount(); n++) {
            assertThat(next.user(n).position()).isNotEqualTo(first.user(n).position());
        }
    }

    @Test
    void backhaulRatesAreBetween400And500MbitPerSecondAndOnlyBetweenNeighbours() {
        Deployment deployment = Deployment.draw(model, SEED, 0);
        for (int b = 0; b < model.cellCount(); b++) {
            for (int k = 0; k < model.cellCount(); k++) {
                double rate = deployment.backhaulRateBitsPerSecond(b, k);
                if (model.topology().neighbours(b).contains(k)) {
                    assertThat(rate).as("%d → %d", b, k).isBetween(400e6, 500e6);
                } else {
                    assertThat(rate).as("%d → %d", b, k).isZero();
                }
            }
        }
        // ring cells 1 and 4 sit opposite each other: no link
        assertThat(deployment.backhaulRateBitsPerSecond(1, 4)).isZero();
    }

    @Test
    void usersAreDroppedAtLeast35MetresFromEveryBs() {
        for (int episode = 0; episode < 5; episode++) {
            Deployment deployment = Deployment.draw(model, SEED, episode);
            for (UserSite user : deployment.users()) {
                for (int b = 0; b < model.cellCount(); b++) {
                    assertThat(user.position().distanceMeters(model.topology().site(b))).isGreaterThanOrEqualTo(35);
                }
            }
        }
    }

    @Test
    void deviceStepTimesAreDrawnFromTheirRange() {
        for (UserSite user : Deployment.draw(model, SEED, 0).users()) {
            assertThat(user.deviceStepSeconds()).isBetween(0.2, 0.8);
        }
    }

    @Test
    void usersOfACellAreThoseWhoseHomeItIs() {
        Deployment deployment = Deployment.draw(model, SEED, 0);
        int total = 0;
        for (int b = 0; b < model.cellCount(); b++) {
            for (int n : deployment.usersOfCell(b)) {
                assertThat(deployment.user(n).homeBs()).isEqualTo(b);
            }
            assertThat(deployment.cellPopulation(b)).isEqualTo(deployment.usersOfCell(b).length);
            total += deployment.cellPopulation(b);
        }
        assertThat(total).isEqualTo(20);
    }
}
