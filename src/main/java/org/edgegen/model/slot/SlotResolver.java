package org.edgegen.model.slot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgegen.model.SystemModel;
import org.edgegen.model.diffusion.StepChoices;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.queue.Arrival;
import org.edgegen.model.queue.Service;
import org.edgegen.model.task.Task;

/**
 * Resolves one whole slot in a single thread: given every user's decision, it runs the per-cell steps of
 * {@link CellSteps} (uplink, serve, deliver) for every cell in turn and each user's {@link Outcomes}, and returns
 * every task's outcome and the next state. This is the reference evaluation of the model; the actor simulation calls
 * the same steps, one BS at a time, and so computes the same numbers.
 */
public final class SlotResolver {

    private final SystemModel model;
    private final CellSteps cellSteps;
    private final Outcomes outcomes;

    public SlotResolver(SystemModel model) {
        this.model = model;
        this.cellSteps = new CellSteps(model);
        this.outcomes = new Outcomes(model);
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
        BackhaulRates backhaul = deployment::backhaulRateBitsPerSecond;
        Gains gains = draws::gain;

        Decision.Kind[] kind = new Decision.Kind[users];
        List<List<Offload>> offloads = perCell(cells);
        int transmitters = 0;
        for (int n = 0; n < users; n++) {
            kind[n] = draws.hasTask(n) ? validate(deployment.user(n), decisions[n], model.steps()) : Decision.Kind.NONE;
            if (kind[n] == Decision.Kind.OFFLOAD) {
                offloads.get(deployment.user(n).homeBs()).add(new Offload(n, draws.task(n).orElseThrow(),
                        decisions[n].targetBs(), decisions[n].steps(), draws.homeGain(n)));
                transmitters++;
            }
        }
        int[] transmittersInUserOrder = new int[transmitters];
        for (int n = 0, i = 0; n < users; n++) {
            if (kind[n] == Decision.Kind.OFFLOAD) {
                transmittersInUserOrder[i++] = n;
            }
        }

        List<List<Upload>> uploads = new ArrayList<>(cells);
        List<List<Arrival>> arrivals = perCell(cells);
        for (int b = 0; b < cells; b++) {
            double interference = cellSteps.uplinkInterferencePsd(b, transmittersInUserOrder, deployment, gains);
            uploads.add(cellSteps.uplink(b, offloads.get(b), interference, backhaul));
            for (Upload upload : uploads.get(b)) {
                arrivals.get(upload.offload().targetBs()).add(upload.arrival());
            }
        }

        Service[] services = new Service[users];
        double[] nextBsBacklog = new double[cells];
        int[] arrivalCount = new int[cells];
        for (int b = 0; b < cells; b++) {
            ServedQueue served = cellSteps.serve(b, state.bsBacklogImageSteps(b), arrivals.get(b),
                    draws.backgroundImageSteps(b));
            for (Service service : served.services()) {
                services[service.userId()] = service;
            }
            nextBsBacklog[b] = served.nextBacklogImageSteps();
            arrivalCount[b] = served.arrivalCount();
        }

        int[] transmittingCells = new int[cells];
        int transmitting = 0;
        for (int b = 0; b < cells; b++) {
            if (CellSteps.downlinkUsers(uploads.get(b), n -> services[n]) > 0) {
                transmittingCells[transmitting++] = b;
            }
        }
        transmittingCells = Arrays.copyOf(transmittingCells, transmitting);
        Delivery[] deliveries = new Delivery[users];
        for (int b = 0; b < cells; b++) {
            for (Delivery delivery : cellSteps.deliver(b, uploads.get(b), n -> services[n], transmittingCells, gains)) {
                deliveries[delivery.userId()] = delivery;
            }
        }

        List<TaskOutcome> outcomes = new ArrayList<>();
        double[] nextUserBacklog = new double[users];
        for (int n = 0; n < users; n++) {
            UserSite user = deployment.user(n);
            Decision decision = decisions[n];
            if (kind[n] != Decision.Kind.NONE) {
                Task task = draws.task(n).orElseThrow();
                outcomes.add(switch (kind[n]) {
                    case LOCAL -> this.outcomes.local(task, decision.steps(), state.userBacklogSeconds(n),
                            user.deviceStepSeconds());
                    case OFFLOAD -> this.outcomes.offloaded(task, user.homeBs(), decision.targetBs(),
                            decision.steps(), deliveries[n], backhaul);
                    default -> this.outcomes.invalid(task, decision.steps());
                });
            }
            nextUserBacklog[n] = this.outcomes.nextBacklogSeconds(state.userBacklogSeconds(n), kind[n],
                    kind[n] == Decision.Kind.NONE ? 0 : decision.steps(), user.deviceStepSeconds());
        }
        return new SlotResult(outcomes, new SlotState(nextUserBacklog, nextBsBacklog, arrivalCount),
                SlotRecord.meanCost(outcomes));
    }

    private static <T> List<List<T>> perCell(int cells) {
        List<List<T>> lists = new ArrayList<>(cells);
        for (int b = 0; b < cells; b++) {
            lists.add(new ArrayList<>());
        }
        return lists;
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

    /** The per-user last step of a slot, shared with the actors. */
    public Outcomes outcomes() {
        return outcomes;
    }
}
