package org.edgegen.model.slot;

import java.util.Optional;
import org.edgegen.model.SystemModel;
import org.edgegen.model.channel.Radio;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.queue.ServerQueue;
import org.edgegen.model.task.Task;

/**
 * The random inputs of one slot: each user's task (if any), the channel gains and the background load of each
 * server. Every value is a pure function of (seed, episode, entity, slot), so an actor drawing its own share gets
 * the same number.
 */
public final class SlotDraws {

    private final long seed;
    private final int episode;
    private final int slot;
    private final Deployment deployment;
    private final Task[] tasks;
    private final double[] homeGain;
    private final double[] backgroundImageSteps;

    private SlotDraws(long seed, int episode, int slot, Deployment deployment, Task[] tasks, double[] homeGain,
            double[] backgroundImageSteps) {
        this.seed = seed;
        this.episode = episode;
        this.slot = slot;
        this.deployment = deployment;
        this.tasks = tasks;
        this.homeGain = homeGain;
        this.backgroundImageSteps = backgroundImageSteps;
    }

    /** Draws slot {@code slot} of {@code episode}. */
    public static SlotDraws draw(SystemModel model, Deployment deployment, long seed, int episode, int slot) {
        int users = deployment.userCount();
        Task[] tasks = new Task[users];
        double[] homeGain = new double[users];
        for (int n = 0; n < users; n++) {
            tasks[n] = model.tasks().draw(seed, episode, n, slot).orElse(null);
            homeGain[n] = gain(deployment, seed, episode, slot, n, deployment.user(n).homeBs());
        }
        double[] background = new double[model.cellCount()];
        for (int b = 0; b < background.length; b++) {
            background[b] = ServerQueue.backgroundImageSteps(
                    seed, episode, b, slot, model.backgroundRequestsPerSlot(b), model.steps());
        }
        return new SlotDraws(seed, episode, slot, deployment, tasks, homeGain, background);
    }

    /** g_{n,b}(l) = large-scale gain × |h|² of this slot. */
    public static double gain(Deployment deployment, long seed, int episode, int slot, int user, int bs) {
        return deployment.largeScaleGain(user, bs) * Radio.fading(seed, episode, user, slot, bs);
    }

    /** Every g_{n,b}(l) of one slot, for a caller that holds no {@code SlotDraws} (a BS actor). */
    public static Gains gains(Deployment deployment, long seed, int episode, int slot) {
        return (user, bs) -> gain(deployment, seed, episode, slot, user, bs);
    }

    public Optional<Task> task(int user) {
        return Optional.ofNullable(tasks[user]);
    }

    public boolean hasTask(int user) {
        return tasks[user] != null;
    }

    /** g_{n,h(n)}(l): the user's gain to its home BS in this slot. */
    public double homeGain(int user) {
        return homeGain[user];
    }

    /** g_{n,b}(l) for any BS (used by the inter-cell interference option). */
    public double gain(int user, int bs) {
        if (bs == deployment.user(user).homeBs()) {
            return homeGain[user];
        }
        return gain(deployment, seed, episode, slot, user, bs);
    }

    /** A^bg_b(l), background image-steps arriving at server b during the slot. */
    public double backgroundImageSteps(int bs) {
        return backgroundImageSteps[bs];
    }

    public int slot() {
        return slot;
    }

    public int episode() {
        return episode;
    }

    public long seed() {
        return seed;
    }

    public int userCount() {
        return tasks.length;
    }

    /** Number of users with a task, |A(l)|. */
    public int activeCount() {
        int count = 0;
        for (Task task : tasks) {
            if (task != null) {
                count++;
            }
        }
        return count;
    }
}
