package dev.assay.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import dev.assay.data.DeltaCommits;
import dev.assay.errors.IngestErrors;
import dev.assay.errors.Preconditions;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A synthetic "customer churn" binary-classification data set, and the two versioned Delta
 * tables ({@code demo/train}, {@code demo/eval}) the demo and the tests run on.
 *
 * <p>Every value is a function of (seed, customer id, column) only, so a seed reproduces the
 * same rows on any cluster and partitioning. The label is a noisy non-linear function of the
 * features: a good model reaches a ROC AUC of about 0.85, far from a trivial 1.0.
 */
public final class DemoData {
  /** The shift the second version of each table is generated with. */
  public static final double VERSION_1_DRIFT = 0.3;
  /** The share of the planted-shift version's new rows whose label has nothing to do with the customer. */
  public static final double SHIFT_UNRELATED_LABELS = 0.5;
  /** The churn rate of those unrelated labels: about the demo population's, so the rate itself does not move. */
  static final double SHIFT_CHURN_RATE = 0.25;

  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  private static final String[] PLANS = {"basic", "standard", "premium", "family"};
  private static final String[] REGIONS = {"north", "south", "east", "west", "central"};
  private static final double[] REGION_SHARES = {0.22, 0.18, 0.25, 0.15, 0.20};
  private static final String[] PAYMENTS = {"card", "bank", "invoice", "wallet"};
  /** Truncation of the support-call Poisson: rates stay below 4, so P(X > 15) is negligible. */
  private static final int MAX_SUPPORT_CALLS = 15;

  // One salt per random stream: adding a column must never change the values of another.
  private static final int S_TENURE_MIX = 1;
  private static final int S_TENURE = 2;
  private static final int S_PLAN = 3;
  private static final int S_CHARGES = 4;
  private static final int S_TOTAL_NOISE = 5;
  private static final int S_TOTAL_NULL = 6;
  private static final int S_AGE = 7;
  private static final int S_AGE_NULL = 8;
  private static final int S_USAGE = 9;
  private static final int S_USAGE_ZERO = 10;
  private static final int S_REGION = 11;
  private static final int S_PAYMENT = 12;
  private static final int S_PAYMENT_NULL = 13;
  private static final int S_SUPPORT = 14;
  private static final int S_LATENT = 15;
  private static final int S_LABEL = 16;
  private static final int S_PARTIAL_MONTH = 17;
  private static final int S_SHIFT = 18;
  private static final int S_SHIFT_LABEL = 19;

  private DemoData() {}

  /**
   * The column names of a generated data set, in order; {@code churned} is the label and
   * {@code customer_id} the key.
   */
  public static List<String> columns() {
    return List.of("customer_id", "tenure_months", "monthly_charges", "total_charges",
        "support_calls", "age", "usage_gb", "plan", "region", "payment_method", "churned");
  }

  /**
   * Generates {@code rows} customers with ids {@code firstId .. firstId + rows - 1}.
   *
   * @param drift in [0, 1]: 0 is the base population; larger values shift the feature
   *     distributions and the churn relation a little, as a later data version would.
   */
  public static Dataset<Row> generate(SparkSession spark, long firstId, long rows, long seed, double drift) {
    return generate(spark, firstId, rows, seed, drift, spark.sparkContext().defaultParallelism());
  }

  /** As {@link #generate(SparkSession, long, long, long, double)} with a partition count. */
  public static Dataset<Row> generate(SparkSession spark, long firstId, long rows, long seed, double drift,
      int numPartitions) {
    if (rows < 0 || firstId < 0) {
      throw IngestErrors.demoNegativeRows(rows, firstId);
    }
    if (!(drift >= 0 && drift <= 1)) {
      throw IngestErrors.demoDriftOutOfRange(drift);
    }
    HashRandom r = new HashRandom(seed, "id");
    Dataset<Row> ids = spark.range(firstId, firstId + rows, 1, Math.max(1, numPartitions)).toDF();
    // Each step materialises what later steps use more than once, so Catalyst keeps them as
    // columns instead of copying hash expressions into every reference.
    Dataset<Row> base = ids.select(col("id"),
        tenure(r, drift).as("tenure_months"),
        r.categorical(S_PLAN, PLANS, planShares(drift)).as("plan"),
        r.categorical(S_REGION, REGIONS, REGION_SHARES).as("region"),
        when(r.uniform(S_PAYMENT_NULL).lt(0.01), lit(null).cast("string"))
            .otherwise(r.categorical(S_PAYMENT, PAYMENTS, paymentShares(drift))).as("payment_method"),
        age(r).as("age"));
    Dataset<Row> priced = base.select(col("*"),
        monthlyCharges(r, drift).as("monthly_charges"),
        usage(r, drift).as("usage_gb"));
    Dataset<Row> withCalls = priced.select(col("*"),
        supportRate(drift).as("_support_rate"),
        r.uniform(S_SUPPORT).as("_support_u"),
        totalCharges(r).as("total_charges"));
    Dataset<Row> features = withCalls.select(col("*"),
        HashRandom.poisson(col("_support_rate"), col("_support_u"), MAX_SUPPORT_CALLS).as("support_calls"));
    Dataset<Row> labelled = features.select(col("*"),
        churnLogit(r, drift).as("_logit"),
        r.uniform(S_LABEL).as("_label_u"));
    Column probability = lit(1.0).divide(lit(1.0).plus(exp(col("_logit").multiply(-1.0))));
    return labelled.select(
        format_string("C%09d", col("id")).as("customer_id"),
        col("tenure_months").cast("int").as("tenure_months"),
        col("monthly_charges"),
        col("total_charges"),
        col("support_calls").cast("int").as("support_calls"),
        col("age"),
        col("usage_gb"),
        col("plan"),
        col("region"),
        col("payment_method"),
        when(col("_label_u").lt(probability), 1).otherwise(0).cast("int").as("churned"));
  }

  /**
   * Writes {@code <warehouse>/demo/train} and {@code <warehouse>/demo/eval}, two versions each:
   * v0 with the initial rows, v1 appending half as many new customers drawn with drift
   * {@value #VERSION_1_DRIFT}. All four id ranges are disjoint.
   *
   * @param reset delete existing tables first; without it an existing table is an error, so
   *     that a demo run never silently rewrites history other runs were recorded against.
   */
  public static DemoTables write(SparkSession spark, String warehouse, long seed, long trainRows, long evalRows,
      boolean reset) {
    requireRowCounts(trainRows, evalRows);
    String trainPath = tablePath(warehouse, "train");
    String evalPath = tablePath(warehouse, "eval");
    // Check both before writing either, so that a refusal leaves nothing half-created.
    prepare(spark, trainPath, "demo/train", reset);
    prepare(spark, evalPath, "demo/eval", reset);

    // An empty append commits no version, so v1 always adds at least one row.
    long trainAppend = Math.max(1, trainRows / 2);
    long evalAppend = Math.max(1, evalRows / 2);
    // Consecutive id blocks: train v0, eval v0, train v1, eval v1 never share a customer.
    long trainFirst = 1;
    long evalFirst = trainFirst + trainRows;
    long trainAppendFirst = evalFirst + evalRows;
    long evalAppendFirst = trainAppendFirst + trainAppend;
    long trainVersion = writeTable(spark, trainPath, "demo/train", seed, trainFirst, trainRows, trainAppendFirst,
        trainAppend);
    long evalVersion = writeTable(spark, evalPath, "demo/eval", seed, evalFirst, evalRows, evalAppendFirst,
        evalAppend);
    return new DemoTables(trainPath, trainVersion, evalPath, evalVersion);
  }

  /**
   * Appends {@code demo/eval} v2, the monitoring demo's planted shift: {@code rows} new customers drawn as
   * v1's were, except that for {@value #SHIFT_UNRELATED_LABELS} of them the churn label is a coin with the
   * population's rate, unrelated to the customer, as when an upstream join starts attaching other
   * customers' outcomes. The features do not move (feature drift cannot see it) and neither does the
   * churn rate; a model's ROC AUC on the table drops, which is what a monitor check is for.
   *
   * <p>Why only on a fresh demo: the planted version is v2 of the history {@link #write} made, so that
   * the demo's versions and their metrics are the same on every machine. The new ids follow the largest
   * id in either table, so no customer is in two tables.
   *
   * @return the new version of {@code demo/eval} (2)
   */
  public static long appendShift(SparkSession spark, String warehouse, long seed, long rows) {
    // An empty append commits no version; demo-data checks its row counts before either write.
    Preconditions.checkArgument(rows >= 1, "Cannot append the planted-shift version with %s rows", rows);
    String evalPath = tablePath(warehouse, "eval");
    long current = latestVersion(spark, evalPath);
    if (current != 1) {
      throw IngestErrors.demoShiftNotFresh(evalPath, current);
    }
    // Ids are "C" + nine digits, so the largest string is the largest id.
    String lastId = spark.read().format("delta").load(tablePath(warehouse, "train")).select("customer_id")
        .union(spark.read().format("delta").load(evalPath).select("customer_id"))
        .agg(max("customer_id")).head().getString(0);
    long firstId = Long.parseLong(lastId.substring(1)) + 1;
    HashRandom r = new HashRandom(seed, "customer_id");
    Column unrelated = when(r.uniform(S_SHIFT_LABEL).lt(SHIFT_CHURN_RATE), 1).otherwise(0).cast("int");
    generate(spark, firstId, rows, seed, VERSION_1_DRIFT)
        .withColumn("churned", when(r.uniform(S_SHIFT).lt(SHIFT_UNRELATED_LABELS), unrelated)
            .otherwise(col("churned")))
        .write().format("delta").mode(SaveMode.Append).save(evalPath);
    long version = latestVersion(spark, evalPath);
    LOG.info("demo-data: wrote demo/eval v{} (+{} rows, planted shift)", version, rows);
    return version;
  }

  /** Refuses (exit 2) row counts below 1: an empty append commits no version. */
  public static void requireRowCounts(long trainRows, long evalRows) {
    if (trainRows < 1 || evalRows < 1) {
      throw IngestErrors.demoRowCounts(trainRows, evalRows);
    }
  }

  /** Whether both demo tables exist under {@code warehouse}. */
  public static boolean exists(SparkSession spark, String warehouse) {
    return DeltaTable.isDeltaTable(spark, tablePath(warehouse, "train"))
        && DeltaTable.isDeltaTable(spark, tablePath(warehouse, "eval"));
  }

  private static long latestVersion(SparkSession spark, String path) {
    return DeltaCommits.latest(spark, path).version();
  }

  private static long writeTable(SparkSession spark, String path, String label, long seed, long firstId, long rows,
      long appendFirstId, long appendRows) {
    generate(spark, firstId, rows, seed, 0.0).write().format("delta").mode(SaveMode.ErrorIfExists).save(path);
    generate(spark, appendFirstId, appendRows, seed, VERSION_1_DRIFT).write().format("delta")
        .mode(SaveMode.Append).save(path);
    long version = latestVersion(spark, path);
    LOG.info("demo-data: wrote {} v0 ({} rows), v{} (+{} rows)", label, rows, version, appendRows);
    return version;
  }

  private static String tablePath(String warehouse, String name) {
    String root = warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
    return root + "/demo/" + name;
  }

  private static void prepare(SparkSession spark, String path, String label, boolean reset) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return;
      }
      if (!reset) {
        throw IngestErrors.demoTableExists(label, path);
      }
      if (!fs.delete(p, true)) {
        throw IngestErrors.demoResetFailed(label, path);
      }
      LOG.info("demo-data: deleted {} at {} (--reset)", label, path);
    } catch (IOException e) {
      throw IngestErrors.demoWriteFailed(path, e.getMessage(), e);
    }
  }

  private static double[] planShares(double drift) {
    // Drift moves customers from basic to premium: a price-sensitive segment shrinking.
    return new double[] {0.38 - 0.08 * drift, 0.30, 0.12 + 0.08 * drift, 0.20};
  }

  private static double[] paymentShares(double drift) {
    return new double[] {0.38 - 0.10 * drift, 0.30, 0.22, 0.10 + 0.10 * drift};
  }

  /** Months 0..72: a block of recent sign-ups on top of a uniform base, as in real books. */
  private static Column tenure(HashRandom r, double drift) {
    Column u = r.uniform(S_TENURE);
    Column recent = floor(u.multiply(13));
    Column any = floor(u.multiply(73));
    return when(r.uniform(S_TENURE_MIX).lt(0.30 + 0.10 * drift), recent).otherwise(any).cast("int");
  }

  private static Column age(HashRandom r) {
    Column years = floor(lit(44.0).plus(r.normal(S_AGE).multiply(15.0)));
    Column clipped = least(lit(90), greatest(lit(18), years.cast("int")));
    return when(r.uniform(S_AGE_NULL).lt(0.03), lit(null).cast("int")).otherwise(clipped);
  }

  private static Column monthlyCharges(HashRandom r, double drift) {
    Column plan = col("plan");
    Column mean = when(plan.equalTo("basic"), 30.0).when(plan.equalTo("standard"), 55.0)
        .when(plan.equalTo("premium"), 95.0).otherwise(78.0);
    Column sd = when(plan.equalTo("basic"), 6.0).when(plan.equalTo("standard"), 9.0)
        .when(plan.equalTo("premium"), 12.0).otherwise(10.0);
    Column charge = mean.plus(6.0 * drift).plus(sd.multiply(r.normal(S_CHARGES)));
    return round(greatest(lit(12.0), charge), 2);
  }

  /** Log-normal gigabytes, with exact zeros for customers who never used the service. */
  private static Column usage(HashRandom r, double drift) {
    Column plan = col("plan");
    Column mu = when(plan.equalTo("basic"), 1.5).when(plan.equalTo("standard"), 2.5)
        .when(plan.equalTo("premium"), 3.2).otherwise(3.4).plus(0.3 * drift);
    Column gb = round(exp(mu.plus(r.normal(S_USAGE).multiply(0.9))), 3);
    return when(r.uniform(S_USAGE_ZERO).lt(0.06), lit(0.0)).otherwise(gb);
  }

  /** Tenure times the monthly charge with price-change noise; missing for about 2% of rows. */
  private static Column totalCharges(HashRandom r) {
    Column tenure = col("tenure_months");
    Column monthly = col("monthly_charges");
    Column full = tenure.multiply(monthly).multiply(lit(1.0).plus(r.normal(S_TOTAL_NOISE).multiply(0.05)));
    Column partial = monthly.multiply(r.uniform(S_PARTIAL_MONTH));
    Column total = round(greatest(lit(0.0), when(tenure.equalTo(0), partial).otherwise(full)), 2);
    return when(r.uniform(S_TOTAL_NULL).lt(0.02), lit(null).cast("double")).otherwise(total);
  }

  private static Column supportRate(double drift) {
    return lit(0.7 + 0.5 * drift)
        .plus(when(col("plan").equalTo("basic"), 0.9).otherwise(0.0))
        .plus(when(col("tenure_months").lt(6), 0.8).otherwise(0.0))
        .plus(when(col("monthly_charges").gt(90), 0.5).otherwise(0.0));
  }

  /**
   * The churn log-odds: thresholds and interactions a linear model cannot express exactly,
   * plus a latent normal term no feature explains, which keeps the best AUC well below 1.
   */
  private static Column churnLogit(HashRandom r, double drift) {
    Column tenure = col("tenure_months");
    Column monthly = col("monthly_charges");
    Column calls = col("support_calls");
    Column plan = col("plan");
    Column payment = col("payment_method");
    Column age = col("age");
    Column usage = col("usage_gb");
    Column logit = lit(-3.0 + 0.3 * drift)
        .plus(when(tenure.lt(12).and(monthly.gt(65)), 2.4).otherwise(0.0))
        .plus(exp(tenure.divide(-10.0)).multiply(2.2))
        .plus(least(calls, lit(6)).multiply(0.45))
        .plus(when(calls.geq(4), 1.1).otherwise(0.0))
        .plus(when(plan.equalTo("basic"), 0.35).when(plan.equalTo("premium"), 0.25)
            .when(plan.equalTo("family"), -0.9).otherwise(0.0))
        .plus(when(payment.isNull(), 0.2).when(payment.equalTo("invoice"), 0.6)
            .when(payment.equalTo("wallet"), 0.3 + 0.6 * drift).when(payment.equalTo("bank"), -0.2).otherwise(0.0))
        // A missing age falls through to ELSE: a comparison with null is never true.
        .plus(when(age.lt(25), 0.5).when(age.geq(70), 0.4).otherwise(0.0))
        .plus(when(usage.equalTo(0.0), 1.2).otherwise(log1p(usage).multiply(-0.25)))
        .plus(when(col("region").equalTo("south"), 0.15).when(col("region").equalTo("central"), -0.1)
            .otherwise(0.0))
        .plus(when(monthly.gt(80), 0.4 * drift).otherwise(0.0))
        .plus(r.normal(S_LATENT).multiply(0.3));
    return logit;
  }
}
