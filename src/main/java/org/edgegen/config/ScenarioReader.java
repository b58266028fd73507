package org.edgegen.config;

import static org.edgegen.config.Bound.atLeast;
import static org.edgegen.config.Bound.above;
import static org.edgegen.config.Bound.any;
import static org.edgegen.config.Bound.closed;
import static org.edgegen.config.Bound.closedOpen;
import static org.edgegen.config.Bound.nonNegative;
import static org.edgegen.config.Bound.openClosed;
import static org.edgegen.config.Bound.positive;

import com.typesafe.config.ConfigUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.edgegen.model.Scenario;
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
import org.edgegen.model.diffusion.ErrorModel;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.diffusion.PowerLawError;
import org.edgegen.model.diffusion.StepChoices;
import org.edgegen.model.topology.Topology;

/**
 * How every key under {@code edgegen} is read: its type, allowed range and unit conversion (human units in the
 * file, SI units in {@link Scenario}), then the checks that span several keys. To add a key, add it with its
 * comment to reference.conf and read it here.
 */
final class ScenarioReader {

    private static final double MEGA = 1e6;
    private static final double MILLI = 1e-3;
    // Ranges that keep every formula finite (a power of 1e308 dBm or a weight of 1e308 gave NaN or infinite
    // costs): -100..100 dBm is 1e-13 W to 10 MW; weights up to 1e6 and normalisers from 1e-6 keep a cost term
    // far below the largest double.
    private static final Bound POWER_DBM = Bound.closed(-100, 100);
    private static final Bound WEIGHT = Bound.closed(0, 1e6);
    private static final Bound NORMALISER = Bound.atLeast(1e-6);
    /** The baselines a prior may be (decentralised and deterministic, so a user computes it from what it sees). */
    static final List<String> PRIOR_CHOICES = List.of(MdpParams.NO_PRIOR, "greedy-local", "least-finish",
            "least-finish-min", "least-loaded");
    private static final Pattern SCENARIO_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final ConfigReader in;

    ScenarioReader(ConfigReader in) {
        this.in = in;
    }

    /** Reads the sections in file order, so that of several mistakes the first in reference.conf is reported. */
    Scenario read() {
        String name = scenarioName();
        TimeParams time = time();
        LayoutParams layout = layout();
        int userCount = in.integer("users.count", atLeast(1));
        BackhaulParams backhaul = backhaul();
        RadioParams radio = radio();
        TaskParams tasks = tasks();
        DeviceParams device = device();
        EdgeParams edge = edge(layout);
        StepChoices diffusion = diffusion();
        CostParams cost = cost();
        PenaltyParams penalty = penalty();
        MdpParams mdp = mdp();
        OptParams opt = new OptParams(in.longInteger("baselines.opt.max-joint-actions", atLeast(1)));
        checkCandidates(layout, mdp);
        return new Scenario(name, time, layout, userCount, backhaul, radio, tasks, device, edge, diffusion, cost,
                penalty, mdp, opt);
    }

    private String scenarioName() {
        String name = in.string("scenario-name");
        if (!SCENARIO_NAME.matcher(name).matches()) {
            throw in.invalid("scenario-name", "is not allowed: use letters, digits, '.', '_' and '-' only");
        }
        return name;
    }

    private TimeParams time() {
        return new TimeParams(
                in.number("time.slot-seconds", positive()),
                in.integer("time.slots-per-episode", atLeast(1)));
    }

    private LayoutParams layout() {
        LayoutKind kind = switch (in.choice("topology.layout", List.of("hex", "grid"))) {
            case "hex" -> LayoutKind.HEX;
            default -> LayoutKind.GRID;
        };
        int hexRings = in.integer("topology.hex-rings", closed(0, 400));
        int gridRows = in.integer("topology.grid-rows", closed(1, 1000));
        int gridColumns = in.integer("topology.grid-columns", closed(1, 1000));
        double interSiteDistance = in.number("topology.inter-site-distance-m", positive());
        double neighbourRadiusFactor = in.number("topology.neighbour-radius-factor", openClosed(0, 10));
        double minUserDistance = in.number("topology.min-user-distance-m", nonNegative());
        if (!(minUserDistance < interSiteDistance / 2)) {
            // Users must fit between the exclusion disc and the cell edge (ISD/2 away on the line to a neighbour).
            throw in.outOfRange("topology.min-user-distance-m",
                    "0 <= value < half the inter-site distance (" + Bound.format(interSiteDistance / 2) + " m)");
        }
        return new LayoutParams(kind, hexRings, gridRows, gridColumns, interSiteDistance, neighbourRadiusFactor,
                minUserDistance, in.bool("topology.cooperation"));
    }

    private BackhaulParams backhaul() {
        return new BackhaulParams(
                in.range("backhaul.rate-mbps", positive()).scaled(MEGA),
                in.number("backhaul.latency-ms", nonNegative()) * MILLI);
    }

    private RadioParams radio() {
        return new RadioParams(
                in.number("channel.path-loss-intercept-db", any()),
                in.number("channel.path-loss-slope-db", positive()),
                in.number("channel.shadowing-std-db", nonNegative()),
                in.number("channel.noise-psd-dbm-per-hz", any()),
                in.number("channel.bs-noise-figure-db", nonNegative()),
                in.number("channel.ue-noise-figure-db", nonNegative()),
                in.number("channel.uplink-bandwidth-mhz", positive()) * MEGA,
                in.number("channel.downlink-bandwidth-mhz", positive()) * MEGA,
                in.number("channel.ue-power-dbm", POWER_DBM),
                in.number("channel.bs-power-dbm", POWER_DBM),
                in.bool("channel.inter-cell-interference"));
    }

    private TaskParams tasks() {
        return new TaskParams(
                in.number("task.arrival-probability", closed(0, 1)),
                in.range("task.input-size-mbit", positive()).scaled(MEGA),
                in.range("task.output-size-mbit", positive()).scaled(MEGA),
                in.range("task.max-error", closed(0, 1)),
                in.range("task.deadline-s", positive()));
    }

    private DeviceParams device() {
        return new DeviceParams(
                in.range("device.step-time-s", positive()),
                in.number("device.overhead-s", nonNegative()),
                in.number("device.power-w", positive()));
    }

    private EdgeParams edge(LayoutParams layout) {
        Map<String, GpuProfile> profiles = new LinkedHashMap<>();
        for (String name : in.keys("edge.gpu-profiles")) {
            String entry = "edge.gpu-profiles." + ConfigUtil.joinPath(name);
            profiles.put(name, new GpuProfile(name,
                    in.number(entry + ".step-overhead-s", nonNegative()),
                    in.number(entry + ".step-s-per-image", positive())));
        }
        List<String> names = in.strings("edge.gpus");
        boolean repeat = in.bool("edge.gpus-repeat");
        if (repeat && names.isEmpty()) {
            throw in.invalid("edge.gpus", "is not allowed: with " + in.key("edge.gpus-repeat")
                    + " = on give at least one GPU to repeat over the cells");
        }
        if (!repeat && names.size() != layout.cellCount()) {
            throw new ConfigurationException(in.key("edge.gpus") + " has " + names.size() + " entries but the "
                    + layoutName(layout) + " layout has " + layout.cellCount() + " cells (one GPU per cell, in BS order,"
                    + " or set " + in.key("edge.gpus-repeat") + " = on to repeat the list over the cells)");
        }
        List<GpuProfile> pattern = new ArrayList<>();
        for (int entry = 0; entry < names.size(); entry++) {
            GpuProfile profile = profiles.get(names.get(entry));
            if (profile == null) {
                throw new ConfigurationException(in.key("edge.gpus") + "[" + entry + "] = \"" + names.get(entry)
                        + "\" is not a known GPU: allowed " + String.join(", ", profiles.keySet())
                        + " (or add it under " + in.key("edge.gpu-profiles") + ")");
            }
            pattern.add(profile);
        }
        List<GpuProfile> gpuPerCell = new ArrayList<>(layout.cellCount());
        for (int cell = 0; cell < layout.cellCount(); cell++) {
            gpuPerCell.add(pattern.get(cell % pattern.size()));
        }
        return new EdgeParams(
                gpuPerCell,
                in.number("edge.overhead-s", nonNegative()),
                in.number("edge.background-utilisation", closedOpen(0, 1)),
                in.numberOrInfinite("edge.queue-cap-image-steps", positive()));
    }

    private StepChoices diffusion() {
        List<Integer> steps = in.integers("diffusion.step-choices", atLeast(1));
        if (steps.isEmpty()) {
            throw in.invalid("diffusion.step-choices", "is not allowed: give at least one step count");
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i) <= steps.get(i - 1)) {
                throw in.outOfRange("diffusion.step-choices", "strictly increasing integers >= 1");
            }
        }
        ErrorModel errorModel = switch (in.choice("diffusion.error-model", List.of("clip", "power-law"))) {
            case "clip" -> new ClipQualityError(
                    in.number("diffusion.clip.slope", positive()),
                    in.number("diffusion.clip.log-base", above(1)),
                    in.number("diffusion.clip.offset", any()),
                    in.number("diffusion.clip.cap", positive()),
                    in.integer("diffusion.clip.min-steps", atLeast(1)));
            default -> new PowerLawError(
                    in.number("diffusion.power-law.beta", positive()),
                    in.integer("diffusion.power-law.reference-steps", atLeast(1)));
        };
        return new StepChoices(steps, errorModel);
    }

    private CostParams cost() {
        double delay = in.number("cost.weights.delay", WEIGHT);
        double energy = in.number("cost.weights.energy", WEIGHT);
        double error = in.number("cost.weights.error", WEIGHT);
        if (delay + energy + error <= 0) {
            throw in.outOfRange("cost.weights", "weights >= 0 with at least one > 0");
        }
        return new CostParams(delay, energy, error,
                in.number("cost.delay-ref-s", NORMALISER),
                in.number("cost.energy-ref-j", NORMALISER));
    }

    private PenaltyParams penalty() {
        return new PenaltyParams(
                in.number("penalty.deadline", WEIGHT),
                in.number("penalty.quality", WEIGHT),
                in.number("penalty.energy", WEIGHT),
                in.number("penalty.invalid", WEIGHT),
                in.numberOrInfinite("penalty.energy-max-j", positive()));
    }

    private MdpParams mdp() {
        return new MdpParams(
                in.number("mdp.discount", closedOpen(0, 1)),
                in.integer("mdp.max-candidates", closed(1, 64)),
                in.bool("mdp.mask-steps-below-min"),
                in.bool("mdp.finish-features"),
                in.choice("mdp.prior", PRIOR_CHOICES),
                in.number("mdp.prior-weight", closed(0, 100)),
                in.bool("mdp.load-features"),
                in.bool("mdp.rate-feature"));
    }

    /** The observation must have a slot for the home BS and every neighbour of the best-connected BS. */
    private void checkCandidates(LayoutParams layout, MdpParams mdp) {
        int neighbours = Topology.of(layout).maxNeighbourCount();
        if (neighbours + 1 > mdp.maxCandidates()) {
            throw in.invalid("mdp.max-candidates", "is too small: the " + layoutName(layout)
                    + " layout with neighbour-radius-factor " + Bound.format(layout.neighbourRadiusFactor())
                    + " has a BS with " + neighbours + " neighbours, so allowed value >= " + (neighbours + 1));
        }
    }

    private static String layoutName(LayoutParams layout) {
        return layout.kind() == LayoutKind.HEX
                ? "hex (" + layout.hexRings() + " rings)"
                : "grid (" + layout.gridRows() + "x" + layout.gridColumns() + ")";
    }
}
