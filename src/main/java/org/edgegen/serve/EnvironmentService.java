package org.edgegen.serve;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.edgegen.app.Engine;
import org.edgegen.config.ConfigurationException;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.SlotStepper;
import org.edgegen.serve.grpc.CloseRequest;
import org.edgegen.serve.grpc.CloseResponse;
import org.edgegen.serve.grpc.CreateRequest;
import org.edgegen.serve.grpc.CreateResponse;
import org.edgegen.serve.grpc.EnvironmentsGrpc;
import org.edgegen.serve.grpc.ListScenariosRequest;
import org.edgegen.serve.grpc.Layout;
import org.edgegen.serve.grpc.ListScenariosResponse;
import org.edgegen.serve.grpc.PolicyActionsRequest;
import org.edgegen.serve.grpc.PolicyActionsResponse;
import org.edgegen.serve.grpc.ResetRequest;
import org.edgegen.serve.grpc.ResetResponse;
import org.edgegen.serve.grpc.ScenarioFile;
import org.edgegen.serve.grpc.StepRequest;
import org.edgegen.serve.grpc.StepResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's environments: each a {@link SlotStepper} under its own id, on the direct engine or, where asked
 * ({@code engine: actors}), on the actor engine with an actor system of its own ({@link Engine#stepper}). Requests for
 * different environments run in parallel, requests for one environment one after another. Each environment's replies
 * carry the agents' vectors in the layout its {@code Create} asked for: a message per agent, or packed arrays per slot
 * ({@code LAYOUT_PACKED}, what the Python package uses). A bad request is a gRPC
 * error carrying the CLI's one-line message (INVALID_ARGUMENT, or NOT_FOUND for an unknown environment); it never
 * stops the server.
 */
public final class EnvironmentService extends EnvironmentsGrpc.EnvironmentsImplBase {

    /** Where {@code ListScenarios} looks without a directory. */
    public static final Path SCENARIOS = Path.of("conf", "scenarios");

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentService.class);

    /** An environment: its stepper, the baselines of its model, and how its replies carry the agents' vectors. */
    private record Environment(SlotStepper stepper, PolicyCatalog catalog, Layout layout) {

        boolean packed() {
            return layout == Layout.LAYOUT_PACKED || compact();
        }

        boolean compact() {
            return layout == Layout.LAYOUT_PACKED_COMPACT;
        }
    }

    private final Map<String, Environment> environments = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** How many environments are open. */
    public int openCount() {
        return environments.size();
    }

    @Override
    public void listScenarios(ListScenariosRequest request, StreamObserver<ListScenariosResponse> reply) {
        answer(reply, () -> {
            Path directory = request.getDirectory().isEmpty() ? SCENARIOS : Path.of(request.getDirectory());
            if (!Files.isDirectory(directory)) {
                throw new InputException("no scenario directory " + directory);
            }
            ListScenariosResponse.Builder out = ListScenariosResponse.newBuilder();
            for (Path file : confFiles(directory)) {
                LoadedScenario loaded = ScenarioLoader.load(file, Map.of());
                out.addScenarios(ScenarioFile.newBuilder().setPath(file.toString())
                        .setName(loaded.scenario().name()).setUsers(loaded.scenario().userCount())
                        .setCells(SystemModel.of(loaded.scenario()).cellCount()));
            }
            return out.build();
        });
    }

    @Override
    public void create(CreateRequest request, StreamObserver<CreateResponse> reply) {
        answer(reply, () -> {
            if (request.getScenarioPath().isEmpty()) {
                throw new InputException("scenario_path is empty: name a scenario file, e.g. "
                        + SCENARIOS.resolve("tiny.conf"));
            }
            LoadedScenario loaded = ScenarioLoader.load(Path.of(request.getScenarioPath()),
                    request.getOverridesMap());
            Engine engine = request.getEngine().isBlank() ? Engine.DIRECT : Engine.parse(request.getEngine(), "engine");
            SystemModel model = SystemModel.of(loaded.scenario());
            if (request.getLayout() == Layout.UNRECOGNIZED) {
                throw new InputException("layout " + request.getLayoutValue() + " is not a layout; allowed: "
                        + Layout.LAYOUT_AGENT_MESSAGES.getNumber() + " (LAYOUT_AGENT_MESSAGES), "
                        + Layout.LAYOUT_PACKED.getNumber() + " (LAYOUT_PACKED), "
                        + Layout.LAYOUT_PACKED_COMPACT.getNumber() + " (LAYOUT_PACKED_COMPACT)");
            }
            SlotStepper stepper = engine.stepper(loaded, request.getSeed());
            String id = "env-" + ids.incrementAndGet();
            environments.put(id, new Environment(stepper, new PolicyCatalog(model), request.getLayout()));
            LOG.info("{}: {} with {} users, seed {}, {} engine, {}", id, loaded.scenario().name(),
                    model.userCount(), request.getSeed(), engine.label(), request.getLayout());
            return CreateResponse.newBuilder().setEnvId(id).setScenarioName(loaded.scenario().name())
                    .setSpaces(Messages.spaces(model, stepper.actionSpace())).build();
        });
    }

    @Override
    public void reset(ResetRequest request, StreamObserver<ResetResponse> reply) {
        answer(reply, () -> {
            Environment env = find(request.getEnvId());
            SlotStepper stepper = env.stepper();
            synchronized (stepper) {
                int episode = request.getNextEpisode() ? stepper.episode() + 1 : request.getEpisode();
                stepper.reset(episode);
                ResetResponse.Builder out = ResetResponse.newBuilder().setEpisode(episode).setSlot(0);
                if (env.packed()) {
                    out.setSlotObservations(
                                    Messages.slotObservations(stepper.packedObservations(), stepper.actionSpace(),
                                            env.compact()))
                            .setDeployment(Messages.slotDeployment(stepper.deployment(), stepper.actionSpace()));
                } else {
                    Messages.addObservations(stepper.observations(), stepper.actionSpace(), stepper.deployment(),
                            out::addObservations);
                }
                for (double g : Messages.globalState(stepper.model(), stepper.state())) {
                    out.addGlobalState(g);
                }
                Messages.addBsLoads(stepper.model(), stepper.deployment(), stepper.state(), out::addBsLoads);
                return out.build();
            }
        });
    }

    @Override
    public void step(StepRequest request, StreamObserver<StepResponse> reply) {
        answer(reply, () -> {
            Environment env = find(request.getEnvId());
            SlotStepper stepper = env.stepper();
            synchronized (stepper) {
                int[] actions = new int[request.getActionsCount()];
                for (int n = 0; n < actions.length; n++) {
                    actions[n] = request.getActions(n);
                }
                SlotRecord record = stepper.step(actions);
                boolean over = stepper.episodeOver();
                StepResponse.Builder out = StepResponse.newBuilder()
                        .setCosts(Messages.costs(record))
                        .setEpisodeOver(over)
                        .setSlot(stepper.slot());
                if (env.packed()) {
                    out.setSlotResults(Messages.slotResults(record, actions.length, env.compact()));
                } else {
                    for (var result : Messages.results(record, actions.length, over)) {
                        out.addResults(result);
                    }
                }
                if (!over) {
                    if (env.packed()) {
                        out.setSlotObservations(Messages.slotObservations(stepper.packedObservations(),
                                stepper.actionSpace(), env.compact()));
                    } else {
                        Messages.addObservations(stepper.observations(), stepper.actionSpace(),
                                stepper.deployment(), out::addObservations);
                    }
                    for (double g : Messages.globalState(stepper.model(), stepper.state())) {
                        out.addGlobalState(g);
                    }
                }
                Messages.addBsLoads(stepper.model(), stepper.deployment(), stepper.latestState(), out::addBsLoads);
                return out.build();
            }
        });
    }

    @Override
    public void policyActions(PolicyActionsRequest request, StreamObserver<PolicyActionsResponse> reply) {
        answer(reply, () -> {
            Environment env = find(request.getEnvId());
            SlotStepper stepper = env.stepper();
            synchronized (stepper) {
                PolicyActionsResponse.Builder out = PolicyActionsResponse.newBuilder();
                for (int action : stepper.actionsOf(env.catalog(), request.getPolicy())) {
                    out.addActions(action);
                }
                return out.build();
            }
        });
    }

    @Override
    public void close(CloseRequest request, StreamObserver<CloseResponse> reply) {
        answer(reply, () -> {
            SlotStepper stepper = find(request.getEnvId()).stepper();
            environments.remove(request.getEnvId());
            synchronized (stepper) {
                stepper.close();
            }
            LOG.info("{}: closed", request.getEnvId());
            return CloseResponse.newBuilder().setClosed(true).build();
        });
    }

    /** Closes every open environment (the actor engine's actor systems); the server is shutting down. */
    public void closeAll() {
        for (String id : List.copyOf(environments.keySet())) {
            Environment env = environments.remove(id);
            if (env != null) {
                synchronized (env.stepper()) {
                    env.stepper().close();
                }
            }
        }
    }

    private Environment find(String id) {
        Environment env = environments.get(id);
        if (env == null) {
            throw Status.NOT_FOUND.withDescription("no environment '" + id + "': create one first (or it was closed)")
                    .asRuntimeException();
        }
        return env;
    }

    private static List<Path> confFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            throw new InputException("cannot list " + directory + ": " + e.getMessage());
        }
    }

    /** Runs a request, turning user errors into INVALID_ARGUMENT and anything else into INTERNAL. */
    private static <T> void answer(StreamObserver<T> reply, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (StatusRuntimeException e) {
            reply.onError(e);
            return;
        } catch (InputException | ConfigurationException e) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            LOG.error("request failed", e);
            reply.onError(Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).asRuntimeException());
            return;
        }
        reply.onNext(result);
        reply.onCompleted();
    }
}
