package dev.assay.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the SQL out of a Jupyter notebook by the convention of notebooks/README.md: a code cell whose
 * source starts with {@code %%sql} is one statement; in other code cells every {@code spark.sql(...)}
 * takes a triple-quoted literal, which is a statement too. Cells tagged {@code assay-setup} (session
 * and catalog set-up) are skipped. Committed notebooks carry no outputs and no execution counts.
 */
final class NotebookCells {
  static final String SETUP_TAG = "assay-setup";
  private static final Pattern SPARK_SQL = Pattern.compile("spark\\.sql\\(\\s*");
  private static final Pattern LITERAL = Pattern.compile("(\"\"\"|''')(.*?)\\1\\s*\\)", Pattern.DOTALL);

  private NotebookCells() {}

  /** The notebook's SQL statements in cell order; throws naming the cell when the convention is broken. */
  static List<String> sql(String name, JsonNode nb) {
    if (nb.path("nbformat").asInt() != 4) {
      throw new IllegalArgumentException(name + ": nbformat is " + nb.path("nbformat") + ", expected 4");
    }
    List<String> statements = new ArrayList<>();
    int index = 0;
    for (JsonNode cell : nb.path("cells")) {
      String where = name + " cell " + index++ + " (" + cell.path("id").asText("no id") + ")";
      if (!"code".equals(cell.path("cell_type").asText())) {
        continue;
      }
      if (cell.path("outputs").size() > 0) {
        throw new IllegalArgumentException(where + " has outputs: clear them before committing");
      }
      if (cell.has("execution_count") && !cell.get("execution_count").isNull()) {
        throw new IllegalArgumentException(where + " has execution_count " + cell.get("execution_count")
            + ": clear outputs before committing");
      }
      String source = source(cell.path("source"));
      boolean setup = false;
      for (JsonNode tag : cell.path("metadata").path("tags")) {
        setup |= SETUP_TAG.equals(tag.asText());
      }
      if (setup) {
        continue;
      }
      if (source.startsWith("%%sql")) {
        int nl = source.indexOf('\n');
        String body = nl < 0 ? "" : source.substring(nl + 1).strip();
        if (body.isEmpty()) {
          throw new IllegalArgumentException(where + " is an empty %%sql cell");
        }
        statements.add(body);
        continue;
      }
      Matcher call = SPARK_SQL.matcher(source);
      while (call.find()) {
        Matcher literal = LITERAL.matcher(source);
        if (!literal.find(call.end()) || literal.start() != call.end()) {
          throw new IllegalArgumentException(where + " calls spark.sql( without a triple-quoted literal: "
              + "write the query as spark.sql(\"\"\"...\"\"\") so that it is tested");
        }
        statements.add(literal.group(2).strip());
      }
    }
    return statements;
  }

  private static String source(JsonNode source) {
    if (source.isTextual()) {
      return source.asText();
    }
    StringBuilder s = new StringBuilder();
    source.forEach(line -> s.append(line.asText()));
    return s.toString();
  }
}
