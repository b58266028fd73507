package org.edgegen.config;

import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseable;

/**
 * An includer that makes every plain {@code include "file"} of a scenario required: HOCON ignores a missing one,
 * which would silently run another scenario. Includes that cannot be resolved relative to the including file, and
 * {@code file(...)}, {@code classpath(...)} and {@code url(...)} includes, go to the default includer.
 */
final class RequiredIncludes implements ConfigIncluder {

    private final ConfigIncluder fallback;

    RequiredIncludes() {
        this(null);
    }

    private RequiredIncludes(ConfigIncluder fallback) {
        this.fallback = fallback;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder other) {
        return fallback == null ? new RequiredIncludes(other) : this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        ConfigParseable relative = context.relativeTo(what);
        if (relative == null) {
            return fallback.include(context, what);
        }
        return relative.parse(context.parseOptions().setAllowMissing(false));
    }
}
