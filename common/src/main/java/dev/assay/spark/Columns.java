package dev.assay.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * A column by its exact name. Why: {@code functions.col("customer.id")} parses the name and looks for field
 * {@code id} of a struct {@code customer}, and a backtick in a name is a syntax error; a name in backticks (inner
 * backticks doubled) is taken as it is. Every column named by a user (ids, labels, features, slices) goes through
 * here; Assay's own column names need not.
 */
public final class Columns {
  private Columns() {}

  public static Column named(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }
}
