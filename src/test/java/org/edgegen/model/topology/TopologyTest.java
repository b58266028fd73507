package org.edgegen.model.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.Scenario.LayoutKind;
import org.edgegen.model.Scenario.LayoutParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopologyTest {

    static Topology hex(int rings) {
        return Topology.of(new LayoutParams(LayoutKind.HEX, rings, 0, 0, 500, 1.01, 35, true));
    }

    static Topology grid(int rows, int columns) {
        return Topology.of(new LayoutParams(LayoutKind.GRID, 0, rows, columns, 500, 1.01, 35, true));
    }

    @ParameterizedTest(name = "{0} rings give {1} cells")
    @CsvSource({"0, 1", "1, 7", "2, 19"})
    void hexRingsGiveOneSevenAndNineteenCells(int rings, int cells) {
        assertThat(hex(rings).cellCount()).isEqualTo(cells);
        assertThat(new LayoutParams(LayoutKind.HEX, rings, 0, 0, 500, 1.01, 35, true).cellCount()).isEqualTo(cells);
    }

    @Test
    void twoRingsPlaceNineteenDistinctSitesWithinTwoSiteDistances() {
        Topology topology = hex(2);
        assertThat(topology.sites()).doesNotHaveDuplicates();
        long ringTwo = topology.sites().stream()
                .filter(p -> p.distanceMeters(new Point(0, 0)) > 500 + 1e-6).count();
        assertThat(ringTwo).isEqualTo(12);
        for (Point p : topology.sites()) {
            assertThat(p.distanceMeters(new Point(0, 0))).isLessThanOrEqualTo(1000 + 1e-6);
        }
    }

    @Test
    void theCentreIsAtTheOriginAndTheFirstRingIsOneSiteDistanceAway() {
        Topology topology = hex(1);
        assertThat(topology.site(0)).isEqualTo(new Point(0, 0));
        for (int b = 1; b < 7; b++) {
            assertThat(topology.site(b).distanceMeters(topology.site(0))).isCloseTo(500, within(1e-9));
        }
    }

    @Test
    void theCentreHasSixNeighboursAndRingCellsThree() {
        Topology topology = hex(1);
        assertThat(topology.neighbours(0)).containsExactly(1, 2, 3, 4, 5, 6);
        for (int b = 1; b < 7; b++) {
            assertThat(topology.neighbours(b)).as("neighbours of %d", b).hasSize(3).contains(0);
        }
        assertThat(topology.maxNeighbourCount()).isEqualTo(6);
    }

    @Test
    void aNeighboursIndexIsItsPlaceInTheNeighbourListAndOtherCellsHaveNone() {
        Topology topology = hex(2);
        for (int b = 0; b < topology.cellCount(); b++) {
            List<Integer> neighbours = topology.neighbours(b);
            for (int other = 0; other < topology.cellCount(); other++) {
                assertThat(topology.neighbourIndex(b, other)).as("cell %d, other %d", b, other)
                        .isEqualTo(neighbours.indexOf(other));
            }
        }
        assertThat(topology.neighbourIndex(0, 0)).isEqualTo(-1);
    }

    @Test
    void neighboursAreListedCounterClockwiseFromEast() {
        Topology topology = hex(2);
        for (int b = 0; b < topology.cellCount(); b++) {
            Point here = topology.site(b);
            List<Integer> neighbours = topology.neighbours(b);
            for (int i = 1; i < neighbours.size(); i++) {
                double before = Math.atan2(topology.site(neighbours.get(i - 1)).yMeters() - here.yMeters(),
                        topology.site(neighbours.get(i - 1)).xMeters() - here.xMeters());
                double after = Math.atan2(topology.site(neighbours.get(i)).yMeters() - here.yMeters(),
                        topology.site(neighbours.get(i)).xMeters() - here.xMeters());
                assertThat(normalised(after)).as("cell %d", b).isGreaterThan(normalised(before));
            }
        }
        // the centre's first neighbour is due east, the next at 60°
        assertThat(topology.site(topology.neighbours(0).get(0))).isEqualTo(new Point(500, 0));
        assertThat(topology.site(topology.neighbours(0).get(1)).xMeters()).isCloseTo(250, within(1e-9));
        assertThat(topology.site(topology.neighbours(0).get(1)).yMeters()).isCloseTo(500 * Math.sqrt(3) / 2,
                within(1e-9));
    }

    private static double normalised(double angle) {
        double a = angle < -1e-9 ? angle + 2 * Math.PI : angle;
        return Math.abs(a) < 1e-9 ? 0 : a;
    }

    @Test
    void neighbourhoodIsSymmetric() {
        Topology topology = hex(2);
        for (int b = 0; b < topology.cellCount(); b++) {
            for (int k : topology.neighbours(b)) {
                assertThat(topology.neighbours(k)).contains(b);
            }
        }
        assertThat(topology.neighbours(0)).hasSize(6);
        assertThat(topology.neighbours(1)).hasSize(6);
    }

    @Test
    void manyRingsGiveEveryCellAtMostSixNeighboursOneSiteDistanceAwayBothWays() {
        int rings = 11;
        Topology topology = hex(rings);
        assertThat(topology.cellCount()).isEqualTo(1 + 3 * rings * (rings + 1));
        assertThat(topology.sites()).doesNotHaveDuplicates();
        int interior = 0;
        for (int b = 0; b < topology.cellCount(); b++) {
            List<Integer> neighbours = topology.neighbours(b);
            assertThat(neighbours).as("neighbours of %d", b).hasSizeBetween(2, 6).doesNotHaveDuplicates();
            for (int k : neighbours) {
                assertThat(topology.site(k).distanceMeters(topology.site(b))).isCloseTo(500, within(1e-6));
                assertThat(topology.neighbours(k)).as("%d in the neighbours of %d", b, k).contains(b);
            }
            interior += neighbours.size() == 6 ? 1 : 0;
        }
        // every cell inside the outermost ring has all six neighbours; the outer ring's 6R cells do not
        assertThat(interior).isEqualTo(topology.cellCount() - 6 * rings);
    }

    @Test
    void theNeighboursOfALargeLayoutAreTheSitesWithinTheRadius() {
        Topology topology = hex(6);
        for (int b = 0; b < topology.cellCount(); b++) {
            List<Integer> near = new ArrayList<>();
            for (int k = 0; k < topology.cellCount(); k++) {
                if (k != b && topology.site(k).distanceMeters(topology.site(b)) <= 1.01 * 500) {
                    near.add(k);
                }
            }
            assertThat(topology.neighbours(b)).containsExactlyInAnyOrderElementsOf(near);
        }
        Topology wide = Topology.of(new LayoutParams(LayoutKind.HEX, 3, 0, 0, 500, 2.5, 35, true));
        assertThat(wide.neighbours(0)).hasSize(18);
    }

    @Test
    void aLargeGridHasFourNeighboursInsideAndTwoAtTheCorners() {
        Topology topology = grid(20, 30);
        assertThat(topology.cellCount()).isEqualTo(600);
        assertThat(topology.neighbours(0)).hasSize(2);
        assertThat(topology.neighbours(599)).hasSize(2);
        assertThat(topology.neighbours(31)).containsExactlyInAnyOrder(30, 32, 1, 61);
        assertThat(topology.maxNeighbourCount()).isEqualTo(4);
    }

    @Test
    void gridCentreHasFourNeighboursAndACornerTwo() {
        Topology topology = grid(3, 3);
        assertThat(topology.cellCount()).isEqualTo(9);
        // row 0 is at y = 0, row 1 below it: east, north, west, south of the centre
        assertThat(topology.neighbours(4)).containsExactly(5, 1, 3, 7);
        assertThat(topology.neighbours(0)).containsExactlyInAnyOrder(1, 3);
        assertThat(topology.neighbours(8)).hasSize(2);
    }
}
