package org.edgegen.model.network;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgegen.model.Scenario;
import org.edgegen.model.SystemModel;
import org.edgegen.model.channel.Radio;
import org.edgegen.model.random.RandomStreams;
import org.edgegen.model.random.RandomStreams.Purpose;
import org.edgegen.model.topology.Point;
import org.edgegen.model.topology.Topology;

/**
 * Everything drawn once per episode: user positions, shadowing, home BSs, device speeds and backhaul rates.
 * Users are dropped uniformly: a cell chosen uniformly (cells have equal area), then a point uniform in it at least
 * the minimum distance from its BS.
 */
public final class Deployment {

    private final List<UserSite> users;
    private final Radio radio;
    private final Topology topology;
    private final double minDistanceMeters;
    private final long seed;
    private final int episode;
    /** g_{n,h(n)}, the only large-scale gain the model reads per slot without inter-cell interference. */
    private final double[] homeGain;
    /** R^BH_{b,k} for the k-th neighbour of b, in the order of {@link Topology#neighbours}. */
    private final double[][] backhaulRateBitsPerSecond;
    /** R^BH_{k,b} back from the k-th neighbour of b to b (0 when b is not its neighbour), beside the row above. */
    private final double[][] backhaulRateFromNeighbourBitsPerSecond;
    private final int[][] usersByHome;
    /** The position of each user among the users of its home cell ({@link #usersOfCell}), by user id. */
    private final int[] positionInCell;

    private Deployment(SystemModel model, long seed, int episode, List<UserSite> users, double[] homeGain,
            double[][] backhaulRateBitsPerSecond) {
        this.users = List.copyOf(users);
        this.radio = model.radio();
        this.topology = model.topology();
        this.minDistanceMeters = model.scenario().layout().minUserDistanceMeters();
        this.seed = seed;
        this.episode = episode;
        this.homeGain = homeGain;
        this.backhaulRateBitsPerSecond = backhaulRateBitsPerSecond;
        int cells = topology.cellCount();
        this.backhaulRateFromNeighbourBitsPerSecond = new double[cells][];
        for (int b = 0; b < cells; b++) {
            double[] from = new double[backhaulRateBitsPerSecond[b].length];
            for (int k = 0; k < from.length; k++) {
                int back = topology.reverseNeighbourIndex(b, k);
                from[k] = back < 0 ? 0.0 : backhaulRateBitsPerSecond[topology.neighbourId(b, k)][back];
            }
            backhaulRateFromNeighbourBitsPerSecond[b] = from;
        }
        int[] counts = new int[cells];
        for (UserSite user : users) {
            counts[user.homeBs()]++;
        }
        this.usersByHome = new int[cells][];
        for (int b = 0; b < cells; b++) {
            usersByHome[b] = new int[counts[b]];
        }
        int[] fill = new int[cells];
        this.positionInCell = new int[users.size()];
        for (UserSite user : users) {
            positionInCell[user.userId()] = fill[user.homeBs()];
            usersByHome[user.homeBs()][fill[user.homeBs()]++] = user.userId();
        }
    }

    /** The deployment of {@code episode}: a pure function of (model, seed, episode). */
    public static Deployment draw(SystemModel model, long seed, int episode) {
        return draw(model, seed, episode, false);
    }

    /**
     * The same deployment; with {@code everyBs} the home search evaluates every BS's gain (the definition), which
     * the faster search must match bit for bit (DeploymentTest).
     */
    static Deployment draw(SystemModel model, long seed, int episode, boolean everyBs) {
        Scenario scenario = model.scenario();
        Topology topology = model.topology();
        int cells = topology.cellCount();
        int n = scenario.userCount();
        // N users need N gains and positions: the gain to any other BS is recomputed when asked for
        // (largeScaleGain), from the same draws, so memory stays linear in the users at any cell count.
        HomeSearch search = new HomeSearch(model, everyBs);
        List<UserSite> users = new ArrayList<>(n);
        double[] homeGain = new double[n];
        for (int user = 0; user < n; user++) {
            SplittableRandom dropRandom =
                    RandomStreams.stream(seed, episode, Purpose.USER_POSITION, user, RandomStreams.EPISODE_WIDE);
            int dropCell = dropRandom.nextInt(cells);
            Point position = topology.dropInCell(dropCell, dropRandom);
            int home = search.find(position, dropCell, shadowingSeed(seed, episode, user));
            homeGain[user] = search.gain();
            double stepSeconds = scenario.device().stepSeconds().draw(
                    RandomStreams.stream(seed, episode, Purpose.DEVICE_SPEED, user, RandomStreams.EPISODE_WIDE));
            users.add(new UserSite(user, position, home, topology.candidates(home), stepSeconds));
        }
        // only neighbours are linked: a rate per neighbour pair, not a B x B matrix
        double[][] backhaul = new double[cells][];
        for (int b = 0; b < cells; b++) {
            List<Integer> neighbours = topology.neighbours(b);
            backhaul[b] = new double[neighbours.size()];
            for (int i = 0; i < neighbours.size(); i++) {
                backhaul[b][i] = scenario.backhaul().rateBitsPerSecond().draw(RandomStreams.stream(
                        seed, episode, Purpose.BACKHAUL_RATE, b, RandomStreams.EPISODE_WIDE, neighbours.get(i)));
            }
        }
        return new Deployment(model, seed, episode, users, homeGain, backhaul);
    }

    /** The seed of user n's shadowing stream: X_{n,b} is its b-th draw. */
    private static long shadowingSeed(long seed, int episode, int user) {
        return RandomStreams.streamSeed(seed, episode, Purpose.SHADOWING, user, RandomStreams.EPISODE_WIDE, 0);
    }

    public List<UserSite> users() {
        return users;
    }

    public UserSite user(int userId) {
        return users.get(userId);
    }

    public int userCount() {
        return users.size();
    }

    /**
     * 10^(-(PL + X)/10) between a user and a BS, fixed for the episode: kept for the home BS, recomputed from the
     * same draws for any other (only the inter-cell interference option asks for those).
     */
    public double largeScaleGain(int userId, int bs) {
        UserSite site = users.get(userId);
        if (bs == site.homeBs()) {
            return homeGain[userId];
        }
        return HomeSearch.largeScaleGain(radio, topology, minDistanceMeters, site.position(),
                shadowingSeed(seed, episode, userId), bs);
    }

    /** R^BH_{from,to} in bit/s; 0 when the two BSs are not neighbours. */
    public double backhaulRateBitsPerSecond(int fromBs, int toBs) {
        int i = topology.neighbourIndex(fromBs, toBs);
        return i < 0 ? 0.0 : backhaulRateBitsPerSecond[fromBs][i];
    }

    /**
     * R^BH from {@code bs} to its {@code k}-th neighbour ({@link Topology#neighbourId}), in bit/s: what
     * {@link #backhaulRateBitsPerSecond} gives for that pair, without searching the neighbour list.
     */
    public double backhaulRateToNeighbourBitsPerSecond(int bs, int k) {
        return backhaulRateBitsPerSecond[bs][k];
    }

    /** R^BH from the {@code k}-th neighbour of {@code bs} back to {@code bs}, in bit/s (0 when not its neighbour). */
    public double backhaulRateFromNeighbourBitsPerSecond(int bs, int k) {
        return backhaulRateFromNeighbourBitsPerSecond[bs][k];
    }

    /** Ids of the users whose home is {@code bs}, increasing. */
    public int[] usersOfCell(int bs) {
        return usersByHome[bs].clone();
    }

    /**
     * The position of {@code userId} in {@link #usersOfCell} of its home BS: one array per deployment, shared by
     * the cells (a per-cell index over all users would be N x B).
     */
    public int positionInCell(int userId) {
        return positionInCell[userId];
    }

    /** Number of users whose home is {@code bs}. */
    public int cellPopulation(int bs) {
        return usersByHome[bs].length;
    }
}
