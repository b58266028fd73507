package org.edgegen.model.slot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.edgegen.model.SystemModel;
import org.edgegen.model.channel.Radio;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.processing.Processing;
import org.edgegen.model.queue.Arrival;
import org.edgegen.model.queue.ServerQueue;
import org.edgegen.model.queue.Service;

/**
 * The steps of one slot at one cell, in the order a BS can take them: uplink (with the interference of other cells'
 * transmitters), serve its queue, deliver the results over its downlink. Each step needs only what a BS holds at
 * that point: its cell's offloads, the arrivals it received, the services of its users' tasks, and which users and
 * cells transmit elsewhere. The direct loop ({@link SlotResolver}) and the actors call the same steps, so the two
 * engines differ only in how the inputs of a step travel. The formulas themselves live in {@code channel},
 * {@code processing} and {@code queue}.
 *
 * <p>Floating-point sums here run in user-id order (uplink interference) and cell-id order (downlink
 * interference), so every caller gets the same bits as long as it passes its lists in that order.
 */
public final class CellSteps {

    private final SystemModel model;

    public CellSteps(SystemModel model) {
        this.model = model;
    }

    /**
     * I at BS {@code bs}: Σ p g_{n,bs} / W^U over the transmitters n of other cells, in user-id order; 0 without the
     * inter-cell interference option.
     *
     * @param transmittersInUserOrder users offloading in this slot, in increasing id; those of {@code bs}'s own cell
     *                                are skipped (OFDMA: no intra-cell interference)
     */
    public double uplinkInterferencePsd(int bs, int[] transmittersInUserOrder, Deployment deployment, Gains gains) {
        Radio radio = model.radio();
        double interference = 0.0;
        if (!radio.interCellInterference()) {
            return interference;
        }
        for (int user : transmittersInUserOrder) {
            if (deployment.user(user).homeBs() != bs) {
                interference += radio.uplinkInterferencePsd(gains.gain(user, bs));
            }
        }
        return interference;
    }

    /**
     * Step 1 at home BS {@code bs}: its K^U offloaders share the uplink band; each task is uploaded and, for a
     * neighbour server, relayed over the backhaul.
     *
     * @param offloadsInUserOrder the cell's valid offloads of the slot, in increasing user id
     * @return one upload per offload, in the same order
     */
    public List<Upload> uplink(int bs, List<Offload> offloadsInUserOrder, double interferencePsd,
            BackhaulRates backhaul) {
        Radio radio = model.radio();
        Processing processing = model.processing();
        int sharing = offloadsInUserOrder.size();
        List<Upload> uploads = new ArrayList<>(sharing);
        for (Offload offload : offloadsInUserOrder) {
            double rate = radio.uplinkRateBitsPerSecond(sharing, offload.homeGain(), interferencePsd);
            double upload = Processing.uploadSeconds(offload.task().inputBits(), rate);
            double arrival = offload.targetBs() == bs
                    ? Processing.homeArrivalSeconds(upload)
                    : processing.neighbourArrivalSeconds(upload, offload.task().inputBits(),
                            backhaul.bitsPerSecond(bs, offload.targetBs()));
            double alone = sharing > 1 ? Processing.uploadSeconds(offload.task().inputBits(),
                    radio.uplinkRateBitsPerSecond(sharing - 1, offload.homeGain(), interferencePsd)) : upload;
            uploads.add(new Upload(offload, sharing, rate, upload, arrival, upload - alone));
        }
        return uploads;
    }

    /** Step 2 at server {@code bs}, with the scenario's queue cap. */
    public ServedQueue serve(int bs, double backlogImageSteps, List<Arrival> arrivals, double backgroundImageSteps) {
        return serve(bs, backlogImageSteps, model.scenario().edge().queueCapImageSteps(), arrivals,
                backgroundImageSteps);
    }

    /**
     * Step 2 at server {@code bs}: serve the slot's arrivals (from its own cell and relayed by neighbours, in any
     * order) first come first served, and carry the backlog over.
     */
    public ServedQueue serve(int bs, double backlogImageSteps, double capImageSteps, List<Arrival> arrivals,
            double backgroundImageSteps) {
        List<Arrival> ordered = new ArrayList<>(arrivals);
        ordered.sort(ServerQueue.ORDER);
        List<Service> services = ServerQueue.resolve(model.gpu(bs), backlogImageSteps, capImageSteps, ordered);
        // services come in arrival order: the served image-steps are summed in that order
        double served = 0.0;
        for (int i = 0; i < services.size(); i++) {
            if (!services.get(i).dropped()) {
                served += ordered.get(i).steps();
            }
        }
        double next = ServerQueue.nextBacklogImageSteps(backlogImageSteps, served, backgroundImageSteps,
                model.gpu(bs), model.slotSeconds());
        return new ServedQueue(services, next, arrivals.size());
    }

    /** K^D of a cell: its offloaders whose task was not dropped. A cell with K^D > 0 transmits on the downlink. */
    public static int downlinkUsers(List<Upload> uploads, IntFunction<Service> serviceOf) {
        int count = 0;
        for (Upload upload : uploads) {
            if (!serviceOf.apply(upload.userId()).dropped()) {
                count++;
            }
        }
        return count;
    }

    /**
     * I at user {@code user} of cell {@code homeBs}: Σ P_B g_{n,b} / W^D over the other cells b with downlink
     * traffic, in cell-id order; 0 without the inter-cell interference option.
     *
     * @param transmittingCells cells with K^D > 0, in increasing id (the user's own cell is skipped)
     */
    public double downlinkInterferencePsd(int user, int homeBs, int[] transmittingCells, Gains gains) {
        Radio radio = model.radio();
        double interference = 0.0;
        if (!radio.interCellInterference()) {
            return interference;
        }
        for (int b : transmittingCells) {
            if (b != homeBs) {
                interference += radio.downlinkInterferencePsd(gains.gain(user, b));
            }
        }
        return interference;
    }

    /**
     * Step 3 at home BS {@code bs}: with every own offloader's service known, its K^D users share the downlink.
     *
     * @param uploadsInUserOrder this cell's uploads of the slot ({@link #uplink})
     * @param serviceOf          the service of each of these users, from whichever server generated it
     * @param transmittingCells  cells with downlink traffic in this slot, in increasing id
     * @return one delivery per upload, in the same order
     */
    public List<Delivery> deliver(int bs, List<Upload> uploadsInUserOrder, IntFunction<Service> serviceOf,
            int[] transmittingCells, Gains gains) {
        int downlinkSharing = downlinkUsers(uploadsInUserOrder, serviceOf);
        List<Delivery> deliveries = new ArrayList<>(uploadsInUserOrder.size());
        for (Upload upload : uploadsInUserOrder) {
            Service service = serviceOf.apply(upload.userId());
            TaskOutcome.OffloadTrace trace;
            if (service.dropped()) {
                trace = new TaskOutcome.OffloadTrace(upload.sharingUsers(), upload.uplinkRateBitsPerSecond(),
                        upload.uploadSeconds(), upload.arrivalSeconds(), service.aheadImageSteps(), Double.NaN, 0,
                        Double.NaN, bs, upload.sharingDelaySeconds());
            } else {
                double interference = downlinkInterferencePsd(upload.userId(), bs, transmittingCells, gains);
                double downlinkRate = model.radio().downlinkRateBitsPerSecond(downlinkSharing,
                        upload.offload().homeGain(), interference);
                trace = new TaskOutcome.OffloadTrace(upload.sharingUsers(), upload.uplinkRateBitsPerSecond(),
                        upload.uploadSeconds(), upload.arrivalSeconds(), service.aheadImageSteps(),
                        service.completionSeconds(), downlinkSharing, downlinkRate, bs, upload.sharingDelaySeconds());
            }
            deliveries.add(new Delivery(upload.userId(), trace, service.dropped()));
        }
        return deliveries;
    }
}
