package org.edgegen.model.slot;

/**
 * What happened to one user's task in one slot. A failed task (invalid action or dropped at a full server)
 * counts as waiting until its deadline (delay = T^max), with error 1 and the energy it spent.
 *
 * @param serverBs     the BS that generated it, or -1 for local and invalid
 * @param offload      the intermediate quantities of an offloaded task ({@link OffloadTrace#NONE} otherwise)
 */
public record TaskOutcome(
        int userId,
        Path path,
        int serverBs,
        int steps,
        double delaySeconds,
        double energyJoules,
        double error,
        double cost,
        double penalty,
        boolean deadlineViolated,
        boolean qualityViolated,
        boolean dropped,
        boolean invalid,
        OffloadTrace offload) {

    public boolean failed() {
        return dropped || invalid;
    }

    /**
     * How an offloaded task's delay came about; NaN where a quantity does not apply (e.g. the downlink of a
     * dropped task).
     *
     * @param aheadImageSteps     S_<n at the serving BS
     * @param uplinkBs            the home BS whose uplink the task crossed (-1 in {@link #NONE})
     * @param sharingDelaySeconds how much longer the upload took than with one offloader fewer in the cell
     */
    public record OffloadTrace(
            int uplinkSharingUsers,
            double uplinkRateBitsPerSecond,
            double uploadSeconds,
            double arrivalSeconds,
            double aheadImageSteps,
            double completionSeconds,
            int downlinkSharingUsers,
            double downlinkRateBitsPerSecond,
            int uplinkBs,
            double sharingDelaySeconds) {

        public static final OffloadTrace NONE = new OffloadTrace(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0, Double.NaN, -1, Double.NaN);

        /** A trace without the uplink's cell and sharing delay (which only the marginal credit reads). */
        public OffloadTrace(int uplinkSharingUsers, double uplinkRateBitsPerSecond, double uploadSeconds,
                double arrivalSeconds, double aheadImageSteps, double completionSeconds, int downlinkSharingUsers,
                double downlinkRateBitsPerSecond) {
            this(uplinkSharingUsers, uplinkRateBitsPerSecond, uploadSeconds, arrivalSeconds, aheadImageSteps,
                    completionSeconds, downlinkSharingUsers, downlinkRateBitsPerSecond, -1, Double.NaN);
        }
    }
}
