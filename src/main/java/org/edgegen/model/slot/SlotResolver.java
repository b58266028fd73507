package org.edgegen.model.slot;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.SystemModel;
import org.edgegen.model.channel.Radio;
import org.edgegen.model.diffusion.StepChoices;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.processing.Processing;
import org.edgegen.model.queue.Arrival;
import org.edgegen.model.queue.ServerQueue;
import org.edgegen.model.queue.Service;
import org.edgegen.model.task.Task;

/**
 * Resolves one whole slot in a single thread: given every user's decision, it shares the bands, relays tasks,
 * serves each server's queue, shares the downlink, and returns every task's outcome and the next state. This is
 * the reference evaluation of the model; the actor simulation computes the same numbers piece by piece.
 */
public final class SlotResolver {

    private final SystemModel model;

    public SlotResolver(SystemModel model) {
        this.model = model;
    }

    /**
     * Resolves a slot. {@code decisions[n]} is user n's decision; it is ignored for users without a task.
     */
    public SlotResult resolve(Deployment deployment, SlotState state, SlotDraws draws, Decision[] decisions) {
        int users = deployment.userCount();
        int cells = model.cellCount();
        if (decisions.length != users) {
            throw new IllegalArgumentException(decisions.length + " decisions for " + users + " users");
        }
        Radio radio = model.radio();
        Processing processing = model.processing();
        StepChoices steps = model.steps();

        Decision.Kind[] kind = new Decision.Kind[users];
        int[] uplinkCount = new int[cells];
        for (int n = 0; n < users; n++) {
            kind[n] = draws.hasTask(n) ? validate(deployment.user(n), decisions[n], steps) : Decision.Kind.NONE;
            if (kind[n] == Decision.Kind.OFFLOAD) {
                uplinkCount[deployment.user(n).homeBs()]++;
            }
        }
        double[] uplinkInterference = new double[cells];
        if (radio.interCellInterference()) {
            for (int n = 0; n < users; n++) {
                if (kind[n] == Decision.Kind.OFFLOAD) {
                    for (int b = 0; b < cells; b++) {
                        if (b != deployment.user(n).homeBs()) {
                            uplinkInterference[b] += radio.uplinkInterferencePsd(draws.gain(n, b));
                        }
                    }
                }
            }
        }

        double[] uploadSeconds = new double[users];
        double[] uplinkRate = new double[users];
        double[] arrivalSeconds = new double[users];
        List<List<Arrival>> arrivals = new ArrayList<>(cells);
        for (int b = 0; b < cells; b++) {
            arrivals.add(new ArrayList<>());
        }
        for (int n = 0; n < users; n++) {
            if (kind[n] != Decision.Kind.OFFLOAD) {
                continue;
            }
            UserSite user = deployment.user(n);
            Task task = draws.task(n).orElseThrow();
            int home = user.homeBs();
            int target = decisions[n].targetBs();
            uplinkRate[n] = radio.uplinkRateBitsPerSecond(
                    uplinkCount[home], draws.homeGain(n), uplinkInterference[home]);
            uploadSeconds[n] = Processing.uploadSeconds(task.inputBits(), uplinkRate[n]);
            arrivalSeconds[n] = target == home
                    ? Processing.homeArrivalSeconds(uploadSeconds[n])
                    : processing.neighbourArrivalSeconds(uploadSeconds[n], task.inputBits(),
                            deployment.backhaulRateBitsPerSecond(home, target));
            arrivals.get(target).add(new Arrival(n, arrivalSeconds[n], decisions[n].steps()));
        }

        double[] completion = new double[users];
        double[] ahead = new double[users];
        boolean[] dropped = new boolean[users];
        double[] nextBsBacklog = new double[cells];
        int[] arrivalCount = new int[cells];
        double cap = model.scenario().edge().queueCapImageSteps();
        for (int b = 0; b < cells; b++) {
            double served = 0.0;
            for (Service service : ServerQueue.resolve(model.gpu(b), state.bsBacklogImageSteps(b), cap,
                    arrivals.get(b))) {
                ahead[service.userId()] = service.aheadImageSteps();
                if (service.dropped()) {
                    dropped[service.userId()] = true;
                } else {
                    completion[service.userId()] = service.completionSeconds();
                    served += decisions[service.userId()].steps();
                }
            }
            arrivalCount[b] = arrivals.get(b).size();
            nextBsBacklog[b] = ServerQueue.nextBacklogImageSteps(state.bsBacklogImageSteps(b), served,
                    draws.backgroundImageSteps(b), model.gpu(b), model.slotSeconds());
        }

        int[] downlinkCount = new int[cells];
        for (int n = 0; n < users; n++) {
            if (kind[n] == Decision.Kind.OFFLOAD && !dropped[n]) {
                downlinkCount[deployment.user(n).homeBs()]++;
            }
        }

        List<TaskOutcome> outcomes = new ArrayList<>();
        double[] nextUserBacklog = new double[users];
        for (int n = 0; n < users; n++) {
            UserSite user = deployment.user(n);
            double addedWork = 0.0;
            if (kind[n] != Decision.Kind.NONE) {
                Task task = draws.task(n).orElseThrow();
                Decision decision = decisions[n];
                TaskOutcome outcome;
                if (kind[n] == Decision.Kind.LOCAL) {
                    addedWork = processing.localWorkSeconds(decision.steps(), user.deviceStepSeconds());
                    outcome = completed(task, Path.LOCAL, -1, decision.steps(),
                            processing.localDelaySeconds(state.userBacklogSeconds(n), decision.steps(),
                                    user.deviceStepSeconds()),
                            processing.localEnergyJoules(decision.steps(), user.deviceStepSeconds()),
                            TaskOutcome.OffloadTrace.NONE);
                } else if (kind[n] == Decision.Kind.INVALID) {
                    outcome = failed(task, decision.steps(), 0.0, TaskOutcome.OffloadTrace.NONE);
                } else if (dropped[n]) {
                    outcome = failed(task, decision.steps(), processing.offloadEnergyJoules(uploadSeconds[n]),
                            new TaskOutcome.OffloadTrace(uplinkCount[user.homeBs()], uplinkRate[n], uploadSeconds[n],
                                    arrivalSeconds[n], ahead[n], Double.NaN, 0, Double.NaN));
                } else {
                    int home = user.homeBs();
                    int target = decision.targetBs();
                    double interference = 0.0;
                    if (radio.interCellInterference()) {
                        for (int b = 0; b < cells; b++) {
                            if (b != home && downlinkCount[b] > 0) {
                                interference += radio.downlinkInterferencePsd(draws.gain(n, b));
                            }
                        }
                    }
                    double downlinkRate = radio.downlinkRateBitsPerSecond(
                            downlinkCount[home], draws.homeGain(n), interference);
                    double delay = target == home
                            ? processing.homeDelaySeconds(completion[n], task.outputBits(), downlinkRate)
                            : processing.neighbourDelaySeconds(completion[n], task.outputBits(),
                                    deployment.backhaulRateBitsPerSecond(target, home), downlinkRate);
                    outcome = completed(task, target == home ? Path.HOME : Path.NEIGHBOUR, target, decision.steps(),
                            delay, processing.offloadEnergyJoules(uploadSeconds[n]),
                            new TaskOutcome.OffloadTrace(uplinkCount[home], uplinkRate[n], uploadSeconds[n],
                                    arrivalSeconds[n], ahead[n], completion[n], downlinkCount[home], downlinkRate));
                }
                outcomes.add(outcome);
            }
            nextUserBacklog[n] = Processing.nextLocalBacklogSeconds(
                    state.userBacklogSeconds(n), addedWork, model.slotSeconds());
        }
        return new SlotResult(outcomes, new SlotState(nextUserBacklog, nextBsBacklog, arrivalCount),
                SlotRecord.meanCost(outcomes));
    }

    /** The kind a decision really has for this user: an offload outside S_n or steps outside C are invalid. */
    public static Decision.Kind validate(UserSite user, Decision decision, StepChoices steps) {
        if (decision.kind() == Decision.Kind.NONE || decision.kind() == Decision.Kind.INVALID) {
            return Decision.Kind.INVALID;
        }
        if (!steps.steps().contains(decision.steps())) {
            return Decision.Kind.INVALID;
        }
        if (decision.kind() == Decision.Kind.OFFLOAD && user.candidateIndex(decision.targetBs()) < 0) {
            return Decision.Kind.INVALID;
        }
        return decision.kind();
    }

    /** The outcome of a task that was generated, with its error, cost and penalty. */
    public TaskOutcome completed(Task task, Path path, int serverBs, int steps, double delaySeconds,
            double energyJoules, TaskOutcome.OffloadTrace trace) {
        double error = model.steps().error(steps);
        double cost = model.costs().cost(delaySeconds, energyJoules, error);
        double penalty = model.costs().penalty(delaySeconds, task.deadlineSeconds(), error, task.maxError(),
                energyJoules, false);
        return new TaskOutcome(task.userId(), path, serverBs, steps, delaySeconds, energyJoules, error, cost, penalty,
                delaySeconds > task.deadlineSeconds(), error > task.maxError(), false, false, trace);
    }

    /**
     * The outcome of a task that was never generated: it waited until its deadline, with error 1. A task with an
     * offload trace was dropped at a full server; one without was an invalid action.
     */
    public TaskOutcome failed(Task task, int steps, double energyJoules, TaskOutcome.OffloadTrace trace) {
        boolean dropped = trace != TaskOutcome.OffloadTrace.NONE;
        double delay = task.deadlineSeconds();
        double error = 1.0;
        double cost = model.costs().cost(delay, energyJoules, error);
        double penalty = model.costs().penalty(delay, task.deadlineSeconds(), error, task.maxError(), energyJoules,
                true);
        return new TaskOutcome(task.userId(), Path.FAILED, -1, steps, delay, energyJoules, error, cost, penalty,
                false, error > task.maxError(), dropped, !dropped, trace);
    }
}
