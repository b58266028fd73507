package org.edgegen.model.queue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.diffusion.StepChoices;
import org.edgegen.model.processing.Processing;
import org.edgegen.model.random.RandomStreams;
import org.edgegen.model.random.RandomStreams.Purpose;

/** The first-come-first-served batched queue of one edge server (SYSTEM-MODEL §5, "BS backlog"). */
public final class ServerQueue {

    /** Arrival order: by arrival time, ties by user id, so the outcome never depends on message order. */
    public static final Comparator<Arrival> ORDER =
            Comparator.comparingDouble(Arrival::arrivalSeconds).thenComparingInt(Arrival::userId);

    private ServerQueue() {}

    /**
     * Serves one slot's arrivals in {@link #ORDER}. A task that would push Q_b + S_<n + c above the cap is
     * dropped and does not count towards later tasks' S_<n.
     *
     * @return the services, in arrival order
     */
    public static List<Service> resolve(
            GpuProfile gpu, double backlogImageSteps, double capImageSteps, List<Arrival> arrivals) {
        List<Arrival> ordered = new ArrayList<>(arrivals);
        ordered.sort(ORDER);
        List<Service> services = new ArrayList<>(ordered.size());
        double ahead = 0.0;
        for (Arrival arrival : ordered) {
            if (backlogImageSteps + ahead + arrival.steps() > capImageSteps) {
                services.add(new Service(arrival.userId(), ahead, Double.NaN, true));
                continue;
            }
            double completion = Processing.completionSeconds(
                    arrival.arrivalSeconds(), arrival.steps(), gpu, backlogImageSteps, ahead);
            services.add(new Service(arrival.userId(), ahead, completion, false));
            ahead += arrival.steps();
        }
        return services;
    }

    /** Q_b(l+1) = [Q_b(l) + Σ served c + A^bg_b(l) - μ_b Δ]^+. */
    public static double nextBacklogImageSteps(
            double backlogImageSteps, double servedImageSteps, double backgroundImageSteps, GpuProfile gpu,
            double slotSeconds) {
        return Math.max(0.0, backlogImageSteps + servedImageSteps + backgroundImageSteps
                - gpu.throughputImageStepsPerSecond() * slotSeconds);
    }

    /**
     * λ_b Δ: mean background requests per slot such that their image-steps use ρ^bg of μ_b:
     * λ_b = ρ^bg μ_b / mean(C).
     */
    public static double backgroundRequestsPerSlot(
            GpuProfile gpu, double utilisation, StepChoices steps, double slotSeconds) {
        return utilisation * gpu.throughputImageStepsPerSecond() / steps.meanSteps() * slotSeconds;
    }

    /** A^bg_b(l): Poisson(λ_b Δ) requests, each of uniformly drawn steps from C; a pure function of its keys. */
    public static double backgroundImageSteps(
            long seed, int episode, int bs, int slot, double requestsPerSlot, StepChoices steps) {
        SplittableRandom random = RandomStreams.stream(seed, episode, Purpose.BACKGROUND_LOAD, bs, slot);
        int requests = RandomStreams.poisson(random, requestsPerSlot);
        double total = 0.0;
        for (int i = 0; i < requests; i++) {
            total += steps.steps(random.nextInt(steps.size()));
        }
        return total;
    }
}
