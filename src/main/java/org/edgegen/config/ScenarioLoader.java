package org.edgegen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.edgegen.model.Scenario;
import org.edgegen.model.TrainingLoads;

/**
 * Loads a scenario file, applies command-line overrides, falls back to reference.conf for everything else,
 * rejects unknown keys and invalid values with a one-line {@link ConfigurationException}, and builds the
 * {@link Scenario} in SI units.
 *
 * <p>Only the scenario file, its includes, the overrides and reference.conf count: no application.conf, system
 * properties or environment variables, so a scenario means the same on every machine.
 */
public final class ScenarioLoader {

    /** The origin description of override values, shown in messages as {@code (in --set)}. */
    static final String OVERRIDE_ORIGIN = "--set";
    /** Left out of config.conf when off ({@link #withoutOptInKeysOff}). */
    private static final String LOAD_FEATURES = KnownKeys.ROOT + ".mdp.load-features";
    private static final String RATE_FEATURE = KnownKeys.ROOT + ".mdp.rate-feature";
    private static final String HEAD_EXPERTS = KnownKeys.ROOT + ".learner.head-experts";
    private static final String EXPERT_SCOPE = KnownKeys.ROOT + ".learner.expert-scope";

    private static final ConfigResolveOptions RESOLVE = ConfigResolveOptions.defaults().setUseSystemEnvironment(false);

    private ScenarioLoader() {}

    public static LoadedScenario load(Path scenarioFile) {
        return load(scenarioFile, Map.of());
    }

    /**
     * @param scenarioFile a HOCON file setting keys under {@code edgegen}; relative includes are resolved against it
     * @param overrides    full keys (e.g. {@code edgegen.users.count}) to HOCON values (e.g. {@code 50}), applied on
     *                     top of the file in iteration order
     */
    public static LoadedScenario load(Path scenarioFile, Map<String, String> overrides) {
        checkReadable(scenarioFile);
        Config file;
        try {
            file = ConfigFactory.parseFile(scenarioFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)
                    .setIncluder(new RequiredIncludes(scenarioFile)));
        } catch (ConfigException.Parse e) {
            throw new ConfigurationException("syntax error in " + ConfigReader.rewrite(e).getMessage(), e);
        } catch (ConfigException e) {
            throw ConfigReader.rewrite(e);
        }
        return build(file, scenarioFile.getFileName().toString(), overrides);
    }

    /** A scenario from an already parsed configuration (e.g. {@code ConfigFactory.parseString(...)} in a test). */
    public static LoadedScenario fromConfig(Config scenario) {
        return fromConfig(scenario, Map.of());
    }

    public static LoadedScenario fromConfig(Config scenario, Map<String, String> overrides) {
        return build(scenario, "the scenario", overrides);
    }

    /**
     * Splits command-line assignments {@code key=value} (at the first '=') into an ordered map for
     * {@link #load(Path, Map)}; a later assignment of the same key wins.
     */
    public static Map<String, String> parseOverrides(Collection<String> assignments) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new ConfigurationException("override '" + assignment + "' is not of the form key=value"
                        + " (e.g. edgegen.users.count=50)");
            }
            String key = assignment.substring(0, equals).strip();
            overrides.remove(key);
            overrides.put(key, assignment.substring(equals + 1).strip());
        }
        return overrides;
    }

    /** The {@code edgegen} part of reference.conf, resolved: every key with its default. */
    public static Config reference() {
        try {
            return ConfigFactory.defaultReferenceUnresolved(ScenarioLoader.class.getClassLoader())
                    .withOnlyPath(KnownKeys.ROOT)
                    .resolve(RESOLVE);
        } catch (ConfigException e) {
            throw ConfigReader.rewrite(e);
        }
    }

    private static void checkReadable(Path file) {
        InputFile.requireReadable(file, "scenario file");
    }


    private static LoadedScenario build(Config file, String sourceName, Map<String, String> overrides) {
        Config reference = reference();
        Config given = overrideConfig(overrides).withFallback(file);
        Config resolved;
        Config givenResolved;
        try {
            resolved = given.withFallback(reference).resolve(RESOLVE).withOnlyPath(KnownKeys.ROOT);
            givenResolved = given.resolveWith(given.withFallback(reference), RESOLVE);
        } catch (ConfigException e) {
            throw ConfigReader.rewrite(e);
        }
        new KnownKeys(reference).check(givenResolved, sourceName);
        Scenario scenario;
        SimSettings sim;
        LearnerSettings learner;
        TrainingLoads training;
        try {
            scenario = new ScenarioReader(new ConfigReader(resolved, KnownKeys.ROOT)).read();
            sim = SimSettings.read(resolved);
            learner = LearnerSettings.read(resolved);
            training = TrainingLoadsReader.read(resolved);
        } catch (ConfigException e) {
            throw ConfigReader.rewrite(e);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid scenario " + sourceName + ": " + e.getMessage(), e);
        }
        if (learner.mixesHeadExperts() && !scenario.mdp().loadFeatures()) {
            throw new ConfigurationException(HEAD_EXPERTS + " = " + learner.headExperts() + " needs " + LOAD_FEATURES
                    + " = on (the experts' gate reads the load features); pass --set " + LOAD_FEATURES
                    + "=on or --set " + HEAD_EXPERTS + "=1");
        }
        HeapEstimate.check(scenario, Runtime.getRuntime().maxMemory());
        return new LoadedScenario(scenario, sim, learner, training,
                withoutOptInKeysOff(TrainingLoadsReader.withoutUnusedSection(resolved, training), scenario, learner));
    }

    /**
     * The configuration as written into config.conf, without the opt-in keys that are off (it loads back to the
     * same defaults), so that the files of runs without them are as before the keys existed.
     */
    private static Config withoutOptInKeysOff(Config written, Scenario scenario, LearnerSettings learner) {
        Config withLoad = scenario.mdp().loadFeatures() ? written : written.withoutPath(LOAD_FEATURES);
        Config withRate = scenario.mdp().rateFeature() ? withLoad : withLoad.withoutPath(RATE_FEATURE);
        Config withExperts = learner.mixesHeadExperts() ? withRate : withRate.withoutPath(HEAD_EXPERTS);
        return learner.expertTrunks() ? withExperts : withExperts.withoutPath(EXPERT_SCOPE);
    }

    /** The overrides as one configuration; each value is parsed as HOCON, so objects merge as in a file. */
    private static Config overrideConfig(Map<String, String> overrides) {
        Config result = ConfigFactory.empty();
        ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(OVERRIDE_ORIGIN);
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String key = override.getKey().strip();
            String text = override.getValue();
            try {
                ConfigUtil.splitPath(key);
            } catch (ConfigException e) {
                String given = override.getKey() + "=" + (text == null ? "" : text);
                throw new ConfigurationException("override '" + given + "': key '" + key + "' is not a valid key"
                        + " (write KEY=VALUE, e.g. edgegen.users.count=50)", e);
            }
            if (text == null || text.isBlank()) {
                throw new ConfigurationException("override " + key + " has no value (write " + key + "=VALUE)");
            }
            ConfigValue value;
            try {
                Config parsed = ConfigFactory.parseString("value = " + text, options);
                if (!parsed.root().keySet().equals(Set.of("value"))) {
                    throw new ConfigurationException("override " + key + "=" + text + " is not a single value");
                }
                if (!parsed.isResolved()) {
                    throw new ConfigurationException("override " + key + "=" + text + " holds a substitution ${...}, "
                            + "which --set does not take: allowed a plain value, e.g. " + key + "=42");
                }
                value = parsed.root().get("value");
            } catch (ConfigException e) {
                throw new ConfigurationException("override " + key + "=" + text + " is not a valid HOCON value: "
                        + ConfigReader.rewrite(e).getMessage().replaceFirst("^--set: ", ""), e);
            }
            result = ConfigFactory.empty().withValue(key, value).withFallback(result);
        }
        return result;
    }
}
