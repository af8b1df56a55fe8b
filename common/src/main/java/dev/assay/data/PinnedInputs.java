package dev.assay.data;

import dev.assay.version.DataVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The data versions one job reads. A reference without version is pinned to the latest version
 * the first time it is seen and reused afterwards, so a job never reads two versions of a table
 * even when a writer commits while it runs. Every read goes through {@link #read(DataVersion)}.
 */
public final class PinnedInputs {
  /** One resolved input with the role it plays in the job (e.g. {@code train}, {@code eval:holdout}). */
  public record Input(String role, String table, DataVersion version) {}

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final DeltaVersions versions;
  private final Map<String, DataVersion> latestPins = new LinkedHashMap<>();
  private final List<Input> inputs = new ArrayList<>();

  public PinnedInputs(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.versions = new DeltaVersions(spark);
  }

  /** Resolves a reference once and records it under {@code role}. */
  public DataVersion pin(String role, String table, Long version, String timestamp) {
    String location = warehouse.resolve(table);
    DataVersion resolved;
    if (version == null && timestamp == null) {
      resolved = latestPins.computeIfAbsent(location, l -> versions.resolve(l, null, null));
    } else {
      resolved = versions.resolve(location, version, timestamp);
    }
    Input input = new Input(role, table, resolved);
    if (!inputs.contains(input)) {
      inputs.add(input);
    }
    return resolved;
  }

  /** Reads exactly the pinned version by time travel. */
  public Dataset<Row> read(DataVersion version) {
    Objects.requireNonNull(version, "version");
    return spark.read().format("delta").option("versionAsOf", version.version()).load(version.path());
  }

  /** Every input resolved so far, in the order first pinned. */
  public List<Input> inputs() {
    return List.copyOf(inputs);
  }
}
