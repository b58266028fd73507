package org.edgegen.learn;

import org.edgegen.config.LearnerSettings;

/**
 * The small JSON file ({@value PpoLearner#INFO_FILE}) next to a checkpoint's variables: its format, the learner's
 * counters, the seed, the network shape and the hyper-parameters it was trained with.
 *
 * @param format        {@value PpoLearner#FORMAT}
 * @param version       policy version (updates done)
 * @param gradientSteps minibatch steps done
 * @param seed          run seed of the weight initialisation and minibatch shuffling
 * @param shape         the network shape; a checkpoint only restores into a learner of the same shape
 * @param settings      the hyper-parameters (informative: a learner with other values may resume from it)
 */
record CheckpointInfo(int format, long version, long gradientSteps, long seed, NetworkShape shape,
        LearnerSettings settings) {}
