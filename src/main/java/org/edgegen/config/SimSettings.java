package org.edgegen.config;

import static org.edgegen.config.Bound.atLeast;
import static org.edgegen.config.Bound.closed;
import static org.edgegen.config.Bound.positive;

import com.typesafe.config.Config;

/**
 * How the actor simulation guards against lost messages and keeps its messages small ({@code edgegen.sim}).
 *
 * @param slotTimeoutSeconds    longest wait for a slot phase before a timeout is reported and the episode re-run
 * @param maxEpisodeAttempts    attempts per episode before the run fails
 * @param chunkSize             most task outcomes or transitions one message carries between nodes (K)
 * @param weightChunkFloats     most weight floats one message carries between nodes
 */
public record SimSettings(double slotTimeoutSeconds, int maxEpisodeAttempts, int chunkSize, int weightChunkFloats) {

    /** The defaults of reference.conf, for tests and callers without a scenario. */
    public static final int DEFAULT_CHUNK_SIZE = 128;
    public static final int DEFAULT_WEIGHT_CHUNK_FLOATS = 16384;

    /** With the default chunk sizes. */
    public SimSettings(double slotTimeoutSeconds, int maxEpisodeAttempts) {
        this(slotTimeoutSeconds, maxEpisodeAttempts, DEFAULT_CHUNK_SIZE, DEFAULT_WEIGHT_CHUNK_FLOATS);
    }

    static SimSettings read(Config resolved) {
        ConfigReader in = new ConfigReader(resolved, KnownKeys.ROOT + ".sim");
        return new SimSettings(in.number("slot-timeout-s", positive()), in.integer("max-episode-attempts", atLeast(1)),
                in.integer("chunk-size", closed(1, 100_000)), in.integer("weight-chunk-floats", closed(1, 10_000_000)));
    }
}
