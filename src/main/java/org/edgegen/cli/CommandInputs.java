package org.edgegen.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.PolicyLineup;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;

/** The checks of command-line inputs that several commands share, each in one place. */
final class CommandInputs {

    private CommandInputs() {}

    /** {@code --out FILE.png} of a command that draws a figure (its SVG goes next to it). */
    static void requirePng(Path out) {
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new InputException("--out " + out + " is not allowed: give a file name ending in .png");
        }
    }

    /** {@code --checkpoint DIR} goes only with {@code --policy osi}. */
    static void requireWeightsOnlyForOsi(String policy, Path checkpoint) {
        if (checkpoint != null && !policy.equals(PolicyLineup.OSI)) {
            throw new InputException("--checkpoint " + checkpoint + " is given to --policy " + policy
                    + ", which takes no weights: allowed only with --policy " + PolicyLineup.OSI);
        }
    }

    /** The one policy a command plays: {@code --policy NAME}, osi with the weights of {@code --checkpoint DIR}. */
    static PolicyLineup.Entry played(LoadedScenario loaded, String policy, Path checkpoint, long seed) {
        return PolicyLineup.of(loaded, List.of(policy),
                OsiWeights.fromCheckpoints(checkpoint == null ? List.of() : List.of(checkpoint), seed)).single();
    }
}
