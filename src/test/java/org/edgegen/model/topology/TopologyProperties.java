package org.edgegen.model.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgegen.Cases.anyLong;
import static org.edgegen.Cases.intIn;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.edgegen.Cases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopologyProperties {

    private static final int CASES = 300;
    private static final Topology HEX = TopologyTest.hex(1);
    private static final Topology GRID = TopologyTest.grid(3, 3);

    static Stream<Arguments> hexDrops() {
        return Cases.of(0x70A, CASES, r -> new Object[] {anyLong(r), intIn(r, 0, 6)});
    }

    @ParameterizedTest(name = "[{index}] seed = {0}, cell = {1}")
    @MethodSource("hexDrops")
    void aDroppedUserIsInsideItsHexagonAndAtLeast35MetresFromTheBs(long seed, int cell) {
        String c = String.format("seed = %d, cell = %d", seed, cell);
        Point site = HEX.site(cell);
        Point user = HEX.dropInCell(cell, new SplittableRandom(seed));
        assertThat(user.distanceMeters(site)).as(c).isGreaterThanOrEqualTo(35.0);
        // inside the hexagon = no closer to any of the six surrounding lattice sites than to its own
        for (int k = 0; k < 6; k++) {
            Point other = new Point(site.xMeters() + 500 * Math.cos(k * Math.PI / 3),
                    site.yMeters() + 500 * Math.sin(k * Math.PI / 3));
            assertThat(user.distanceMeters(site)).as("%s, k = %d", c, k)
                    .isLessThanOrEqualTo(user.distanceMeters(other) + 1e-9);
        }
        assertThat(user.distanceMeters(site)).as(c).isLessThanOrEqualTo(500 / Math.sqrt(3) + 1e-9);
    }

    static Stream<Arguments> gridDrops() {
        return Cases.of(0x70B, CASES, r -> new Object[] {anyLong(r), intIn(r, 0, 8)});
    }

    @ParameterizedTest(name = "[{index}] seed = {0}, cell = {1}")
    @MethodSource("gridDrops")
    void aDroppedUserIsInsideItsGridSquareAndAtLeast35MetresFromTheBs(long seed, int cell) {
        String c = String.format("seed = %d, cell = %d", seed, cell);
        Point site = GRID.site(cell);
        Point user = GRID.dropInCell(cell, new SplittableRandom(seed));
        assertThat(user.distanceMeters(site)).as(c).isGreaterThanOrEqualTo(35.0);
        assertThat(Math.abs(user.xMeters() - site.xMeters())).as(c).isLessThanOrEqualTo(250.0);
        assertThat(Math.abs(user.yMeters() - site.yMeters())).as(c).isLessThanOrEqualTo(250.0);
    }
}
