package dqa.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/** Layers run one way: app → eval → attack → train → nn → data → run; no JavaFX below app. */
class LayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dqa");

  @Test
  void layersRunOneWay() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("main").definedBy("dqa")
        .layer("app").definedBy("dqa.app..")
        .layer("cli").definedBy("dqa.cli..")
        .layer("eval").definedBy("dqa.eval..")
        .layer("attack").definedBy("dqa.attack..")
        .layer("train").definedBy("dqa.train..")
        .layer("nn").definedBy("dqa.nn..")
        .layer("data").definedBy("dqa.data..")
        .layer("run").definedBy("dqa.run..")
        .whereLayer("main").mayNotBeAccessedByAnyLayer()
        .whereLayer("app").mayOnlyBeAccessedByLayers("main")
        .whereLayer("cli").mayOnlyBeAccessedByLayers("main")
        .whereLayer("eval").mayOnlyBeAccessedByLayers("main", "app", "cli")
        .whereLayer("attack").mayOnlyBeAccessedByLayers("main", "app", "cli", "eval")
        .whereLayer("train").mayOnlyBeAccessedByLayers("main", "app", "cli", "eval", "attack")
        .whereLayer("nn").mayOnlyBeAccessedByLayers("main", "app", "cli", "eval", "attack", "train")
        .whereLayer("data").mayOnlyBeAccessedByLayers("main", "app", "cli", "eval", "attack", "train", "nn")
        .check(CLASSES);
  }

  @Test
  void noJavaFxBelowTheApp() {
    noClasses()
        .that().resideOutsideOfPackages("dqa.app..")
        .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.jfree.chart.fx..")
        .check(CLASSES);
  }

  @Test
  void noEngineArraysInTheApp() {
    noClasses()
        .that().resideInAPackage("dqa.app..")
        .should().dependOnClassesThat().resideInAnyPackage("ai.djl.ndarray..")
        .check(CLASSES);
  }

  @Test
  void noCycles() {
    SlicesRuleDefinition.slices().matching("dqa.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
