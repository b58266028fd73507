package org.edgegen.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import picocli.CommandLine.Option;

/** The options every command that reads a scenario shares. */
public final class ScenarioOptions {

    @Option(names = "--scenario", required = true, paramLabel = "FILE",
            description = "Scenario file (HOCON), e.g. conf/scenarios/default.conf.")
    Path scenario;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one scenario key, e.g. --set edgegen.users.count=50 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Loads and validates the scenario with the overrides applied. */
    public LoadedScenario load() {
        return ScenarioLoader.load(scenario, overrides);
    }
}
