package org.edgegen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.PolicyLineup;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.neural.NeuralPolicy;
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

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Run seed.")
    long seed;

    @Option(names = "--episode", defaultValue = "0", paramLabel = "EPISODE", description = "Episode (default: ${DEFAULT-VALUE}).")
    int episode;

    @Option(names = "--slot", defaultValue = "0", paramLabel = "SLOT", description = "Slot (default: ${DEFAULT-VALUE}); earlier slots "
            + "are played with every user acting by --others.")
    int slot;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "User id, 0..N-1.")
    int user;

    @Option(names = "--others", defaultValue = "all-local", paramLabel = "POLICY",
            description = "Policy of the other users (default: ${DEFAULT-VALUE}); osi needs --checkpoint.")
    String others;

    @Option(names = "--features", description = "Also print the user's feature vector and masks as the networks "
            + "read them (docs/observation.md) and, with --checkpoint, OSI's probabilities per head and what it "
                    + "draws from as edgegen.learner.execution plays it.")
    boolean features;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "A train run (or checkpoint) whose policy is OSI, for --others osi and --features.")
    Path checkpoint;

    @Override
    public Integer call() throws Exception {
        if (episode < 0) {
            throw new InputException("--episode " + episode + " is out of range: allowed >= 0");
        }
        if (checkpoint != null && !features && !others.strip().equals(PolicyLineup.OSI)) {
            // it would be ignored: nothing in the explanation would come from it
            throw new InputException("--checkpoint " + checkpoint + " is given, but nothing reads it: allowed only "
                    + "with --others " + PolicyLineup.OSI + " or --features");
        }
        LoadedScenario loaded = scenario.load();
        SystemModel model = SystemModel.of(loaded.scenario());
        List<String> names = features && checkpoint != null ? List.of(others, PolicyLineup.OSI) : List.of(others);
        PolicyLineup lineup = PolicyLineup.of(loaded, names,
                OsiWeights.fromCheckpoints(checkpoint == null ? List.of() : List.of(checkpoint), seed));
        Optional<NeuralPolicy> osi = lineup.entries().stream().flatMap(e -> e.weights().stream()).findFirst()
                .map(weights -> PolicyLineup.played(weights, new ObservationBuilder(model), loaded.learner()));
        Map<String, Object> explanation = new Explanation(model).explain(seed, episode, slot, user,
                lineup.entries().get(0).policy(), osi, features);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        spec.commandLine().getOut().println(mapper.writeValueAsString(explanation));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
