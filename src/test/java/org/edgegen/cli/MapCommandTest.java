package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code edgegen map}: a readable PNG and an SVG for small and large layouts; bad input is one line. */
class MapCommandTest {

    /** The map's colour of a user that offloads to a neighbour (Okabe-Ito vermillion). */
    private static final int NEIGHBOUR_RGB = 0xD55E00;

    @ParameterizedTest
    @CsvSource({"tiny, greedy-local, 5", "default, least-finish, 30", "large, least-loaded, 59"})
    void writesAReadablePngAndAnSvgOfTheEpisodeMap(String scenario, String policy, int slot, @TempDir Path dir)
            throws IOException {
        Path png = dir.resolve("maps/" + scenario + ".png");
        CliRun run = CliRun.of("map", "--scenario", "conf/scenarios/" + scenario + ".conf", "--seed", "1001",
                "--policy", policy, "--slot", Integer.toString(slot), "--out", png.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(png.toString()).contains(scenario + ".svg");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1500);
        assertThat(image.getHeight()).isEqualTo(720);
        // something is drawn in both panels, not a blank canvas
        assertThat(distinctColours(image, 0, 760)).isGreaterThan(20);
        assertThat(distinctColours(image, 760, 1500)).isGreaterThan(20);
        String svg = Files.readString(dir.resolve("maps/" + scenario + ".svg"));
        assertThat(svg).contains("<svg").contains("</svg>").contains("viewBox=\"0 0 1500 720\"");
    }

    @Test
    void aNeighbourOffloadIsDrawnInItsColour(@TempDir Path dir) throws IOException {
        // least-finish on default sends most tasks to a neighbour (docs/benchmarks.md: 75 % on default.conf)
        Path png = dir.resolve("map.png");
        CliRun run = CliRun.of("map", "--scenario", "conf/scenarios/default.conf", "--seed", "1001", "--policy",
                "least-finish", "--slot", "30", "--out", png.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        long neighbourPixels = 0;
        for (int x = 0; x < 760; x++) {
            for (int y = 60; y < 600; y++) {
                neighbourPixels += (image.getRGB(x, y) & 0xFFFFFF) == NEIGHBOUR_RGB ? 1 : 0;
            }
        }
        assertThat(neighbourPixels).isGreaterThan(50);
    }

    @Test
    void badInputIsOneLineNamingWhatWasWrongAndWhatIsAllowed(@TempDir Path dir) {
        String scenario = "conf/scenarios/tiny.conf";
        String out = dir.resolve("map.png").toString();
        assertOneLine(CliRun.of("map", "--scenario", scenario, "--seed", "1", "--policy", "greedy-local", "--slot",
                "60", "--out", out), "--slot 60", "0..59");
        assertOneLine(CliRun.of("map", "--scenario", scenario, "--seed", "1", "--policy", "greedy-local", "--slot",
                "-1", "--out", out), "--slot -1", "0..59");
        assertOneLine(CliRun.of("map", "--scenario", scenario, "--seed", "1", "--policy", "greedy-local", "--slot",
                "3", "--out", dir.resolve("map.jpg").toString()), "--out", ".png");
        assertOneLine(CliRun.of("map", "--scenario", scenario, "--seed", "1", "--policy", "greedy-local", "--slot",
                "3", "--episode", "-2", "--out", out), "--episode -2", ">= 0");
        assertOneLine(CliRun.of("map", "--scenario", scenario, "--seed", "1", "--policy", "clever", "--slot", "3",
                "--out", out), "clever", "greedy-local");
        assertOneLine(CliRun.of("map", "--scenario", scenario, "--seed", "1", "--policy", "osi", "--slot", "3",
                "--out", out), "osi", "--checkpoint");
        assertOneLine(CliRun.of("map", "--scenario", scenario, "--seed", "1", "--policy", "greedy-local",
                "--checkpoint", dir.toString(), "--slot", "3", "--out", out), "--checkpoint", "--policy osi");
        assertOneLine(CliRun.of("map", "--scenario", "conf/scenarios/none.conf", "--seed", "1", "--policy",
                "greedy-local", "--slot", "3", "--out", out), "none.conf");
        assertThat(Files.exists(dir.resolve("map.png"))).isFalse();
    }

    private static void assertOneLine(CliRun run, String... mentions) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception").contains(mentions);
    }

    private static long distinctColours(BufferedImage image, int fromX, int toX) {
        return IntStream.range(fromX, toX).boxed()
                .flatMap(x -> IntStream.range(0, image.getHeight()).mapToObj(y -> image.getRGB(x, y)))
                .distinct().count();
    }
}
