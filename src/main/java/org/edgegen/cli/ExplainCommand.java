package org.edgegen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.report.Explanation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edgegen explain}: prints, as JSON, why one user's task costs what it costs under every valid action. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Print one JSON object explaining user N's task in one slot: its inputs, the outcome of every "
                + "valid action while the other users act by a policy, and each baseline's choice.")
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--seed", required = true, description = "Run seed.")
    long seed;

    @Option(names = "--episode", defaultValue = "0", description = "Episode (default: ${DEFAULT-VALUE}).")
    int episode;

    @Option(names = "--slot", defaultValue = "0", description = "Slot (default: ${DEFAULT-VALUE}); earlier slots "
            + "are played with every user acting by --others.")
    int slot;

    @Option(names = "--user", required = true, description = "User id, 0..N-1.")
    int user;

    @Option(names = "--others", defaultValue = "all-local", paramLabel = "POLICY",
            description = "Policy of the other users (default: ${DEFAULT-VALUE}).")
    String others;

    @Override
    public Integer call() throws Exception {
        if (episode < 0) {
            throw new InputException("--episode " + episode + " is out of range: allowed >= 0");
        }
        SystemModel model = SystemModel.of(scenario.load().scenario());
        Map<String, Object> explanation = new Explanation(model).explain(seed, episode, slot, user, others);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        spec.commandLine().getOut().println(mapper.writeValueAsString(explanation));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
