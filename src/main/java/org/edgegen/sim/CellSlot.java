package org.edgegen.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.queue.Arrival;
import org.edgegen.model.queue.ServerQueue;
import org.edgegen.model.queue.Service;
import org.edgegen.model.slot.CellSteps;
import org.edgegen.model.slot.Delivery;
import org.edgegen.model.slot.Gains;
import org.edgegen.model.slot.Offload;
import org.edgegen.model.slot.ServedQueue;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.model.slot.Upload;

/**
 * What one base station gathers during one slot, and the model's {@link CellSteps} run on it once a step's inputs
 * are all in: the {@link BaseStation} actor only feeds it messages and carries its results to users and other BSs.
 * Each {@code readyTo...} gate counts the messages the step waits for; lists from other cells are put back in
 * user-id or cell-id order before a step sums over them, so the numbers do not depend on message order.
 */
final class CellSlot {

    final int slot;
    private final int bsId;
    private final int episode;
    private final RunContext run;
    private final Deployment deployment;
    private final int cellSize;
    private final int neighbours;
    private final int interferers;

    private final double[] homeGain;
    private final double[] nextUserBacklog;
    private final List<Offload> offloads = new ArrayList<>();
    private List<Upload> uploads = List.of();
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Map<Integer, Service> services = new HashMap<>();
    private final List<TaskOutcome> outcomes = new ArrayList<>();
    private final List<Integer> foreignTransmitters = new ArrayList<>();
    private final List<Integer> transmittingCells = new ArrayList<>();
    private ServedQueue served;
    private int decided;
    private int settledCount;
    private int transmittersIn;
    private int batchesIn;
    /** The neighbours that relayed at least one task here: only they get {@code RelayResults} back. */
    private final List<Integer> relayedFrom = new ArrayList<>();
    /** How many neighbours this cell relayed tasks to: only they send {@code RelayResults}. */
    private int relayedTo;
    private int resultsIn;
    private int downlinkNoticesIn;
    private boolean uploaded;
    private boolean downlinkKnown;
    private boolean delivered;

    /**
     * @param neighbours  how many neighbours send a relay batch (relay results come only from those this cell
     *                    relayed tasks to)
     * @param interferers how many other cells report their transmitters (0 without inter-cell interference)
     */
    CellSlot(int slot, int bsId, int episode, RunContext run, Deployment deployment, int[] cellUsers,
            int neighbours, int interferers) {
        this.slot = slot;
        this.bsId = bsId;
        this.episode = episode;
        this.run = run;
        this.deployment = deployment;
        this.cellSize = cellUsers.length;
        this.neighbours = neighbours;
        this.interferers = interferers;
        this.homeGain = new double[cellSize];
        this.nextUserBacklog = new double[cellSize];
        for (int user : cellUsers) {
            homeGain[deployment.positionInCell(user)] = gains().gain(user, bsId);
        }
    }

    /** g_{n,h(n)}(l) of a user of this cell, as the BS tells it at the start of the slot. */
    double homeGain(int user) {
        return homeGain[deployment.positionInCell(user)];
    }

    private Gains gains() {
        return SlotDraws.gains(deployment, run.seed(), episode, slot);
    }

    void noTask(BaseStation.NoTask m) {
        decided++;
        nextUserBacklog[deployment.positionInCell(m.userId())] = m.nextBacklogSeconds();
    }

    void settled(BaseStation.Settled m) {
        decided++;
        settledCount++;
        outcomes.add(m.outcome());
        nextUserBacklog[deployment.positionInCell(m.outcome().userId())] = m.nextBacklogSeconds();
    }

    void offload(BaseStation.OffloadRequest m) {
        decided++;
        offloads.add(new Offload(m.userId(), m.task(), m.targetBs(), m.steps(), homeGain(m.userId())));
        nextUserBacklog[deployment.positionInCell(m.userId())] = m.nextBacklogSeconds();
    }

    /** Every user of the cell has sent its one message of the slot. */
    boolean cellDecided() {
        return decided == cellSize;
    }

    /** This cell's uplink transmitters, in user-id order (K^U is known once the cell has decided). */
    int[] transmitters() {
        return offloads.stream().mapToInt(Offload::userId).sorted().toArray();
    }

    void addTransmitters(int[] userIds) {
        transmittersIn++;
        for (int user : userIds) {
            foreignTransmitters.add(user);
        }
    }

    boolean readyToUplink() {
        return !uploaded && cellDecided() && transmittersIn == interferers;
    }

    /** Step 1: upload the cell's tasks; keeps the ones for this server and returns the others by neighbour. */
    Map<Integer, List<Arrival>> uplink() {
        uploaded = true;
        offloads.sort(Comparator.comparingInt(Offload::userId));
        int[] others = foreignTransmitters.stream().mapToInt(Integer::intValue).sorted().toArray();
        double interference = run.cellSteps().uplinkInterferencePsd(bsId, others, deployment, gains());
        uploads = run.cellSteps().uplink(bsId, offloads, interference, deployment::backhaulRateBitsPerSecond);
        Map<Integer, List<Arrival>> relayOut = new HashMap<>();
        for (Upload upload : uploads) {
            int target = upload.offload().targetBs();
            if (target == bsId) {
                arrivals.add(upload.arrival());
            } else {
                relayOut.computeIfAbsent(target, k -> new ArrayList<>()).add(upload.arrival());
            }
        }
        relayedTo = relayOut.size();
        return relayOut;
    }

    void addBatch(int fromBs, List<Arrival> relayed) {
        batchesIn++;
        if (!relayed.isEmpty()) {
            relayedFrom.add(fromBs);
            arrivals.addAll(relayed);
        }
    }

    /**
     * The neighbours whose tasks this server served, in the order their batches came: each gets the services of
     * its users. A neighbour whose batch was empty has no user served here and expects nothing back.
     */
    List<Integer> relayedFrom() {
        return relayedFrom;
    }

    boolean readyToServe() {
        return served == null && uploaded && batchesIn == neighbours;
    }

    /** Step 2: serve the queue; keeps the services of this cell's users and returns the others by home BS. */
    Map<Integer, List<Service>> serve(double backlogImageSteps) {
        served = run.cellSteps().serve(bsId, backlogImageSteps, arrivals, ServerQueue.backgroundImageSteps(
                run.seed(), episode, bsId, slot, run.model().backgroundRequestsPerSlot(bsId), run.model().steps()));
        Map<Integer, List<Service>> relayBack = new HashMap<>();
        for (Service service : served.services()) {
            int home = deployment.user(service.userId()).homeBs();
            if (home == bsId) {
                services.put(service.userId(), service);
            } else {
                relayBack.computeIfAbsent(home, k -> new ArrayList<>()).add(service);
            }
        }
        return relayBack;
    }

    void addResults(List<Service> relayed) {
        resultsIn++;
        for (Service service : relayed) {
            services.put(service.userId(), service);
        }
    }

    /** Every own offloader's service is known, so K^D is. */
    boolean readyToKnowDownlink() {
        return !downlinkKnown && served != null && resultsIn == relayedTo;
    }

    /** Marks K^D known; true if this cell transmits on its downlink in this slot. */
    boolean knowDownlink() {
        downlinkKnown = true;
        return CellSteps.downlinkUsers(uploads, services::get) > 0;
    }

    void addDownlinkNotice(int fromBs, boolean transmitting) {
        downlinkNoticesIn++;
        if (transmitting) {
            transmittingCells.add(fromBs);
        }
    }

    boolean readyToDeliver() {
        return !delivered && downlinkKnown && downlinkNoticesIn == interferers;
    }

    /** Step 3: share the downlink; one delivery per own offloader, in user-id order. */
    List<Delivery> deliver() {
        delivered = true;
        int[] cells = transmittingCells.stream().mapToInt(Integer::intValue).sorted().toArray();
        return run.cellSteps().deliver(bsId, uploads, services::get, cells, gains());
    }

    void addOutcome(TaskOutcome outcome) {
        outcomes.add(outcome);
    }

    /** Every task of the cell has its outcome. */
    boolean complete() {
        return delivered && outcomes.size() == settledCount + offloads.size();
    }

    /** The slot's outcomes of this cell, in user-id order. */
    List<TaskOutcome> outcomes() {
        outcomes.sort(Comparator.comparingInt(TaskOutcome::userId));
        return outcomes;
    }

    double[] nextUserBacklog() {
        return nextUserBacklog;
    }

    double nextBacklogImageSteps() {
        return served.nextBacklogImageSteps();
    }

    int arrivalCount() {
        return served.arrivalCount();
    }
}
