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

    /** A metro-sized hex layout (11 rings, 397 cells) with {@code users} users and shadowing std σ. */
    private static SystemModel metro(int users, double shadowingStdDb) {
        Scenario d = Scenarios.withUsers(Scenarios.defaults(), users);
        LayoutParams l = d.layout();
        Scenario.EdgeParams e = d.edge();
        List<org.edgegen.model.diffusion.GpuProfile> gpus = new ArrayList<>();
        for (int b = 0; b < 397; b++) {
            gpus.add(e.gpuPerCell().get(b % e.gpuPerCell().size()));
        }
        d = Scenarios.withEdge(d, new Scenario.EdgeParams(gpus, e.overheadSeconds(), e.backgroundUtilisation(),
                e.queueCapImageSteps()));
        Scenario metro = Scenarios.withLayout(d, new LayoutParams(l.kind(), 11, l.gridRows(), l.gridColumns(),
                l.interSiteDistanceMeters(), l.neighbourRadiusFactor(), l.minUserDistanceMeters(), l.cooperation()));
        Scenario.RadioParams r = metro.radio();
        return SystemModel.of(Scenarios.withRadio(metro, new Scenario.RadioParams(r.pathLossInterceptDb(),
                r.pathLossSlopeDb(), shadowingStdDb, r.noisePsdDbmPerHz(), r.bsNoiseFigureDb(), r.ueNoiseFigureDb(),
                r.uplinkBandwidthHz(), r.downlinkBandwidthHz(), r.uePowerDbm(), r.bsPowerDbm(),
                r.interCellInterference())));
    }

    @Test
    void onAMetroLayoutTheHomeSearchFindsWhatEvaluatingEveryBsFinds() {
        // σ = 0 (no shadowing), the default 8 dB, and 30 dB, where a far BS often wins
        for (double sigma : new double[] {0.0, 8.0, 30.0}) {
            SystemModel metro = metro(600, sigma);
            assertThat(metro.cellCount()).isGreaterThan(HomeSearch.FULL_SCAN_CELLS);
            int farHomes = 0;
            for (int episode = 0; episode < 2; episode++) {
                Deployment fast = Deployment.draw(metro, SEED, episode);
                Deployment every = Deployment.draw(metro, SEED, episode, true);
                assertThat(fast.users()).as("σ = %s, episode %d", sigma, episode).isEqualTo(every.users());
                for (UserSite user : fast.users()) {
                    int n = user.userId();
                    assertThat(Double.doubleToRawLongBits(fast.largeScaleGain(n, user.homeBs())))
                            .isEqualTo(Double.doubleToRawLongBits(every.largeScaleGain(n, user.homeBs())));
                    double dropped = user.position().distanceMeters(metro.topology().site(user.homeBs()));
                    if (dropped > 2 * metro.scenario().layout().interSiteDistanceMeters()) {
                        farHomes++;
                    }
                }
            }
            if (sigma == 30.0) {
                assertThat(farHomes).as("homes more than 2 ISD away at σ = 30 dB").isPositive();
            }
        }
    }

    @Test
    void aGainToAnyBsIsTheSameDrawWhetherKeptOrRecomputed() {
        SystemModel metro = metro(50, 8.0);
        Deployment deployment = Deployment.draw(metro, SEED, 1);
        for (UserSite user : deployment.users()) {
            java.util.SplittableRandom shadow = org.edgegen.model.random.RandomStreams.stream(SEED, 1,
                    org.edgegen.model.random.RandomStreams.Purpose.SHADOWING, user.userId(),
                    org.edgegen.model.random.RandomStreams.EPISODE_WIDE);
            for (int b = 0; b < metro.cellCount(); b++) {
                double distance = Math.max(user.position().distanceMeters(metro.topology().site(b)),
                        metro.scenario().layout().minUserDistanceMeters());
                double expected = org.edgegen.model.channel.Radio.largeScaleGain(
                        metro.radio().pathLossDb(distance), metro.radio().shadowingDb(shadow));
                assertThat(deployment.largeScaleGain(user.userId(), b)).isEqualTo(expected);
                if (b != user.homeBs()) {
                    assertThat(expected).isLessThanOrEqualTo(deployment.largeScaleGain(user.userId(), user.homeBs()));
                }
            }
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
    void theRatesToAndFromTheKthNeighbourAreThoseOfThePair() {
        SystemModel metro = metro(300, 8.0);
        Deployment deployment = Deployment.draw(metro, SEED, 2);
        int links = 0;
        for (int b = 0; b < metro.cellCount(); b++) {
            for (int k = 0; k < metro.topology().neighbourCount(b); k++) {
                int other = metro.topology().neighbourId(b, k);
                assertThat(other).isEqualTo(metro.topology().neighbours(b).get(k));
                assertThat(deployment.backhaulRateToNeighbourBitsPerSecond(b, k))
                        .isEqualTo(deployment.backhaulRateBitsPerSecond(b, other));
                assertThat(deployment.backhaulRateFromNeighbourBitsPerSecond(b, k))
                        .isEqualTo(deployment.backhaulRateBitsPerSecond(other, b)).isPositive();
                links++;
            }
        }
        assertThat(links).isGreaterThan(metro.cellCount() * 4);
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

    @Test
    void eachUserKnowsItsPositionAmongTheUsersOfItsHomeCell() {
        SystemModel metro = metro(300, 8.0);
        Deployment deployment = Deployment.draw(metro, SEED, 2);
        int checked = 0;
        for (int b = 0; b < metro.cellCount(); b++) {
            int[] cell = deployment.usersOfCell(b);
            for (int i = 0; i < cell.length; i++) {
                assertThat(deployment.positionInCell(cell[i])).as("user %d of cell %d", cell[i], b).isEqualTo(i);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(300);
    }
}
