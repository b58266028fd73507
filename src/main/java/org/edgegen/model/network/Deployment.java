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
    private final double[][] largeScaleGain;
    private final double[][] backhaulRateBitsPerSecond;
    private final int[][] usersByHome;

    private Deployment(List<UserSite> users, double[][] largeScaleGain, double[][] backhaulRateBitsPerSecond,
            int cells) {
        this.users = List.copyOf(users);
        this.largeScaleGain = largeScaleGain;
        this.backhaulRateBitsPerSecond = backhaulRateBitsPerSecond;
        int[] counts = new int[cells];
        for (UserSite user : users) {
            counts[user.homeBs()]++;
        }
        this.usersByHome = new int[cells][];
        for (int b = 0; b < cells; b++) {
            usersByHome[b] = new int[counts[b]];
        }
        int[] fill = new int[cells];
        for (UserSite user : users) {
            usersByHome[user.homeBs()][fill[user.homeBs()]++] = user.userId();
        }
    }

    /** The deployment of {@code episode}: a pure function of (model, seed, episode). */
    public static Deployment draw(SystemModel model, long seed, int episode) {
        Scenario scenario = model.scenario();
        Topology topology = model.topology();
        Radio radio = model.radio();
        int cells = topology.cellCount();
        int n = scenario.userCount();
        List<UserSite> users = new ArrayList<>(n);
        double[][] gains = new double[n][cells];
        for (int user = 0; user < n; user++) {
            SplittableRandom dropRandom =
                    RandomStreams.stream(seed, episode, Purpose.USER_POSITION, user, RandomStreams.EPISODE_WIDE);
            int dropCell = dropRandom.nextInt(cells);
            Point position = topology.dropInCell(dropCell, dropRandom);
            SplittableRandom shadowRandom =
                    RandomStreams.stream(seed, episode, Purpose.SHADOWING, user, RandomStreams.EPISODE_WIDE);
            int home = 0;
            for (int b = 0; b < cells; b++) {
                double distance = Math.max(position.distanceMeters(topology.site(b)),
                        scenario.layout().minUserDistanceMeters());
                gains[user][b] = Radio.largeScaleGain(radio.pathLossDb(distance), radio.shadowingDb(shadowRandom));
                if (gains[user][b] > gains[user][home]) {
                    home = b;
                }
            }
            List<Integer> candidates = new ArrayList<>();
            candidates.add(home);
            if (scenario.layout().cooperation()) {
                candidates.addAll(topology.neighbours(home));
            }
            double stepSeconds = scenario.device().stepSeconds().draw(
                    RandomStreams.stream(seed, episode, Purpose.DEVICE_SPEED, user, RandomStreams.EPISODE_WIDE));
            users.add(new UserSite(user, position, home, candidates, stepSeconds));
        }
        double[][] backhaul = new double[cells][cells];
        for (int b = 0; b < cells; b++) {
            for (int k : topology.neighbours(b)) {
                backhaul[b][k] = scenario.backhaul().rateBitsPerSecond().draw(RandomStreams.stream(
                        seed, episode, Purpose.BACKHAUL_RATE, b, RandomStreams.EPISODE_WIDE, k));
            }
        }
        return new Deployment(users, gains, backhaul, cells);
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

    /** 10^(-(PL + X)/10) between a user and a BS, fixed for the episode. */
    public double largeScaleGain(int userId, int bs) {
        return largeScaleGain[userId][bs];
    }

    /** R^BH_{from,to} in bit/s; 0 when the two BSs are not neighbours. */
    public double backhaulRateBitsPerSecond(int fromBs, int toBs) {
        return backhaulRateBitsPerSecond[fromBs][toBs];
    }

    /** Ids of the users whose home is {@code bs}, increasing. */
    public int[] usersOfCell(int bs) {
        return usersByHome[bs].clone();
    }

    /** Number of users whose home is {@code bs}. */
    public int cellPopulation(int bs) {
        return usersByHome[bs].length;
    }
}
