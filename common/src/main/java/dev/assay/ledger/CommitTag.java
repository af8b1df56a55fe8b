package dev.assay.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.errors.Preconditions;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Who made a ledger commit: the run id and command of an Assay job, stored in the commit's Delta
 * {@code userMetadata} as {@code {"assay":{"run_id":"…","command":"train"}}}, so that
 * {@code assay ledger check} can tell Assay's commits from writes that bypass it (a notebook, another
 * engine). A command that records no run (the read-only {@code ledger} and {@code sql}, whose only
 * commits create or upgrade ledger tables) has a null run id.
 *
 * <p>Why the session setting {@value #USER_METADATA} and not the writer option {@code userMetadata}:
 * the option exists only for DataFrame writes, while Delta 3.3 reads the setting for every commit
 * (write, replaceWhere, SQL MERGE, DeltaTable delete/update, CREATE TABLE, ALTER TABLE; the option wins
 * where both are given), so one mechanism covers every ledger commit. The setting is session-wide, so
 * {@link #during} sets it for one commit only, restores the value it found, and holds the session's lock
 * meanwhile: a second thread of the same session cannot commit under this tag or swap it. Delta reads the
 * setting from the thread's active session, so {@link #during} makes {@code spark} the active one; threads
 * with sessions of their own ({@code newSession()}: their settings are separate) commit side by side, as
 * separate drivers would.
 *
 * <p>Tamper evidence, not proof: whoever sets the same setting in a notebook forges the tag.
 *
 * @param runId the run's id, or null for a command that records no run
 * @param command the command, e.g. {@code train} or {@code ledger}
 */
public record CommitTag(String runId, String command) {
  /** Delta's session setting for the {@code userMetadata} of the next commits. */
  public static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<SparkSession, Object> COMMITTING = Collections.synchronizedMap(new WeakHashMap<>());
  private static final Set<String> FIELDS = Set.of("run_id", "command");

  public CommitTag {
    Preconditions.checkArgument(command != null && !command.isBlank(), "Cannot tag commits: the command is empty");
  }

  /** The tag of a command that records no run (a read-only command creating or upgrading tables). */
  public static CommitTag withoutRun(String command) {
    return new CommitTag(null, command);
  }

  /** The {@code userMetadata} text of this tag's commits. */
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode assay = root.putObject("assay");
    assay.put("run_id", runId);
    assay.put("command", command);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a commit tag as JSON", e);
    }
  }

  /**
   * The tag in a commit's {@code userMetadata}, or empty when the commit is not Assay's: no metadata, text
   * that is not JSON, or JSON of another shape (an {@code assay} object with exactly a {@code command} text
   * and a {@code run_id} text or null, and nothing else).
   */
  public static Optional<CommitTag> parse(String userMetadata) {
    if (userMetadata == null || userMetadata.isBlank()) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(userMetadata);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject() || root.size() != 1 || !root.path("assay").isObject()) {
      return Optional.empty();
    }
    JsonNode assay = root.get("assay");
    for (Iterator<String> names = assay.fieldNames(); names.hasNext(); ) {
      if (!FIELDS.contains(names.next())) {
        return Optional.empty();
      }
    }
    JsonNode command = assay.path("command");
    JsonNode runId = assay.path("run_id");
    if (!command.isTextual() || command.asText().isBlank() || !(runId.isTextual() || runId.isNull())) {
      return Optional.empty();
    }
    return Optional.of(new CommitTag(runId.isNull() ? null : runId.asText(), command.asText()));
  }

  /**
   * Runs {@code commit} (one Delta commit, or one attempt of it) with this tag as the session's commit
   * metadata, then restores what the setting held before (a user's own {@code --conf} value, or nothing).
   */
  <T> T during(SparkSession spark, Supplier<T> commit) {
    synchronized (COMMITTING.computeIfAbsent(spark, s -> new Object())) {
      Option<SparkSession> active = SparkSession.getActiveSession();
      SparkSession.setActiveSession(spark);
      RuntimeConfig conf = spark.conf();
      Option<String> before = conf.getOption(USER_METADATA);
      conf.set(USER_METADATA, json());
      try {
        return commit.get();
      } finally {
        if (before.isDefined()) {
          conf.set(USER_METADATA, before.get());
        } else {
          conf.unset(USER_METADATA);
        }
        if (active.isDefined()) {
          SparkSession.setActiveSession(active.get());
        } else {
          SparkSession.clearActiveSession();
        }
      }
    }
  }
}
