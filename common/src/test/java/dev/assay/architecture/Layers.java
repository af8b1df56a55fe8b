package dev.assay.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture as rules over compiled classes (not import lines, so a fully qualified name in code
 * counts too): packages form tiers, a package may use its own tier and those below, and no two packages
 * use each other, directly or through others. The rules take the root package, so that {@code
 * LayersRuleTest} can show on a fixture that they fail when broken.
 *
 * @param root the root package, e.g. {@code dev.assay}
 * @param tiers package names below the root, from the top tier down; packages in one tier may use each
 *     other, but never in a cycle
 */
record Layers(String root, List<List<String>> tiers) {

  /** Assay's library, top down; the CLI ({@code dev.assay.jobs}) and {@code bench} sit above all of it. */
  static Layers assay() {
    return new Layers("dev.assay", List.of(
        List.of("jobs", "bench"),
        List.of("usecase"),
        List.of("report"),
        List.of("evaluation", "drift", "monitor", "packaging"),
        List.of("run"),
        List.of("ledger", "model", "data", "demo"),
        List.of("gpu", "spark", "features", "onnx"),
        List.of("spec", "version", "metrics", "errors"),
        List.of("scorer")));
  }

  /** No package cycle: every package below the root is one slice. */
  ArchRule noCycles() {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /** One rule per tier: its classes use no package of a higher tier. */
  List<ArchRule> onlyDownward() {
    List<ArchRule> rules = new ArrayList<>();
    for (int t = 1; t < tiers.size(); t++) {
      List<String> higher = new ArrayList<>();
      for (int h = 0; h < t; h++) {
        tiers.get(h).forEach(p -> higher.add(root + "." + p + ".."));
      }
      rules.add(noClasses().that().resideInAnyPackage(packages(tiers.get(t)))
          .should().dependOnClassesThat().resideInAnyPackage(higher.toArray(String[]::new))
          .as("tier " + tiers.get(t) + " uses no higher tier " + tiers.subList(0, t))
          .allowEmptyShould(true));
    }
    return rules;
  }

  private String[] packages(List<String> names) {
    return names.stream().map(p -> root + "." + p + "..").toArray(String[]::new);
  }
}
