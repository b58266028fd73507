package org.edgegen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;

/**
 * Keeps the layers of docs/architecture.md pointing downwards: cli and serve (the gRPC bridge, a thin adapter like
 * cli), experiment, app, report, then learn and sim side
 * by side (neither imports the other), training (the contracts both speak), cluster, config, policy, model. Layers
 * that have no classes yet are allowed, so the rules hold while the code base grows. {@code experiment} (suites) sits
 * above {@code app}: a suite is made of training runs and lineups, and nothing in {@code app} may know about suites.
 */
@AnalyzeClasses(packages = "org.edgegen", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String CLI = "org.edgegen.cli..";
  private static final String SERVE = "org.edgegen.serve..";
  private static final String EXPERIMENT = "org.edgegen.experiment..";
  private static final String APP = "org.edgegen.app..";
  private static final String REPORT = "org.edgegen.report..";
  private static final String LEARN = "org.edgegen.learn..";
  private static final String SIM = "org.edgegen.sim..";
  private static final String TRAINING = "org.edgegen.training..";
  private static final String CLUSTER = "org.edgegen.cluster..";
  private static final String CONFIG = "org.edgegen.config..";
  private static final String POLICY = "org.edgegen.policy..";
  private static final String MODEL = "org.edgegen.model..";

  @ArchTest
  static final ArchRule layers_point_downwards =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .withOptionalLayers(true)
          .layer("cli").definedBy(CLI)
          .layer("serve").definedBy(SERVE)
          .layer("experiment").definedBy(EXPERIMENT)
          .layer("app").definedBy(APP)
          .layer("report").definedBy(REPORT)
          .layer("learn").definedBy(LEARN)
          .layer("sim").definedBy(SIM)
          .layer("training").definedBy(TRAINING)
          .layer("cluster").definedBy(CLUSTER)
          .layer("config").definedBy(CONFIG)
          .layer("policy").definedBy(POLICY)
          .layer("model").definedBy(MODEL)
          .whereLayer("cli").mayNotBeAccessedByAnyLayer()
          .whereLayer("serve").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("experiment").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("app").mayOnlyBeAccessedByLayers("cli", "serve", "experiment")
          .whereLayer("report").mayOnlyBeAccessedByLayers("cli", "serve", "experiment", "app")
          .whereLayer("learn").mayOnlyBeAccessedByLayers("cli", "serve", "experiment", "app")
          .whereLayer("sim").mayOnlyBeAccessedByLayers("cli", "experiment", "app")
          .whereLayer("training").mayOnlyBeAccessedByLayers("cli", "experiment", "app", "report", "learn", "sim")
          .whereLayer("cluster").mayOnlyBeAccessedByLayers("cli", "experiment", "app", "sim", "training")
          .whereLayer("config")
          .mayOnlyBeAccessedByLayers("cli", "serve", "experiment", "app", "report", "learn", "sim", "training",
              "cluster")
          .whereLayer("policy")
          .mayOnlyBeAccessedByLayers("cli", "serve", "experiment", "app", "report", "learn", "sim", "training",
              "cluster", "config")
          .whereLayer("model")
          .mayOnlyBeAccessedByLayers("cli", "serve", "experiment", "app", "report", "learn", "sim", "training",
              "cluster", "config", "policy");

  /** learn and sim are siblings: they meet only in the training contracts, never import each other. */
  @ArchTest
  static final ArchRule learn_and_sim_do_not_import_each_other =
      noClasses()
          .that().resideInAPackage(LEARN)
          .should().dependOnClassesThat().resideInAPackage(SIM)
          .allowEmptyShould(true)
          .because("the trainer, experience and listener contracts live in training");

  @ArchTest
  static final ArchRule sim_does_not_import_learn =
      noClasses()
          .that().resideInAPackage(SIM)
          .should().dependOnClassesThat().resideInAPackage(LEARN)
          .allowEmptyShould(true);

  /** report writes TensorBoard curves through training.CurveWriter, which learn implements. */
  @ArchTest
  static final ArchRule report_does_not_import_learn =
      noClasses()
          .that().resideInAPackage(REPORT)
          .should().dependOnClassesThat().resideInAPackage(LEARN)
          .allowEmptyShould(true);

  /** cluster knows no actor of sim: sim hands it the behaviours to start. */
  @ArchTest
  static final ArchRule cluster_does_not_import_sim =
      noClasses()
          .that().resideInAPackage(CLUSTER)
          .should().dependOnClassesThat().resideInAnyPackage(SIM, LEARN, TRAINING)
          .allowEmptyShould(true);

  /** The training contracts are plain Java: no Akka, no TensorFlow. */
  @ArchTest
  static final ArchRule training_contracts_are_plain_java =
      noClasses()
          .that().resideInAPackage(TRAINING)
          .should().dependOnClassesThat().resideInAnyPackage("akka..", "org.tensorflow..")
          .allowEmptyShould(true);

  /** A suite trains and plays only through app (TrainingRun, PolicyLineup), so it has one resume rule and lineup. */
  @ArchTest
  static final ArchRule experiment_trains_and_plays_through_app =
      noClasses()
          .that().resideInAPackage(EXPERIMENT)
          .should().dependOnClassesThat().resideInAnyPackage(LEARN, SIM)
          .allowEmptyShould(true);

  /** model and policy are plain Java: no Akka, no TensorFlow, no config library, no file I/O. */
  @ArchTest
  static final ArchRule model_and_policy_are_plain_java =
      noClasses()
          .that().resideInAnyPackage(MODEL, POLICY)
          .should().dependOnClassesThat()
          .resideInAnyPackage("akka..", "org.tensorflow..", "com.typesafe.config..", "java.nio.file..")
          .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.File.*")
          .allowEmptyShould(true);

  /** model and policy never read a clock: results must not depend on wall-clock time. */
  @ArchTest
  static final ArchRule model_and_policy_read_no_clock =
      noClasses()
          .that().resideInAnyPackage(MODEL, POLICY)
          .should().dependOnClassesThat().belongToAnyOf(Clock.class)
          .orShould().callMethod(System.class, "currentTimeMillis")
          .orShould().callMethod(System.class, "nanoTime")
          .orShould().callMethodWhere(DescribedPredicate.describe(
              "a java.time now() method",
              (JavaMethodCall call) -> call.getTargetOwner().getPackageName().equals("java.time")
                  && call.getName().equals("now")))
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule only_learn_uses_tensorflow =
      noClasses()
          .that().resideOutsideOfPackage(LEARN)
          .should().dependOnClassesThat().resideInAPackage("org.tensorflow..")
          .allowEmptyShould(true);

  /** Akka lives in sim and cluster; cli may use it to start a node's ActorSystem. */
  @ArchTest
  static final ArchRule only_sim_cluster_and_cli_use_akka =
      noClasses()
          .that().resideOutsideOfPackages(SIM, CLUSTER, CLI)
          .should().dependOnClassesThat().resideInAPackage("akka..")
          .allowEmptyShould(true);
}
