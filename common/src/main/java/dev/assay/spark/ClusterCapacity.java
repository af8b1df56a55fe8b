package dev.assay.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.errors.ClusterErrors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Checks that the Spark cluster a job was given can run it, before the job touches the ledger, and
 * turns the two ways a cluster fails silently into a transient error (exit 75) that names the master.
 *
 * <p>Why: a standalone master that refuses connections makes Spark retry registration three times in
 * 20 s and then stop the context, after which every call fails with "LiveListenerBus is stopped"; the first
 * such call is a ledger read, so the error blamed the ledger. And a cluster whose workers cannot host one
 * executor of the size asked for (2-core executors on 1-core workers) leaves the application waiting
 * forever ("Initial job has not accepted any resources"), so a scheduler's task hangs until its own
 * timeout. Both are fixed by the cluster, not the job: exit 75, retry later.
 *
 * <p>The wait is bounded by {@code assay.cluster.waitSeconds} (default 120; a Spark setting
 * {@code spark.assay.cluster.waitSeconds}, e.g. from {@code --conf}, wins). What a standalone master
 * offers is read from its web UI's JSON ({@code http://MASTER-HOST:8080/json/}, or
 * {@code assay.cluster.masterUi}); local masters are never checked (their slots are in the URL).
 */
public final class ClusterCapacity {
  private static final int CONNECT_TIMEOUT_MS = 3000;
  private static final long POLL_MS = 250;

  private ClusterCapacity() {}

  /** Whether {@code master} is a real cluster (not {@code local}, {@code local[n]} or {@code local-cluster}). */
  public static boolean isCluster(String master) {
    return master != null && !master.startsWith("local");
  }

  /**
   * Before a session is created: a standalone master ({@code spark://h1:p1,h2:p2}) must accept a TCP
   * connection on one of its addresses, else exit 75 at once instead of Spark's minute of retries.
   */
  public static void probeMaster(String master) {
    if (master == null || !master.startsWith("spark://")) {
      return;
    }
    IOException last = null;
    List<InetSocketAddress> addresses = addresses(master);
    for (InetSocketAddress address : addresses) {
      try (Socket socket = new Socket()) {
        socket.connect(address, CONNECT_TIMEOUT_MS);
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    throw ClusterErrors.masterUnreachable(master, last);
  }

  /**
   * After a new session is created on a cluster: the context must still run (it stops itself when the
   * application could not register) and at least one executor must register within the wait.
   */
  public static void awaitStart(SparkSession spark) {
    SparkContext sc = spark.sparkContext();
    if (!isCluster(sc.master())) {
      return;
    }
    if (sc.isStopped()) {
      throw ClusterErrors.masterLost(sc.master());
    }
    await(spark, 1, "the job");
  }

  /**
   * Waits until the cluster runs {@code slots} tasks at once ({@code neededFor} says what needs them),
   * or fails with exit 75 saying what was asked and what the master offers. Executors register over
   * seconds after a session starts, so a count taken at once would be too low.
   */
  public static void await(SparkSession spark, int slots, String neededFor) {
    SparkContext sc = spark.sparkContext();
    long waitMs = setting(sc.getConf(), "assay.cluster.waitSeconds").map(Long::parseLong).orElse(120L) * 1000;
    long start = System.nanoTime();
    while (true) {
      int executors = executors(sc);
      int available = executors == 0 ? 0 : slots(sc);
      long waited = (System.nanoTime() - start) / 1_000_000;
      if (executors > 0 && available >= slots) {
        return;
      }
      if (sc.isStopped()) {
        throw ClusterErrors.masterLost(sc.master());
      }
      if (waited >= waitMs) {
        String offered = MasterOffer.describe(sc.master(), sc.getConf(), sc.applicationId(), executors);
        throw ClusterErrors.notEnoughResources(sc.master(), new ClusterErrors.Shortfall(waited / 1000, executors,
            available, slots, neededFor, asked(sc.getConf())), offered);
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for executors on " + sc.master(), e);
      }
    }
  }

  /**
   * Concurrent task slots of the registered executors, as Spark's barrier check counts them (cores and
   * custom resources such as GPUs over {@code spark.task.cpus} and task resource amounts).
   */
  static int slots(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }

  /** Registered executors; the driver's block manager is one of the entries. */
  static int executors(SparkContext sc) {
    return Math.max(0, sc.statusTracker().getExecutorInfos().length - 1);
  }

  static String asked(SparkConf conf) {
    String cores = conf.contains("spark.executor.cores") ? conf.get("spark.executor.cores") + " core(s)"
        : "all free cores of a worker";
    String text = "executors of " + cores + " and " + conf.get("spark.executor.memory", "1g") + " each";
    if (conf.contains("spark.cores.max")) {
      text += ", at most " + conf.get("spark.cores.max") + " cores in all";
    }
    return text + " (spark.executor.cores, spark.executor.memory), " + conf.get("spark.task.cpus", "1")
        + " core(s) per task";
  }

  /** A setting as {@code --conf spark.NAME} (spark-submit) or {@code -DNAME} (the JVM). */
  static Optional<String> setting(SparkConf conf, String name) {
    if (conf.contains("spark." + name)) {
      return Optional.of(conf.get("spark." + name));
    }
    return Optional.ofNullable(System.getProperty(name));
  }

  static List<InetSocketAddress> addresses(String master) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1).replaceAll("/.*$", ""));
      out.add(new InetSocketAddress(host, port));
    }
    return out;
  }

  /**
   * What a standalone master says it offers, from its web UI's JSON; best effort, never fails. It also says what
   * the master has granted this job: a worker with no free cores may be busy with this job's own executors that
   * are still starting (a JVM that fetches the application jar), which a longer wait lets register.
   */
  static final class MasterOffer {
    private MasterOffer() {}

    static String describe(String master, SparkConf conf, String appId, int executors) {
      if (!master.startsWith("spark://")) {
        return "what its resource manager reports (Assay reads offers only from a standalone master)";
      }
      String url = setting(conf, "assay.cluster.masterUi")
          .orElse("http://" + addresses(master).get(0).getHostString() + ":8080/json/");
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return summary(new ObjectMapper().readTree(response.body()), appId, executors);
      } catch (IOException | IllegalArgumentException e) {
        return "nothing Assay could read (its web UI " + url + " did not answer: " + e.getMessage()
            + "; set assay.cluster.masterUi to the master's /json/ URL)";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "nothing Assay could read (interrupted)";
      }
    }

    static String summary(JsonNode json, String appId, int executors) {
      int granted = 0;
      for (JsonNode app : json.path("activeapps")) {
        if (app.path("id").asText().equals(appId)) {
          granted = app.path("cores").asInt();
        }
      }
      if (granted == 0) {
        return workers(json);
      }
      return workers(json) + "; it has granted this job (" + appId + ") " + granted + " core(s)"
          + (executors == 0 ? " on executor(s) still starting (a longer assay.cluster.waitSeconds lets them "
              + "register)" : "");
    }

    static String workers(JsonNode json) {
      int alive = 0;
      int bestCores = 0;
      int bestMemory = 0;
      for (JsonNode worker : json.path("workers")) {
        if ("ALIVE".equals(worker.path("state").asText())) {
          alive++;
          int cores = worker.path("coresfree").asInt();
          if (cores > bestCores || cores == bestCores && worker.path("memoryfree").asInt() > bestMemory) {
            bestCores = cores;
            bestMemory = worker.path("memoryfree").asInt();
          }
        }
      }
      return alive == 0 ? "no ALIVE worker"
          : alive + " ALIVE worker(s), the largest with " + bestCores + " free core(s) and " + bestMemory
              + " MB free memory";
    }
  }
}
