package org.edgegen.model;

import java.util.List;
import org.edgegen.model.channel.Radio;
import org.edgegen.model.cost.CostModel;
import org.edgegen.model.diffusion.GpuProfile;
import org.edgegen.model.diffusion.StepChoices;
import org.edgegen.model.processing.Processing;
import org.edgegen.model.queue.ServerQueue;
import org.edgegen.model.task.TaskGenerator;
import org.edgegen.model.topology.Topology;

/** The scenario with everything derived from it once: topology, radio constants, processing, cost. */
public final class SystemModel {

    private final Scenario scenario;
    private final Topology topology;
    private final Radio radio;
    private final Processing processing;
    private final CostModel costs;
    private final TaskGenerator tasks;
    private final double[] backgroundRequestsPerSlot;

    private SystemModel(Scenario scenario) {
        this.scenario = scenario;
        this.topology = Topology.of(scenario.layout());
        if (scenario.edge().gpuPerCell().size() != topology.cellCount()) {
            throw new IllegalArgumentException("the scenario lists " + scenario.edge().gpuPerCell().size()
                    + " GPUs for " + topology.cellCount() + " cells");
        }
        this.radio = new Radio(scenario.radio());
        this.processing = new Processing(scenario, radio.uePowerWatts());
        this.costs = new CostModel(scenario.cost(), scenario.penalty());
        this.tasks = new TaskGenerator(scenario.tasks());
        this.backgroundRequestsPerSlot = new double[topology.cellCount()];
        for (int b = 0; b < backgroundRequestsPerSlot.length; b++) {
            backgroundRequestsPerSlot[b] = ServerQueue.backgroundRequestsPerSlot(
                    gpu(b), scenario.edge().backgroundUtilisation(), scenario.diffusion(),
                    scenario.time().slotSeconds());
        }
    }

    public static SystemModel of(Scenario scenario) {
        return new SystemModel(scenario);
    }

    public Scenario scenario() {
        return scenario;
    }

    public Topology topology() {
        return topology;
    }

    public Radio radio() {
        return radio;
    }

    public Processing processing() {
        return processing;
    }

    public CostModel costs() {
        return costs;
    }

    public TaskGenerator tasks() {
        return tasks;
    }

    public StepChoices steps() {
        return scenario.diffusion();
    }

    public GpuProfile gpu(int bs) {
        return scenario.edge().gpuPerCell().get(bs);
    }

    public List<GpuProfile> gpus() {
        return scenario.edge().gpuPerCell();
    }

    /** λ_b Δ of BS b. */
    public double backgroundRequestsPerSlot(int bs) {
        return backgroundRequestsPerSlot[bs];
    }

    public int cellCount() {
        return topology.cellCount();
    }

    public int userCount() {
        return scenario.userCount();
    }

    public double slotSeconds() {
        return scenario.time().slotSeconds();
    }

    public int slotsPerEpisode() {
        return scenario.time().slotsPerEpisode();
    }
}
