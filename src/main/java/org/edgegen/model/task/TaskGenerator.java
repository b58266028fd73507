package org.edgegen.model.task;

import java.util.Optional;
import java.util.SplittableRandom;
import org.edgegen.model.Scenario.TaskParams;
import org.edgegen.model.random.RandomStreams;
import org.edgegen.model.random.RandomStreams.Purpose;

/** Draws each user's request of a slot: with probability p_a a task with uniformly drawn size and requirements. */
public final class TaskGenerator {

    private final TaskParams params;

    public TaskGenerator(TaskParams params) {
        this.params = params;
    }

    /** The task of {@code user} in {@code slot}, if it has one; a pure function of its arguments. */
    public Optional<Task> draw(long seed, int episode, int user, int slot) {
        SplittableRandom random = RandomStreams.stream(seed, episode, Purpose.TASK, user, slot);
        if (random.nextDouble() >= params.arrivalProbability()) {
            return Optional.empty();
        }
        return Optional.of(new Task(
                user,
                params.inputBits().draw(random),
                params.outputBits().draw(random),
                params.maxError().draw(random),
                params.deadlineSeconds().draw(random)));
    }
}
