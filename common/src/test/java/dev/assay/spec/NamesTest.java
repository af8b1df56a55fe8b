package dev.assay.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names that end up in paths and SQL: model names are names, table names never climb with '..'. */
class NamesTest {
  static final String BASE = """
      model: {name: m}
      features: {numeric: [a], label: y}
      data: {train: {table: t}, eval: {holdout: {table: t, version: 0}}}
      """;

  @Test
  void modelNamesArePlainNamesNeverPaths() {
    assertThat(Names.modelNameProblem("churn-xgb.v2_1")).isNull();
    for (String bad : List.of("../evil", "/abs", "a/b", "a..b", "A", "", "x".repeat(65), "a b", "a\nb")) {
      assertThat(Names.modelNameProblem(bad)).as(bad).startsWith("must match [a-z0-9][a-z0-9_.-]{0,63}");
    }
    assertThatThrownBy(() -> SpecLoader.parse(BASE, "x.yaml", List.of("model.name=../evil")))
        .hasMessageContaining("key 'model.name' must match").hasMessageContaining("\"../evil\"")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    assertThatThrownBy(() -> Names.checkModelName("option --name", "/etc/passwd"))
        .hasMessageStartingWith("Invalid option --name: must match").hasMessageContaining("a name, not a path");
  }

  @Test
  void tablesMayBeRelativeAbsoluteOrUrisButNeverClimb() {
    for (String ok : List.of("demo/train", "/data/lake/t", "s3a://bucket/x/t", "file:/tmp/t", "a..b/c")) {
      assertThat(Names.tableProblem(ok)).as(ok).isNull();
    }
    for (String bad : List.of("../outside", "demo/../../etc", "/data/../etc", "s3a://b/x/../y", "a\\..\\b",
        "t\u0000x")) {
      assertThat(Names.tableProblem(bad)).as(bad).isNotNull();
    }
    assertThatThrownBy(() -> SpecLoader.parse(BASE, "x.yaml", List.of("data.eval.holdout.table=../../etc")))
        .hasMessageContaining("key 'data.eval.holdout.table' must not contain '..'");
    assertThatThrownBy(() -> SpecLoader.parse(BASE, "x.yaml", List.of("ledger.root=../other")))
        .hasMessageContaining("key 'ledger.root' must not contain '..'");
    assertThatThrownBy(() -> Names.checkTable("option --output", "../x"))
        .hasMessageStartingWith("Invalid option --output: must not contain '..'")
        .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void quotingEscapesEveryDelimiter() {
    assertThat(Names.quoteIdentifier("runs")).isEqualTo("`runs`");
    assertThat(Names.quoteIdentifier("a`; drop table x; --")).isEqualTo("`a``; drop table x; --`");
    assertThat(Names.quoteString("/w/it's\\x")).isEqualTo("'/w/it\\'s\\\\x'");
  }
}
