package dev.assay.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The library's compiled classes keep the layers of {@link Layers#assay()} and have no package cycle. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.assay");
  }

  @Test
  void everyLibraryPackageIsImported() {
    // Guards the rules below against passing on nothing: each tier's packages must hold classes.
    List<String> packages = classes.stream().map(c -> c.getPackageName()).distinct().toList();
    assertThat(packages).contains("dev.assay.usecase", "dev.assay.run", "dev.assay.evaluation",
        "dev.assay.ledger", "dev.assay.model", "dev.assay.gpu", "dev.assay.metrics", "dev.assay.errors");
  }

  @Test
  void noPackageCycles() {
    assertNoViolation(Layers.assay().noCycles());
  }

  @Test
  void layersOnlyPointDown() {
    Layers.assay().onlyDownward().forEach(ArchitectureTest::assertNoViolation);
  }

  /**
   * Metric definitions, specs and versions stay checkable without a cluster, and the packaged scorer runs where
   * there is none: no Spark, Hadoop or Scala types.
   */
  @Test
  void pureJavaPackagesUseNoSpark() {
    assertNoViolation(noClasses().that()
        .resideInAnyPackage("dev.assay.metrics..", "dev.assay.spec..", "dev.assay.version..", "dev.assay.errors..",
            "dev.assay.scorer..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala.."));
  }

  private static void assertNoViolation(ArchRule rule) {
    EvaluationResult result = rule.evaluate(classes);
    assertThat(result.getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
  }
}
