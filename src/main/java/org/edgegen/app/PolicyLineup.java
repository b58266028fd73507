package org.edgegen.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.edgegen.config.LearnerSettings;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.baseline.Opt;
import org.edgegen.policy.baseline.OptLimitException;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies of a run as a user names them, made runnable: every baseline of {@link PolicyCatalog}, and OSI,
 * which is a policy like the others except that it needs trained weights ({@link OsiWeights}). The one place where
 * Opt's size limit ({@code edgegen.baselines.opt.max-joint-actions}) turns from an error into a note.
 */
public final class PolicyLineup {

    /** The trained policy's name. */
    public static final String OSI = NeuralPolicy.NAME;
    /** The exhaustive-search baseline, which refuses slots above its size limit. */
    public static final String OPT = "opt";
    /** The default lineup: OSI, then every baseline of {@link PolicyCatalog#NAMES}. */
    public static final List<String> ALL = all();

    private static final Logger LOG = LoggerFactory.getLogger(PolicyLineup.class);

    /**
     * One policy of the lineup.
     *
     * @param policy  the joint policy the single-threaded loop plays
     * @param weights the trained weights the actor engine installs on its nodes (OSI only)
     */
    public record Entry(String name, JointPolicy policy, Optional<PolicySnapshot> weights) {}

    /**
     * What a lineup played.
     *
     * @param results by policy name, in the lineup's order, without the policies that could not play
     * @param notes   one line per policy that could not play ("opt skipped: ...")
     */
    public record Played<T>(Map<String, T> results, List<String> notes) {}

    private final List<Entry> entries;

    private PolicyLineup(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The named policies (each at most once, in order) for {@code loaded}. Every name is checked before any weights
     * are loaded.
     *
     * @throws InputException for an unknown name (listing the allowed ones), or OSI without weights
     */
    public static PolicyLineup of(LoadedScenario loaded, List<String> names, OsiWeights weights) {
        SystemModel model = SystemModel.of(loaded.scenario());
        PolicyCatalog catalog = new PolicyCatalog(model);
        List<String> distinct = names.stream().distinct().toList();
        for (String name : distinct) {
            requireKnown(catalog, name);
        }
        List<Entry> entries = new ArrayList<>();
        for (String name : distinct) {
            if (name.equals(OSI)) {
                PolicySnapshot snapshot = weights.load(loaded).orElseThrow(() -> new InputException("policy " + OSI
                        + " needs trained weights: pass --checkpoint DIR (a train run's directory)"));
                entries.add(new Entry(name, osi(loaded, catalog.observations(), snapshot), Optional.of(snapshot)));
            } else {
                entries.add(new Entry(name, catalog.require(name), Optional.empty()));
            }
        }
        return new PolicyLineup(entries);
    }

    /** Checks that every name is a policy for {@code loaded}, without loading any weights. */
    public static void requireKnown(LoadedScenario loaded, List<String> names) {
        PolicyCatalog catalog = new PolicyCatalog(SystemModel.of(loaded.scenario()));
        names.forEach(name -> requireKnown(catalog, name));
    }

    /** The trained actor as the lineup plays it: greedy, or sampling with {@code learner.execution = sample}. */
    public static JointPolicy osi(LoadedScenario loaded, PolicySnapshot snapshot) {
        return osi(loaded, new ObservationBuilder(SystemModel.of(loaded.scenario())), snapshot);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The only policy of a lineup of one name. */
    public Entry single() {
        if (entries.size() != 1) {
            throw new IllegalStateException("a lineup of " + entries.size() + " policies, not one");
        }
        return entries.get(0);
    }

    /**
     * Plays every policy in order. Opt beyond its size limit is skipped with a note (and a warning) instead of
     * failing the run; every other failure propagates.
     */
    public <T> Played<T> play(Function<Entry, T> play) {
        Map<String, T> results = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Entry entry : entries) {
            try {
                results.put(entry.name(), play.apply(entry));
            } catch (InputException e) {
                if (!beyondOptLimit(entry, e)) {
                    throw e;
                }
                LOG.warn("{} skipped: {}", entry.name(), e.getMessage());
                notes.add(entry.name() + " skipped: " + e.getMessage());
            }
        }
        return new Played<>(Collections.unmodifiableMap(results), List.copyOf(notes));
    }

    /**
     * Refuses Opt on episodes 0..episodes-1 of {@code seed} before anything is played when a slot of them is beyond
     * its size limit ({@link Opt#requireFits}); nothing for any other policy.
     *
     * @throws OptLimitException naming the first such slot, as Opt would when the run reached it
     */
    public static void requireFits(LoadedScenario loaded, Entry entry, int episodes, long seed) {
        if (entry.name().equals(OPT)) {
            Opt.requireFits(SystemModel.of(loaded.scenario()), seed, 0, episodes);
        }
    }

    /** Opt's own refusal, or the actor engine's run error for Opt, which carries Opt's message. */
    private static boolean beyondOptLimit(Entry entry, InputException e) {
        return e instanceof OptLimitException || entry.name().equals(OPT);
    }

    private static JointPolicy osi(LoadedScenario loaded, ObservationBuilder observations, PolicySnapshot snapshot) {
        return new DecentralisedPolicy(played(snapshot, observations, loaded.learner()), observations);
    }

    /**
     * The trained policy as {@code learner} plays it ({@code edgegen.learner.execution}, {@code
     * execution-temperature} and {@code execution-precision}).
     */
    public static NeuralPolicy played(PolicySnapshot snapshot, ObservationBuilder observations,
            LearnerSettings learner) {
        return NeuralPolicy.played(snapshot, observations, learner.samplesWhenPlayed(), learner.playTemperature(),
                NeuralPolicy.Precision.of(learner.playsInFloat()));
    }

    private static void requireKnown(PolicyCatalog catalog, String name) {
        if (!name.equals(OSI) && catalog.joint(name).isEmpty()) {
            throw new InputException(catalog.unknown(name) + ", or " + OSI);
        }
    }

    private static List<String> all() {
        List<String> names = new ArrayList<>();
        names.add(OSI);
        names.addAll(PolicyCatalog.NAMES);
        return List.copyOf(names);
    }
}
