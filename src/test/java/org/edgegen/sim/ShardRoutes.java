package org.edgegen.sim;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cluster Sharding for scenario tests: the system joins itself as a one-node cluster, and every UserDevice and
 * BaseStation entity forwards each message it gets to whatever actor the test has put in its place (a real
 * actor spawned by the test kit, or a probe). A message for an entity nobody stands in for goes to
 * {@link #unrouted}, which a test expects to stay empty.
 */
final class ShardRoutes {

    private final Map<Integer, ActorRef<UserDevice.Command>> users = new ConcurrentHashMap<>();
    private final Map<Integer, ActorRef<BaseStation.Command>> stations = new ConcurrentHashMap<>();
    final TestProbe<Object> unrouted;

    private ShardRoutes(TestProbe<Object> unrouted) {
        this.unrouted = unrouted;
    }

    /** Joins the test kit's system to itself and registers forwarding entities for both entity types. */
    static ShardRoutes install(ActorTestKit testKit) {
        ActorSystem<Void> system = testKit.system();
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        ShardRoutes routes = new ShardRoutes(testKit.createTestProbe());
        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(UserDevice.TYPE_KEY, entity -> forwarding(UserDevice.Command.class,
                Integer.parseInt(entity.getEntityId()), routes.users, routes.unrouted.ref())));
        sharding.init(Entity.of(BaseStation.TYPE_KEY, entity -> forwarding(BaseStation.Command.class,
                Integer.parseInt(entity.getEntityId()), routes.stations, routes.unrouted.ref())));
        return routes;
    }

    private static <T> Behavior<T> forwarding(Class<T> type, int entityId, Map<Integer, ActorRef<T>> targets,
            ActorRef<Object> unrouted) {
        return Behaviors.receive(type).onAnyMessage(message -> {
            ActorRef<T> target = targets.get(entityId);
            if (target == null) {
                unrouted.tell(message);
            } else {
                target.tell(message);
            }
            return Behaviors.same();
        }).build();
    }

    void user(int userId, ActorRef<UserDevice.Command> target) {
        users.put(userId, target);
    }

    void station(int bs, ActorRef<BaseStation.Command> target) {
        stations.put(bs, target);
    }

    void clear() {
        users.clear();
        stations.clear();
    }
}
