package org.edgegen.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.report.RunMetrics;
import org.edgegen.serve.grpc.AgentObservation;
import org.edgegen.serve.grpc.AgentResult;
import org.edgegen.serve.grpc.CloseRequest;
import org.edgegen.serve.grpc.CreateRequest;
import org.edgegen.serve.grpc.CreateResponse;
import org.edgegen.serve.grpc.EnvironmentsGrpc;
import org.edgegen.serve.grpc.EnvironmentsGrpc.EnvironmentsBlockingStub;
import org.edgegen.serve.grpc.Layout;
import org.edgegen.serve.grpc.ListScenariosRequest;
import org.edgegen.serve.grpc.PolicyActionsRequest;
import org.edgegen.serve.grpc.ResetRequest;
import org.edgegen.serve.grpc.ResetResponse;
import org.edgegen.serve.grpc.SlotObservations;
import org.edgegen.serve.grpc.SlotResults;
import org.edgegen.serve.grpc.StepRequest;
import org.edgegen.serve.grpc.StepResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvironmentServiceTest {

    private static final String TINY = "conf/scenarios/tiny.conf";

    private Server server;
    private ManagedChannel channel;
    private EnvironmentsBlockingStub client;

    @BeforeEach
    void startInProcess() throws IOException {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(new EnvironmentService()).build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        client = EnvironmentsGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private CreateResponse create(String scenario, long seed, Map<String, String> overrides) {
        return client.create(CreateRequest.newBuilder().setScenarioPath(scenario).setSeed(seed)
                .putAllOverrides(overrides).build());
    }

    private static StepRequest allLocal(String env, int users, int localAction) {
        StepRequest.Builder step = StepRequest.newBuilder().setEnvId(env);
        for (int n = 0; n < users; n++) {
            step.addActions(localAction);
        }
        return step.build();
    }

    @Test
    void theShippedScenariosAreListedWithTheirSizes() {
        var scenarios = client.listScenarios(ListScenariosRequest.getDefaultInstance()).getScenariosList();

        assertThat(scenarios).anySatisfy(s -> {
            assertThat(s.getPath()).endsWith("tiny.conf");
            assertThat(s.getName()).isEqualTo("tiny");
            assertThat(s.getUsers()).isEqualTo(4);
            assertThat(s.getCells()).isEqualTo(2);
        });
    }

    @Test
    void createResetStepAndCloseAnEpisodeOfTheTinyScenario() {
        CreateResponse created = create(TINY, 3, Map.of("edgegen.time.slots-per-episode", "3"));
        String env = created.getEnvId();
        var spaces = created.getSpaces();
        assertThat(spaces.getUsers()).isEqualTo(4);
        assertThat(spaces.getFeatureCount()).isEqualTo(42);
        assertThat(spaces.getActionCount()).isEqualTo(48);
        assertThat(spaces.getFeatureNamesList()).hasSize(42).startsWith("input_bits");
        assertThat(spaces.getSlotsPerEpisode()).isEqualTo(3);

        ResetResponse reset = client.reset(ResetRequest.newBuilder().setEnvId(env).build());
        assertThat(reset.getObservationsList()).hasSize(4);
        AgentObservation first = reset.getObservations(0);
        assertThat(first.getFeaturesList()).hasSize(42);
        assertThat(first.getActionMaskList()).hasSize(48);
        assertThat(first.getServerMaskList()).containsExactly(true, true, false, false, false, false, false);
        assertThat(reset.getGlobalStateList()).hasSize(6);

        StepResponse step = null;
        for (int slot = 0; slot < 3; slot++) {
            step = client.step(allLocal(env, 4, 0));
            assertThat(step.getResultsList()).hasSize(4);
            assertThat(step.getCosts().getSlot()).isEqualTo(slot);
            assertThat(step.getCosts().getLocal()).isEqualTo(step.getCosts().getActiveUsers());
        }
        assertThat(step.getEpisodeOver()).isTrue();
        assertThat(step.getResultsList()).allSatisfy(r -> assertThat(r.getTruncated()).isTrue());
        assertThat(step.getObservationsList()).isEmpty();

        assertThat(client.close(CloseRequest.newBuilder().setEnvId(env).build()).getClosed()).isTrue();
        StatusRuntimeException gone = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.step(allLocal(env, 4, 0)));
        assertThat(gone.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void everyBsLoadIsSentInTheModelsUnitsWithTheUsersHomesAndTheTasksThatArrived() {
        CreateResponse created = create(TINY, 5, Map.of("edgegen.time.slots-per-episode", "2"));
        String env = created.getEnvId();
        ResetResponse reset = client.reset(ResetRequest.newBuilder().setEnvId(env).build());
        assertThat(reset.getBsLoadsList()).hasSize(2).allSatisfy(b -> {
            assertThat(b.getBacklogImageSteps()).isZero();
            assertThat(b.getLastArrivals()).isZero();
        });
        assertThat(reset.getBsLoadsList().stream().mapToInt(b -> b.getHomeUsers()).sum()).isEqualTo(4);
        reset.getObservationsList().forEach(o -> assertThat(o.getCandidatesList()).startsWith(o.getHomeBs()));

        StepResponse step = client.step(allLocal(env, 4, 1));  // every task to its home BS with the fewest steps
        StepResponse last = client.step(allLocal(env, 4, 1));

        for (StepResponse response : List.of(step, last)) {
            assertThat(response.getBsLoadsList()).hasSize(2).allSatisfy(b -> {
                long arrived = response.getResultsList().stream()
                        .filter(r -> r.getHadTask() && r.getServerBs() == b.getBs()).count();
                assertThat(b.getLastArrivals()).isEqualTo(arrived);
                assertThat(b.getWaitSeconds() * b.getThroughputImageStepsPerSecond())
                        .isCloseTo(b.getBacklogImageSteps(), org.assertj.core.data.Offset.offset(1e-9));
            });
        }
        long tasks = step.getResultsList().stream().filter(r -> r.getHadTask()).count();
        assertThat(tasks).isPositive();
        assertThat(step.getBsLoadsList().stream().mapToInt(b -> b.getLastArrivals()).sum()).isEqualTo(tasks);
        assertThat(last.getEpisodeOver()).isTrue();
    }

    @Test
    void anEnvironmentOnTheActorEngineGivesTheDirectEnginesSlotCostsAndClosesItsActorSystem() {
        Map<String, String> overrides = Map.of("edgegen.time.slots-per-episode", "4");
        SystemModel model = SystemModel.of(ScenarioLoader.load(java.nio.file.Path.of(TINY), overrides).scenario());
        List<SlotRecord> direct = new EpisodeLoop(model).play(new PolicyCatalog(model).require("greedy-local"), 2, 0);

        String env = client.create(CreateRequest.newBuilder().setScenarioPath(TINY).setSeed(2).setEngine("actors")
                .putAllOverrides(overrides).build()).getEnvId();
        client.reset(ResetRequest.newBuilder().setEnvId(env).setEpisode(0).build());
        for (int slot = 0; slot < 4; slot++) {
            var actions = client.policyActions(PolicyActionsRequest.newBuilder().setEnvId(env)
                    .setPolicy("greedy-local").build()).getActionsList();
            StepResponse response = client.step(StepRequest.newBuilder().setEnvId(env).addAllActions(actions).build());
            assertThat(response.getCosts()).isEqualTo(Messages.costs(direct.get(slot)));
            assertThat(response.getResultsList()).isEqualTo(List.of(Messages.results(direct.get(slot), 4,
                    slot == 3)));
        }
        assertThat(client.close(CloseRequest.newBuilder().setEnvId(env).build()).getClosed()).isTrue();
    }

    @Test
    void anUnknownEngineIsAnInvalidArgumentNamingTheEngines() {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.create(CreateRequest.newBuilder().setScenarioPath(TINY).setEngine("gpu").build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).isEqualTo("engine 'gpu' is not an engine; allowed: "
                + "actors, direct");
    }

    @Test
    void thePackedLayoutCarriesEveryAgentMessagesValuesInUserOrder() {
        packedEqualsPerAgent(Map.of("edgegen.time.slots-per-episode", "4", "edgegen.users.count", "9"));
    }

    @Test
    void thePackedLayoutCarriesTheFinishTimeFeaturesToo() {
        packedEqualsPerAgent(Map.of("edgegen.time.slots-per-episode", "4", "edgegen.users.count", "9",
                "edgegen.mdp.finish-features", "on"));
    }

    private void packedEqualsPerAgent(Map<String, String> overrides) {
        packedEqualsPerAgent(overrides, Layout.LAYOUT_PACKED);
        packedEqualsPerAgent(overrides, Layout.LAYOUT_PACKED_COMPACT);
    }

    private void packedEqualsPerAgent(Map<String, String> overrides, Layout layout) {
        String agents = create(TINY, 5, overrides).getEnvId();
        CreateResponse created = client.create(CreateRequest.newBuilder().setScenarioPath(TINY).setSeed(5)
                .putAllOverrides(overrides).setLayout(layout).build());
        boolean compact = layout == Layout.LAYOUT_PACKED_COMPACT;
        String packed = created.getEnvId();
        int maxCandidates = created.getSpaces().getMaxCandidates();

        ResetResponse resetAgents = client.reset(ResetRequest.newBuilder().setEnvId(agents).setEpisode(2).build());
        ResetResponse resetPacked = client.reset(ResetRequest.newBuilder().setEnvId(packed).setEpisode(2).build());
        assertThat(resetPacked.getObservationsList()).isEmpty();
        assertThat(resetPacked.getGlobalStateList()).isEqualTo(resetAgents.getGlobalStateList());
        assertSameObservations(resetAgents.getObservationsList(), resetPacked.getSlotObservations(), created,
                compact);
        for (int n = 0; n < 9; n++) {
            AgentObservation o = resetAgents.getObservations(n);
            assertThat(resetPacked.getDeployment().getHomeBs(n)).isEqualTo(o.getHomeBs());
            List<Integer> candidates = new ArrayList<>(o.getCandidatesList());
            while (candidates.size() < maxCandidates) {
                candidates.add(-1);
            }
            assertThat(resetPacked.getDeployment().getCandidatesList().subList(n * maxCandidates,
                    (n + 1) * maxCandidates)).isEqualTo(candidates);
        }

        // every user plays its last valid action: offloading where it can, so that paths, servers and flags vary
        List<AgentObservation> observations = resetAgents.getObservationsList();
        int tasks = 0;
        for (int slot = 0; slot < 4; slot++) {
            StepRequest.Builder a = StepRequest.newBuilder().setEnvId(agents);
            StepRequest.Builder p = StepRequest.newBuilder().setEnvId(packed);
            for (AgentObservation o : observations) {
                int action = o.getActionMaskList().lastIndexOf(true);
                a.addActions(action);
                p.addActions(action);
            }
            StepResponse stepAgents = client.step(a.build());
            StepResponse stepPacked = client.step(p.build());
            assertThat(stepPacked.getResultsList()).isEmpty();
            assertThat(stepPacked.getCosts()).isEqualTo(stepAgents.getCosts());
            assertThat(stepPacked.getBsLoadsList()).isEqualTo(stepAgents.getBsLoadsList());
            SlotResults results = stepPacked.getSlotResults();
            assertThat(results.getHadTaskCount()).isEqualTo(9);
            // LAYOUT_PACKED_COMPACT: the columns other than had_task hold the users with a task only
            int k = -1;
            for (int n = 0; n < 9; n++) {
                AgentResult r = stepAgents.getResults(n);
                if (!compact) {
                    k = n;
                } else if (results.getHadTask(n)) {
                    k++;
                } else {
                    assertThat(r).isEqualTo(AgentResult.newBuilder().setUser(n)
                            .setTruncated(stepPacked.getEpisodeOver()).setServerBs(-1).build());
                    continue;
                }
                assertThat(r.getTruncated()).isEqualTo(stepPacked.getEpisodeOver());
                assertThat(r.getTerminated()).isFalse();
                AgentResult fromPacked = AgentResult.newBuilder().setUser(n).setHadTask(results.getHadTask(n))
                        .setReward(results.getReward(k)).setTruncated(stepPacked.getEpisodeOver())
                        .setPath(results.getPathNames(results.getPath(k))).setServerBs(results.getServerBs(k))
                        .setSteps(results.getSteps(k)).setDelaySeconds(results.getDelaySeconds(k))
                        .setEnergyJoules(results.getEnergyJoules(k)).setError(results.getError(k))
                        .setCost(results.getCost(k)).setPenalty(results.getPenalty(k))
                        .setDeadlineViolated(results.getDeadlineViolated(k))
                        .setQualityViolated(results.getQualityViolated(k)).setDropped(results.getDropped(k))
                        .setInvalid(results.getInvalid(k)).build();
                assertThat(fromPacked).isEqualTo(r);
                tasks += r.getHadTask() ? 1 : 0;
            }
            assertThat(results.getRewardCount()).isEqualTo(compact ? k + 1 : 9);
            assertThat(results.getInvalidCount()).isEqualTo(results.getRewardCount());
            if (!stepAgents.getEpisodeOver()) {
                assertSameObservations(stepAgents.getObservationsList(), stepPacked.getSlotObservations(), created,
                        compact);
            } else {
                assertThat(stepPacked.hasSlotObservations()).isFalse();
            }
            observations = stepAgents.getObservationsList();
        }
        assertThat(tasks).isPositive();
    }

    private static void assertSameObservations(List<AgentObservation> agents, SlotObservations packed,
            CreateResponse created, boolean compact) {
        var spaces = created.getSpaces();
        int features = spaces.getFeatureCount();
        int actions = spaces.getActionCount();
        int candidates = spaces.getMaxCandidates();
        int steps = spaces.getStepChoicesCount();
        FloatBuffer featureBlock = packed.getFeatures().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        assertThat(featureBlock.remaining()).isEqualTo(agents.size() * features);
        for (int n = 0; n < agents.size(); n++) {
            AgentObservation o = agents.get(n);
            assertThat(packed.getHasTask(n)).isEqualTo(o.getHasTask());
            assertThat(packed.getMinSteps(n)).isEqualTo(o.getMinSteps());
            for (int i = 0; i < features; i++) {
                assertThat(featureBlock.get(n * features + i)).isEqualTo((float) o.getFeatures(i));
            }
        }
        if (compact) {
            // the distinct rows: each user's row holds its four masks, and no row is sent twice
            assertThat(packed.getActionMask().isEmpty() && packed.getOffloadMask().isEmpty()
                    && packed.getServerMask().isEmpty() && packed.getStepsMask().isEmpty()).isTrue();
            int width = actions + 2 + candidates + steps;
            byte[] rows = packed.getMaskRows().toByteArray();
            assertThat(rows.length % width).isZero();
            assertThat(packed.getMaskRowCount()).isEqualTo(agents.size());
            Set<List<Boolean>> distinct = new HashSet<>();
            for (int r = 0; r < rows.length / width; r++) {
                assertThat(distinct.add(bits(rows, r, width))).as("row %d sent once", r).isTrue();
            }
            for (int n = 0; n < agents.size(); n++) {
                AgentObservation o = agents.get(n);
                List<Boolean> row = bits(rows, packed.getMaskRow(n), width);
                assertThat(row.subList(0, actions)).isEqualTo(o.getActionMaskList());
                assertThat(row.subList(actions, actions + 2)).isEqualTo(o.getOffloadMaskList());
                assertThat(row.subList(actions + 2, actions + 2 + candidates)).isEqualTo(o.getServerMaskList());
                assertThat(row.subList(actions + 2 + candidates, width)).isEqualTo(o.getStepsMaskList());
            }
            return;
        }
        assertThat(packed.getMaskRowCount()).isZero();
        assertThat(packed.getMaskRows().isEmpty()).isTrue();
        byte[] actionMask = packed.getActionMask().toByteArray();
        byte[] offloadMask = packed.getOffloadMask().toByteArray();
        byte[] serverMask = packed.getServerMask().toByteArray();
        byte[] stepsMask = packed.getStepsMask().toByteArray();
        assertThat(actionMask).hasSize(agents.size() * actions);
        assertThat(offloadMask).hasSize(agents.size() * 2);
        assertThat(serverMask).hasSize(agents.size() * candidates);
        assertThat(stepsMask).hasSize(agents.size() * steps);
        for (int n = 0; n < agents.size(); n++) {
            AgentObservation o = agents.get(n);
            assertThat(bits(actionMask, n, actions)).isEqualTo(o.getActionMaskList());
            assertThat(bits(offloadMask, n, 2)).isEqualTo(o.getOffloadMaskList());
            assertThat(bits(serverMask, n, candidates)).isEqualTo(o.getServerMaskList());
            assertThat(bits(stepsMask, n, steps)).isEqualTo(o.getStepsMaskList());
        }
    }

    /** Row {@code n} of a packed mask of {@code width} bytes per user, as booleans. */
    private static List<Boolean> bits(byte[] mask, int n, int width) {
        List<Boolean> row = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            byte b = mask[n * width + i];
            assertThat(b).isIn((byte) 0, (byte) 1);
            row.add(b == 1);
        }
        return row;
    }

    @Test
    void anUnknownLayoutIsAnInvalidArgumentNamingTheLayouts() {
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.create(CreateRequest.newBuilder().setScenarioPath(TINY).setLayoutValue(7).build()));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription())
                .isEqualTo("layout 7 is not a layout; allowed: 0 (LAYOUT_AGENT_MESSAGES), 1 (LAYOUT_PACKED), "
                        + "2 (LAYOUT_PACKED_COMPACT)");
    }

    @Test
    void theSlotCostsEqualTheDirectEngineForTheSameActions() {
        Map<String, String> overrides = Map.of("edgegen.time.slots-per-episode", "8");
        SystemModel model = SystemModel.of(ScenarioLoader.load(java.nio.file.Path.of(TINY), overrides).scenario());
        List<SlotRecord> direct = new EpisodeLoop(model).play(new PolicyCatalog(model).require("all-local"), 11, 1);

        CreateResponse created = create(TINY, 11, overrides);
        String env = created.getEnvId();
        List<Integer> stepChoices = created.getSpaces().getStepChoicesList();
        int places = 1 + created.getSpaces().getMaxCandidates();
        List<AgentObservation> observations = client.reset(ResetRequest.newBuilder().setEnvId(env).setEpisode(1)
                .build()).getObservationsList();
        List<Double> bridged = new ArrayList<>();
        for (int slot = 0; slot < 8; slot++) {
            // all-local: local with c^min_n steps
            StepRequest.Builder step = StepRequest.newBuilder().setEnvId(env);
            observations.forEach(o -> step.addActions(stepChoices.indexOf(o.getMinSteps()) * places));
            StepResponse response = client.step(step.build());
            bridged.add(response.getCosts().getMeanCost());
            observations = response.getObservationsList();
        }

        assertThat(bridged).containsExactlyElementsOf(direct.stream()
                .map(r -> RunMetrics.slotRow(r).stats().meanCost()).toList());
    }

    @Test
    void aBaselinesActionsTakenFromTheServerReproduceItsDirectRunToTheLastDigit() {
        Map<String, String> overrides = Map.of("edgegen.time.slots-per-episode", "10");
        SystemModel model = SystemModel.of(ScenarioLoader.load(java.nio.file.Path.of(TINY), overrides).scenario());
        for (String policy : List.of("greedy-local", "central-greedy")) {
            List<SlotRecord> direct = new EpisodeLoop(model).play(new PolicyCatalog(model).require(policy), 5, 0);

            String env = create(TINY, 5, overrides).getEnvId();
            client.reset(ResetRequest.newBuilder().setEnvId(env).build());
            List<Double> bridged = new ArrayList<>();
            for (int slot = 0; slot < 10; slot++) {
                var actions = client.policyActions(PolicyActionsRequest.newBuilder().setEnvId(env).setPolicy(policy)
                        .build()).getActionsList();
                bridged.add(client.step(StepRequest.newBuilder().setEnvId(env).addAllActions(actions).build())
                        .getCosts().getMeanCost());
            }

            assertThat(bridged).as(policy).containsExactlyElementsOf(direct.stream()
                    .map(r -> RunMetrics.slotRow(r).stats().meanCost()).toList());
        }
    }

    @Test
    void anUnknownPolicyIsAnInvalidArgumentListingTheBaselines() {
        String env = create(TINY, 1, Map.of()).getEnvId();
        client.reset(ResetRequest.newBuilder().setEnvId(env).build());

        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, () -> client.policyActions(
                PolicyActionsRequest.newBuilder().setEnvId(env).setPolicy("clever").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains("clever").contains("greedy-local");
    }

    @Test
    void twoEnvironmentsAtOnceKeepTheirOwnEpisodes() {
        String a = create(TINY, 1, Map.of()).getEnvId();
        String b = create(TINY, 2, Map.of()).getEnvId();
        assertThat(a).isNotEqualTo(b);

        ResetResponse resetA = client.reset(ResetRequest.newBuilder().setEnvId(a).build());
        ResetResponse resetB = client.reset(ResetRequest.newBuilder().setEnvId(b).build());
        client.step(allLocal(a, 4, 0));
        client.step(allLocal(a, 4, 0));
        StepResponse stepB = client.step(allLocal(b, 4, 0));

        assertThat(stepB.getSlot()).isEqualTo(1);
        assertThat(resetA.getObservationsList()).isNotEqualTo(resetB.getObservationsList());
        ResetResponse again = client.reset(ResetRequest.newBuilder().setEnvId(a).build());
        assertThat(again.getObservationsList()).isEqualTo(resetA.getObservationsList());
    }

    @Test
    void badRequestsAreOneLineGrpcErrorsAndTheServerGoesOn() {
        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
                () -> create("no/such/file.conf", 1, Map.of()));
        StatusRuntimeException typo = catchThrowableOfType(StatusRuntimeException.class,
                () -> create(TINY, 1, Map.of("edgegen.task.arival-probability", "0.5")));
        StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.reset(ResetRequest.newBuilder().setEnvId("env-99").build()));

        String env = create(TINY, 1, Map.of()).getEnvId();
        StatusRuntimeException beforeReset = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.step(allLocal(env, 4, 0)));
        client.reset(ResetRequest.newBuilder().setEnvId(env).build());
        StatusRuntimeException tooFew = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.step(allLocal(env, 3, 0)));
        StatusRuntimeException outOfRange = catchThrowableOfType(StatusRuntimeException.class,
                () -> client.step(allLocal(env, 4, 48)));

        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(missing.getStatus().getDescription()).doesNotContain("\n").contains("no/such/file.conf");
        assertThat(typo.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(typo.getStatus().getDescription()).contains("edgegen.task.arival-probability");
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(beforeReset.getStatus().getDescription()).contains("reset it first");
        assertThat(tooFew.getStatus().getDescription()).contains("3 actions for 4 users");
        assertThat(outOfRange.getStatus().getDescription()).contains("allowed 0..47");
        assertThat(client.step(allLocal(env, 4, 0)).getResultsList()).hasSize(4);
    }
}
