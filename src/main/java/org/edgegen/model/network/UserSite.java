package org.edgegen.model.network;

import java.util.List;
import org.edgegen.model.topology.Point;

/**
 * A user as dropped for one episode.
 *
 * @param homeBs              h(n): the BS with the highest large-scale gain
 * @param candidates          S_n: the home BS first, then its neighbours in angular order (home only when
 *                            cooperation is off)
 * @param deviceStepSeconds   τ^U_n, seconds per denoising step on the device
 */
public record UserSite(int userId, Point position, int homeBs, List<Integer> candidates, double deviceStepSeconds) {

    public UserSite {
        candidates = List.copyOf(candidates);
    }

    /** Index of {@code bs} in S_n, or -1. */
    public int candidateIndex(int bs) {
        return candidates.indexOf(bs);
    }
}
