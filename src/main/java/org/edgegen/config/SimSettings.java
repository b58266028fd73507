package org.edgegen.config;

import static org.edgegen.config.Bound.atLeast;
import static org.edgegen.config.Bound.positive;

import com.typesafe.config.Config;

/**
 * How the actor simulation guards against lost messages ({@code edgegen.sim}).
 *
 * @param slotTimeoutSeconds    longest wait for a slot phase before a timeout is reported and the episode re-run
 * @param maxEpisodeAttempts    attempts per episode before the run fails
 */
public record SimSettings(double slotTimeoutSeconds, int maxEpisodeAttempts) {

    static SimSettings read(Config resolved) {
        ConfigReader in = new ConfigReader(resolved, KnownKeys.ROOT + ".sim");
        return new SimSettings(in.number("slot-timeout-s", positive()), in.integer("max-episode-attempts", atLeast(1)));
    }
}
