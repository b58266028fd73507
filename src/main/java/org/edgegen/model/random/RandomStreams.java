package org.edgegen.model.random;

import java.util.SplittableRandom;

/**
 * The only source of randomness in EdgeGen. Every draw comes from a stream that is a pure function of
 * (run seed, episode, purpose, entity id, slot, sub-index), so results never depend on wall-clock time,
 * thread scheduling, message order or which node hosts an entity.
 */
public final class RandomStreams {

    /** Slot value used by draws made once per episode. */
    public static final int EPISODE_WIDE = -1;

    /**
     * The largest |z| {@link #gaussian} can return, sqrt(-2 ln 2^-53) = 8.5717 rounded up: its u1 is
     * 1 - nextDouble() >= 2^-53. A bound that lets a caller skip draws that cannot matter.
     */
    public static final double GAUSSIAN_MAX_MAGNITUDE = 8.572;

    /** SplittableRandom's increment for a generator made with {@code new SplittableRandom(seed)}. */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** What a stream is used for; each purpose gets independent streams. */
    public enum Purpose {
        USER_POSITION,
        SHADOWING,
        DEVICE_SPEED,
        BACKHAUL_RATE,
        TASK,
        FADING,
        BACKGROUND_LOAD,
        POLICY,
        /** The user count and arrival probability a training episode draws ({@code edgegen.training.*-range}). */
        TRAINING_LOAD
    }

    private RandomStreams() {}

    /** The stream for one (seed, episode, purpose, entity, slot, sub-index). */
    public static SplittableRandom stream(long seed, int episode, Purpose purpose, int entityId, int slot, int sub) {
        return new SplittableRandom(streamSeed(seed, episode, purpose, entityId, slot, sub));
    }

    /**
     * The seed of that stream: {@code new SplittableRandom(streamSeed(...))} is {@link #stream}. With it a caller
     * can read the k-th draw of a stream without making the k-1 before it ({@link #doubleAt}, {@link #gaussianAt}).
     */
    public static long streamSeed(long seed, int episode, Purpose purpose, int entityId, int slot, int sub) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ episode);
        h = mix(h ^ (purpose.ordinal() + 1L) * 0xBF58476D1CE4E5B9L);
        h = mix(h ^ entityId);
        h = mix(h ^ ((long) slot << 1));
        h = mix(h ^ ((long) sub << 17));
        return h;
    }

    /** The stream for one (seed, episode, purpose, entity, slot). */
    public static SplittableRandom stream(long seed, int episode, Purpose purpose, int entityId, int slot) {
        return stream(seed, episode, purpose, entityId, slot, 0);
    }

    /** SplitMix64's finaliser: a bijective avalanche of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A standard normal draw (Box-Muller; one of the pair is discarded to keep streams simple). */
    public static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return boxMuller(u1, u2);
    }

    /**
     * The k-th (from 0) {@link #gaussian} of the stream {@code new SplittableRandom(streamSeed)}, bit for bit, in
     * constant time: each gaussian takes exactly two doubles, so it is made of the doubles 2k and 2k + 1.
     */
    public static double gaussianAt(long streamSeed, long k) {
        return boxMuller(1.0 - doubleAt(streamSeed, 2 * k), doubleAt(streamSeed, 2 * k + 1));
    }

    /** The first double of the k-th {@link #gaussian} of the stream (its u1 is one minus it). */
    public static double gaussianFirstDoubleAt(long streamSeed, long k) {
        return doubleAt(streamSeed, 2 * k);
    }

    private static double boxMuller(double u1, double u2) {
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * The i-th (from 0) {@code nextDouble()} of {@code new SplittableRandom(streamSeed)}, without the i before it:
     * the generator's state after i + 1 steps is streamSeed + (i + 1)·γ, its output SplitMix64's finaliser of
     * that, and a double its upper 53 bits (the JDK's algorithm, checked against it by RandomStreamsTest).
     */
    public static double doubleAt(long streamSeed, long i) {
        return (mix(streamSeed + (i + 1) * GOLDEN_GAMMA) >>> 11) * 0x1.0p-53;
    }

    /** An Exp(1) draw: the power gain |h|^2 of a unit Rayleigh fading coefficient. */
    public static double exponential(SplittableRandom random) {
        return -Math.log(1.0 - random.nextDouble());
    }

    /** A Poisson(mean) draw (Knuth for small means, normal approximation above 500). */
    public static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 500) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }
}
