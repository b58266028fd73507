package org.edgegen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.topology.Point;
import org.junit.jupiter.api.Test;

class DecentralisedPolicyTest {

    private static final UserSite USER = new UserSite(0, new Point(0, 0), 4, List.of(4, 0, 3), 0.4);

    @Test
    void aCandidateIndexMapsToThatCandidatesBs() {
        assertThat(Decisions.of(Action.offload(0, 20), USER)).isEqualTo(Decision.offload(4, 20));
        assertThat(Decisions.of(Action.offload(2, 20), USER)).isEqualTo(Decision.offload(3, 20));
        assertThat(Decisions.of(Action.local(10), USER)).isEqualTo(Decision.local(10));
    }

    @Test
    void aCandidateIndexBeyondTheCandidatesIsInvalid() {
        assertThat(Decisions.of(Action.offload(3, 20), USER)).isEqualTo(Decision.invalid(20));
        assertThat(Decisions.of(Action.offload(-1, 20), USER)).isEqualTo(Decision.invalid(20));
    }

    @Test
    void usersWithoutATaskTakeNoActionAndTheOthersFollowThePolicy() {
        SystemModel model = SystemModel.of(Scenarios.defaults());
        Deployment deployment = Deployment.draw(model, 8L, 0);
        SlotDraws draws = SlotDraws.draw(model, deployment, 8L, 0, 0);
        PolicyCatalog catalog = new PolicyCatalog(model);
        Decision[] decisions = catalog.require("all-home-25")
                .decide(new SlotContext(deployment, SlotState.initial(20, 7), draws));
        assertThat(decisions).hasSize(20);
        for (int n = 0; n < 20; n++) {
            Decision expected = draws.hasTask(n) ? Decision.offload(deployment.user(n).homeBs(), 25) : Decision.NONE;
            assertThat(decisions[n]).as("user %d", n).isEqualTo(expected);
        }
    }

    @Test
    void theSameSlotGivesTheSameRandomDecisions() {
        SystemModel model = SystemModel.of(Scenarios.defaults());
        Deployment deployment = Deployment.draw(model, 8L, 0);
        SlotContext context = new SlotContext(deployment, SlotState.initial(20, 7),
                SlotDraws.draw(model, deployment, 8L, 0, 1));
        JointPolicy random = new PolicyCatalog(model).require("random");
        assertThat(random.decide(context)).isEqualTo(random.decide(context));
    }
}
