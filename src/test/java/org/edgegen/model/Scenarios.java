package org.edgegen.model;

import java.util.List;
import org.edgegen.model.Scenario.BackhaulParams;
import org.edgegen.model.Scenario.CostParams;
import org.edgegen.model.Scenario.DeviceParams;
import org.edgegen.model.Scenario.EdgeParams;
import org.edgegen.model.Scenario.LayoutKind;
import org.edgegen.model.Scenario.LayoutParams;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.model.Scenario.OptParams;
import org.edgegen.model.Scenario.PenaltyParams;
import org.edgegen.model.Scenario.RadioParams;
import org.edgegen.model.Scenario.TaskParams;
import org.edgegen.model.Scenario.TimeParams;
import org.edgegen.model.diffusion.ClipQualityError;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.diffusion.StepChoices;

/** Test factories: the defaults of SYSTEM-MODEL §10 written out by hand, and small variants of them. */
public final class Scenarios {

    public static final GpuProfile A100 = new GpuProfile("A100", 0.019, 0.0192);
    public static final GpuProfile RTX4090 = new GpuProfile("RTX4090", 0.0035, 0.0195);
    public static final GpuProfile RTX3090 = new GpuProfile("RTX3090", 0.009, 0.0362);
    public static final GpuProfile V100 = new GpuProfile("V100", 0.019, 0.0365);
    public static final GpuProfile T4 = new GpuProfile("T4", 0.007, 0.138);

    private Scenarios() {}

    /** The paper's default: 7 hexagonal cells, 20 users. */
    public static Scenario defaults() {
        return new Scenario("default",
                new TimeParams(1.0, 60),
                new LayoutParams(LayoutKind.HEX, 1, 3, 3, 500, 1.01, 35, true),
                20,
                new BackhaulParams(new Range(400e6, 500e6), 0.001),
                new RadioParams(128.1, 37.6, 8, -174, 5, 9, 10e6, 10e6, 23, 46, false),
                new TaskParams(0.3, new Range(2e6, 5e6), new Range(0.6e6, 1.0e6), new Range(0.1, 0.5),
                        new Range(4, 12)),
                new DeviceParams(new Range(0.2, 0.8), 0.5, 7.5),
                new EdgeParams(List.of(A100, RTX4090, RTX3090, V100, T4, A100, RTX4090), 0.0, 0.3,
                        Double.POSITIVE_INFINITY),
                new StepChoices(List.of(5, 10, 15, 20, 25, 30), ClipQualityError.DEFAULT),
                new CostParams(1.0 / 3, 1.0 / 3, 1.0 / 3, 10, 100),
                new PenaltyParams(1, 1, 1, 2, Double.POSITIVE_INFINITY),
                new MdpParams(0.95, 7, false),
                new OptParams(2_000_000));
    }

    /** Two cells side by side (a 1×2 grid, A100 and T4) with four users: small enough for Opt. */
    public static Scenario tinyTwoCell() {
        Scenario d = defaults();
        return new Scenario("tiny", d.time(),
                new LayoutParams(LayoutKind.GRID, 0, 1, 2, 500, 1.01, 35, true),
                4, d.backhaul(), d.radio(), d.tasks(), d.device(),
                new EdgeParams(List.of(A100, T4), 0.0, 0.3, Double.POSITIVE_INFINITY),
                d.diffusion(), d.cost(), d.penalty(), d.mdp(), d.opt());
    }

    public static Scenario withUsers(Scenario s, int users) {
        return new Scenario(s.name(), s.time(), s.layout(), users, s.backhaul(), s.radio(), s.tasks(), s.device(),
                s.edge(), s.diffusion(), s.cost(), s.penalty(), s.mdp(), s.opt());
    }

    public static Scenario withTasks(Scenario s, TaskParams tasks) {
        return new Scenario(s.name(), s.time(), s.layout(), s.userCount(), s.backhaul(), s.radio(), tasks, s.device(),
                s.edge(), s.diffusion(), s.cost(), s.penalty(), s.mdp(), s.opt());
    }

    public static Scenario withEdge(Scenario s, EdgeParams edge) {
        return new Scenario(s.name(), s.time(), s.layout(), s.userCount(), s.backhaul(), s.radio(), s.tasks(),
                s.device(), edge, s.diffusion(), s.cost(), s.penalty(), s.mdp(), s.opt());
    }

    public static Scenario withRadio(Scenario s, RadioParams radio) {
        return new Scenario(s.name(), s.time(), s.layout(), s.userCount(), s.backhaul(), radio, s.tasks(),
                s.device(), s.edge(), s.diffusion(), s.cost(), s.penalty(), s.mdp(), s.opt());
    }

    public static Scenario withLayout(Scenario s, LayoutParams layout) {
        return new Scenario(s.name(), s.time(), layout, s.userCount(), s.backhaul(), s.radio(), s.tasks(),
                s.device(), s.edge(), s.diffusion(), s.cost(), s.penalty(), s.mdp(), s.opt());
    }

    public static Scenario withDevice(Scenario s, DeviceParams device) {
        return new Scenario(s.name(), s.time(), s.layout(), s.userCount(), s.backhaul(), s.radio(), s.tasks(), device,
                s.edge(), s.diffusion(), s.cost(), s.penalty(), s.mdp(), s.opt());
    }

    public static Scenario withBackhaul(Scenario s, BackhaulParams backhaul) {
        return new Scenario(s.name(), s.time(), s.layout(), s.userCount(), backhaul, s.radio(), s.tasks(),
                s.device(), s.edge(), s.diffusion(), s.cost(), s.penalty(), s.mdp(), s.opt());
    }

    public static Scenario withDiffusion(Scenario s, StepChoices diffusion) {
        return new Scenario(s.name(), s.time(), s.layout(), s.userCount(), s.backhaul(), s.radio(), s.tasks(),
                s.device(), s.edge(), diffusion, s.cost(), s.penalty(), s.mdp(), s.opt());
    }

    public static Scenario withMdp(Scenario s, MdpParams mdp) {
        return new Scenario(s.name(), s.time(), s.layout(), s.userCount(), s.backhaul(), s.radio(), s.tasks(),
                s.device(), s.edge(), s.diffusion(), s.cost(), s.penalty(), mdp, s.opt());
    }

    public static Scenario withOpt(Scenario s, OptParams opt) {
        return new Scenario(s.name(), s.time(), s.layout(), s.userCount(), s.backhaul(), s.radio(), s.tasks(),
                s.device(), s.edge(), s.diffusion(), s.cost(), s.penalty(), s.mdp(), opt);
    }

    /** The GPU mix, cap and overheads of {@code s} with only the queue cap Q^max_b changed. */
    public static Scenario withQueueCap(Scenario s, double capImageSteps) {
        EdgeParams e = s.edge();
        return withEdge(s, new EdgeParams(e.gpuPerCell(), e.overheadSeconds(), e.backgroundUtilisation(),
                capImageSteps));
    }

    /**
     * {@code s} with every random per-task and per-device quantity pinned, so a test can write its expectations
     * with literal numbers: every user has a task each slot (B = 4 Mbit, O = 0.8 Mbit, ε^max = 0.3, T^max = 8 s),
     * τ^U = 0.4 s/step and every backhaul link runs at 450 Mbit/s. Positions, shadowing and fading stay random.
     */
    public static Scenario pinned(Scenario s) {
        Scenario t = withTasks(s, new TaskParams(1.0, new Range(4e6, 4e6), new Range(0.8e6, 0.8e6),
                new Range(0.3, 0.3), new Range(8, 8)));
        t = withDevice(t, new DeviceParams(new Range(0.4, 0.4), s.device().overheadSeconds(),
                s.device().powerWatts()));
        return withBackhaul(t, new BackhaulParams(new Range(450e6, 450e6), s.backhaul().latencySeconds()));
    }
}
