package dev.assay.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules themselves, on fixtures under {@code dev.assay.archfixture}: a rule that cannot
 * fail proves nothing, so each is shown failing on a deliberate cycle or an upward use, and passing once
 * that is gone.
 */
class LayersRuleTest {
  private static final String CYCLE = "dev.assay.archfixture.cycle";
  private static final String LAYERS = "dev.assay.archfixture.layers";

  @Test
  void aDeliberateCycleFails() {
    JavaClasses fixture = new ClassFileImporter().importPackages(CYCLE);
    Layers layers = new Layers(CYCLE, List.of(List.of("a", "b")));
    var result = layers.noCycles().evaluate(fixture);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString()).contains("Cycle detected", "a.A", "b.B");
  }

  @Test
  void aLowerTierUsingAHigherOneFails() {
    JavaClasses fixture = new ClassFileImporter().importPackages(LAYERS);
    Layers layers = new Layers(LAYERS, List.of(List.of("high"), List.of("low")));
    var results = layers.onlyDownward().stream().map(r -> r.evaluate(fixture)).toList();
    assertThat(results).anySatisfy(r -> {
      assertThat(r.hasViolation()).isTrue();
      assertThat(r.getFailureReport().toString()).contains("low.Low", "high.High");
    });
  }

  @Test
  void theSameFixtureReadTheOtherWayPasses() {
    // With the tiers swapped the upward use becomes a downward one: the rule is about direction.
    JavaClasses fixture = new ClassFileImporter().importPackages(LAYERS);
    Layers layers = new Layers(LAYERS, List.of(List.of("low"), List.of("high")));
    assertThat(layers.onlyDownward()).allSatisfy(r -> assertThat(r.evaluate(fixture).hasViolation()).isFalse());
    assertThat(layers.noCycles().evaluate(fixture).hasViolation()).isFalse();
  }
}
