package dev.assay.data;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import dev.assay.spark.SparkTestBase;
import org.junit.jupiter.api.Test;

/** A row filter is one boolean expression over the table read: no subqueries, statements or reflection. */
class RowFilterTest extends SparkTestBase {
  static final String KEY = "data.eval.h.filter";

  @Test
  void plainPredicatesPass() {
    assertThatCode(() -> RowFilter.validate(spark, KEY, "region = 'north' and tenure_months > 3"))
        .doesNotThrowAnyException();
  }

  @Test
  void subqueriesAreRefused() {
    for (String f : new String[] {"id in (select id from assay.runs)", "exists (select 1)",
        "x > (select max(x) from delta.`/tmp/t`)"}) {
      assertThatThrownBy(() -> RowFilter.validate(spark, KEY, f)).as(f)
          .hasMessage("Spec key '" + KEY + "': filter \"" + f + "\" is not a valid Spark SQL expression (subqueries "
              + "are not allowed in a row filter); write a boolean expression over the table's columns, e.g. "
              + "region = 'north'")
          .extracting(e -> ((AssayException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    }
  }

  @Test
  void secondStatementsAndReflectionAreRefused() {
    assertThatThrownBy(() -> RowFilter.validate(spark, KEY, "x = 1; drop table assay.runs"))
        .hasMessageStartingWith("Spec key '" + KEY + "': filter \"x = 1; drop table assay.runs\" is not a valid Spark "
            + "SQL expression (");
    assertThatThrownBy(() -> RowFilter.validate(spark, KEY, "java_method('java.lang.System', 'exit', 0) is null"))
        .hasMessageContaining("(function java_method is not allowed in a row filter)");
    assertThatThrownBy(() -> RowFilter.validate(spark, KEY, "REFLECT('java.util.UUID', 'randomUUID') = 'x'"))
        .hasMessageContaining("(function REFLECT is not allowed in a row filter)");
  }
}
