package dev.assay.spark;

import org.apache.spark.sql.AnalysisException;

/** What of a Spark failure goes into a one-line user message. */
public final class SparkMessages {
  private SparkMessages() {}

  /**
   * The first line of {@code e}'s message, stripped; for an {@link AnalysisException} its message
   * without the plan Spark appends.
   */
  public static String firstLine(Throwable e) {
    String m = e instanceof AnalysisException a ? a.getSimpleMessage() : String.valueOf(e.getMessage());
    m = m.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }
}
