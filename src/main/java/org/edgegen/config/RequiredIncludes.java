package org.edgegen.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.net.URL;
import java.nio.file.Path;

/**
 * An includer that makes every include of a scenario (or suite) file required: HOCON ignores a missing one, which
 * would silently run another scenario. A plain {@code include "name"} is a file beside the including file (or an
 * absolute path), {@code file("name")} a file relative to the working directory, as in HOCON; each must be a
 * readable regular file ({@link InputFile}), and a missing one is named with its path and the including file.
 * {@code classpath(...)} and {@code url(...)} includes must exist too.
 */
final class RequiredIncludes implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderClasspath,
        ConfigIncluderURL {

    private final Path including;

    /** Includes of {@code including}, the file being parsed. */
    RequiredIncludes(Path including) {
        this.including = including;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder other) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        Path file = Path.of(what);
        Path parent = including.toAbsolutePath().getParent();
        return parse(context, file.isAbsolute() || parent == null ? file : parent.resolve(file),
                "include \"" + what + "\"");
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return parse(context, what.toPath().toAbsolutePath(), "include file(\"" + what + "\")");
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        try {
            return ConfigFactory.parseResources(what, options(context)).root();
        } catch (ConfigException.IO e) {
            throw new ConfigurationException(statement("include classpath(\"" + what + "\")") + ": not found on "
                    + "the classpath; allowed a resource that exists, or a file include");
        }
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        try {
            return ConfigFactory.parseURL(what, options(context)).root();
        } catch (ConfigException.IO e) {
            throw new ConfigurationException(statement("include url(\"" + what + "\")") + ": cannot be read ("
                    + ConfigurationException.oneLine(e.getMessage()) + ")");
        }
    }

    private ConfigObject parse(ConfigIncludeContext context, Path file, String statement) {
        InputFile.requireReadable(file, statement(statement) + ": file");
        return ConfigFactory.parseFile(file.toFile(), options(context).setIncluder(new RequiredIncludes(file)))
                .root();
    }

    private String statement(String statement) {
        return statement + " in " + including;
    }

    private static ConfigParseOptions options(ConfigIncludeContext context) {
        return context.parseOptions().setAllowMissing(false).setOriginDescription(null);
    }
}
