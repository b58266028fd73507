package org.edgegen.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.edgegen.app.EpisodeTrace;
import org.edgegen.app.PolicyLineup;
import org.edgegen.config.LoadedScenario;
import org.edgegen.experiment.EpisodeMap;
import org.edgegen.model.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgegen map}: the map of one episode at one slot, and every BS's backlog over the episode. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = "Play one episode with every user acting by POLICY (the direct engine) and draw slot L: the "
                + "cells with each BS's GPU and backlog, the users coloured by their choice (local, home BS, "
                + "neighbour BS) with an arrow to the serving neighbour and their step counts, and every BS's "
                + "backlog over the episode. Writes FILE.png and FILE.svg.")
final class MapCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--policy", required = true, paramLabel = "NAME",
            description = "Policy every user acts by: osi (with --checkpoint) or a baseline, e.g. greedy-local "
                    + "(an unknown name lists them all).")
    String policy;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Run seed.")
    long seed;

    @Option(names = "--episode", defaultValue = "0", paramLabel = "E",
            description = "Episode of the seed to play (>= 0); default: ${DEFAULT-VALUE}.")
    int episode;

    @Option(names = "--slot", required = true, paramLabel = "L",
            description = "Slot to draw on the map: 0 to the scenario's slots per episode - 1.")
    int slot;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "With --policy osi: the train run (or checkpoint) whose policy the users play.")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE.png",
            description = "The PNG to write; the SVG goes next to it with the same name.")
    Path out;

    @Override
    public Integer call() throws Exception {
        CommandInputs.requirePng(out);
        if (Files.isDirectory(out)) {
            throw new InputException("--out " + out + " is a directory: give a file name ending in .png");
        }
        CommandInputs.requireWeightsOnlyForOsi(policy, checkpoint);
        LoadedScenario loaded = scenario.load();
        int slots = loaded.scenario().time().slotsPerEpisode();
        if (slot < 0 || slot >= slots) {
            throw new InputException("--slot " + slot + " is out of range: allowed 0.." + (slots - 1)
                    + " (the scenario's edgegen.time.slots-per-episode is " + slots + ")");
        }
        PolicyLineup.Entry played = CommandInputs.played(loaded, policy, checkpoint, seed);
        EpisodeTrace trace = EpisodeTrace.play(loaded, played, seed, episode);
        EpisodeMap.draw(trace, slot, out);
        spec.commandLine().getOut().println("written " + out);
        spec.commandLine().getOut().println("written " + EpisodeMap.svgOf(out));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
