package dev.assay.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.errors.AssayException;
import dev.assay.errors.ExitCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The cluster checks without a cluster: a master port nobody listens on, the master's JSON as a
 * standalone master writes it, and the executor request as read from Spark settings. The real
 * cluster (a worker too small, a stopped master) is in {@code StandaloneClusterIT}.
 */
class ClusterCapacityTest {

  @Test
  void aMasterThatRefusesConnectionsIsTransientAndNamed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String master = "spark://127.0.0.1:" + port;
    assertThatThrownBy(() -> ClusterCapacity.probeMaster(master))
        .isInstanceOfSatisfying(AssayException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.TRANSIENT))
        .hasMessage("Cannot reach the Spark master " + master + ": ConnectException: Connection refused; start the "
            + "cluster (scripts/cluster up) or pass the right --master, then retry");
  }

  @Test
  void aListeningMasterAndLocalMastersPass() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ClusterCapacity.probeMaster("spark://127.0.0.1:1,127.0.0.1:" + s.getLocalPort());
    }
    ClusterCapacity.probeMaster("local[2]");
    ClusterCapacity.probeMaster("yarn");
    assertThat(ClusterCapacity.isCluster("local-cluster[2,1,1024]")).isFalse();
    assertThat(ClusterCapacity.isCluster("spark://h:7077")).isTrue();
  }

  @Test
  void highAvailabilityMastersAreEachAddress() {
    assertThat(ClusterCapacity.addresses("spark://127.0.0.1:7077,127.0.0.2:7078,127.0.0.3"))
        .extracting(a -> a.getHostString() + ":" + a.getPort())
        .containsExactly("127.0.0.1:7077", "127.0.0.2:7078", "127.0.0.3:7077");
  }

  @Test
  void theOfferIsTheLargestAliveWorker() throws Exception {
    String json = "{'url':'spark://127.0.0.1:7077','status':'ALIVE','workers':["
        + "{'id':'w1','cores':2,'coresused':2,'coresfree':0,'memory':2048,'memoryfree':0,'state':'ALIVE'},"
        + "{'id':'w2','cores':4,'coresused':1,'coresfree':3,'memory':4096,'memoryfree':3072,'state':'ALIVE'},"
        + "{'id':'w3','cores':8,'coresused':0,'coresfree':8,'memory':8192,'memoryfree':8192,'state':'DEAD'}]}";
    assertThat(ClusterCapacity.MasterOffer.summary(new ObjectMapper().readTree(json.replace('\'', '"')), "app-1", 0))
        .isEqualTo("2 ALIVE worker(s), the largest with 3 free core(s) and 3072 MB free memory");
    assertThat(ClusterCapacity.MasterOffer.summary(new ObjectMapper().readTree("{\"workers\":[]}"), "app-1", 0))
        .isEqualTo("no ALIVE worker");
  }

  @Test
  void coresGrantedToThisJobAreNamedAndExecutorsStillStartingToo() throws Exception {
    String json = ("{'workers':[{'id':'w1','coresfree':0,'memoryfree':0,'state':'ALIVE'}],'activeapps':["
        + "{'id':'app-7','cores':2,'state':'RUNNING'},{'id':'app-8','cores':0,'state':'WAITING'}]}")
        .replace('\'', '"');
    String workers = "1 ALIVE worker(s), the largest with 0 free core(s) and 0 MB free memory";
    assertThat(ClusterCapacity.MasterOffer.summary(new ObjectMapper().readTree(json), "app-7", 0))
        .isEqualTo(workers + "; it has granted this job (app-7) 2 core(s) on executor(s) still starting (a longer "
            + "assay.cluster.waitSeconds lets them register)");
    assertThat(ClusterCapacity.MasterOffer.summary(new ObjectMapper().readTree(json), "app-7", 1))
        .isEqualTo(workers + "; it has granted this job (app-7) 2 core(s)");
    assertThat(ClusterCapacity.MasterOffer.summary(new ObjectMapper().readTree(json), "app-8", 0)).isEqualTo(workers);
  }

  @Test
  void theAskComesFromSparkSettings() {
    SparkConf conf = new SparkConf(false).set("spark.executor.cores", "2").set("spark.executor.memory", "3g")
        .set("spark.cores.max", "6");
    assertThat(ClusterCapacity.asked(conf)).isEqualTo("executors of 2 core(s) and 3g each, at most 6 cores in all "
        + "(spark.executor.cores, spark.executor.memory), 1 core(s) per task");
    assertThat(ClusterCapacity.asked(new SparkConf(false))).isEqualTo("executors of all free cores of a worker and "
        + "1g each (spark.executor.cores, spark.executor.memory), 1 core(s) per task");
  }
}
