package org.edgegen.policy;

/**
 * What a user observes of one candidate server at the start of a slot.
 *
 * @param home                            whether this is the user's home BS (candidate 0)
 * @param backlogImageSteps               Q_s at the start of the slot
 * @param throughputImageStepsPerSecond   μ_s
 * @param stepSecondsAlone                τ_s(1)
 * @param backhaulRateToBitsPerSecond     R^BH from the home BS to this server (0 for the home BS itself)
 * @param backhaulRateFromBitsPerSecond   R^BH from this server back to the home BS (0 for the home BS itself)
 * @param lastArrivals                    tasks that reached this server in the previous slot
 */
public record CandidateView(
        int bs,
        boolean home,
        double backlogImageSteps,
        double throughputImageStepsPerSecond,
        double stepSecondsAlone,
        double backhaulRateToBitsPerSecond,
        double backhaulRateFromBitsPerSecond,
        int lastArrivals) {

    /** Expected wait Q_s/μ_s in seconds. */
    public double expectedWaitSeconds() {
        return backlogImageSteps / throughputImageStepsPerSecond;
    }
}
