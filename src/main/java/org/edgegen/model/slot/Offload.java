package org.edgegen.model.slot;

import org.edgegen.model.task.Task;

/**
 * A valid offloading decision as the user's home BS holds it: the task, the server it goes to, its steps and the
 * user's gain to the home BS in this slot.
 */
public record Offload(int userId, Task task, int targetBs, int steps, double homeGain) {}
