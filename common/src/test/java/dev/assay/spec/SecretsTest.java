package dev.assay.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets never reach the ledger, the logs or reports: keys decide, at any depth, case-insensitive. */
class SecretsTest {
  @Test
  void secretKeysAreRecognisedCaseInsensitively() {
    for (String k : List.of("password", "DB_PASSWORD", "client.secret", "api_token", "AWS_ACCESS_KEY_ID",
        "fs.s3a.access.key", "fs.s3a.secret.key", "fs.s3a.bucket.b.session.key", "accessKey", "api_key", "apikey",
        "X-API-KEY", "private_key", "gcp.privateKey", "Authorization", "http.authorization.header",
        "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net", "fs.azure.sas.container.acct")) {
      assertThat(Secrets.isSecretKey(k)).as(k).isTrue();
    }
    for (String k : List.of("max_depth", "num_round", "fs.s3a.endpoint", "table", "keys", "monkey_count",
        "fs.azure.account.auth.type", "author", "apiary")) {
      assertThat(Secrets.isSecretKey(k)).as(k).isFalse();
    }
  }

  @Test
  void canonicalSpecsAreRedactedAtAnyDepthAndUntouchedWithoutSecrets() {
    String plain = "{\"model\":{\"name\":\"m\",\"params\":{\"eta\":0.1}}}";
    assertThat(Secrets.redactJson(plain)).isSameAs(plain);
    String secret = "{\"model\":{\"name\":\"m\",\"params\":{\"api_token\":\"s3cr3t\",\"eta\":0.1,"
        + "\"nested\":[{\"Password\":42}]}}}";
    assertThat(Secrets.redactJson(secret)).isEqualTo("{\"model\":{\"name\":\"m\",\"params\":{\"api_token\":"
        + "\"*****(redacted)\",\"eta\":0.1,\"nested\":[{\"Password\":\"*****(redacted)\"}]}}}");
  }

  @Test
  void confAndFreeTextAreRedacted() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.shuffle.partitions", "4");
    conf.put("spark.hadoop.fs.s3a.secret.key", "AKIA-SECRET");
    assertThat(Secrets.redact(conf)).containsExactly(Map.entry("spark.sql.shuffle.partitions", "4"),
        Map.entry("spark.hadoop.fs.s3a.secret.key", "*****(redacted)"));
    assertThat(Secrets.redactText("training m (max_depth=4, api_token=s3cr3t, eta=0.1)"))
        .isEqualTo("training m (max_depth=4, api_token=*****(redacted), eta=0.1)");
    assertThat(Secrets.redactText("{\"db.password\": \"hunter2\", \"x\": 1}"))
        .isEqualTo("{\"db.password\": *****(redacted), \"x\": 1}");
    assertThat(Secrets.redactText("--conf spark.hadoop.fs.s3a.access.key=AKIA123 done"))
        .isEqualTo("--conf spark.hadoop.fs.s3a.access.key=*****(redacted) done");
  }

  @Test
  void passwordsInsideUrisAreRedactedInTextJsonAndSettings() {
    assertThat(Secrets.redactUri("s3a://AKIA:wJal/rXU@bucket/demo/train")).isEqualTo(
        "s3a://AKIA:*****(redacted)@bucket/demo/train");
    assertThat(Secrets.redactUri("jdbc:postgresql://ana:hunter2@db:5432/x and hdfs://nn:8020/t"))
        .isEqualTo("jdbc:postgresql://ana:*****(redacted)@db:5432/x and hdfs://nn:8020/t");
    assertThat(Secrets.redactText("Cannot read 'abfss://u:p4ss@c.dfs.core.windows.net/t': denied"))
        .isEqualTo("Cannot read 'abfss://u:*****(redacted)@c.dfs.core.windows.net/t': denied");
    assertThat(Secrets.redactJson(
        "{\"data\":{\"train\":{\"table\":\"s3a://k:s@b/t\"},\"eval\":[\"wasbs://a:b@c/d\"]}}"))
        .isEqualTo("{\"data\":{\"train\":{\"table\":\"s3a://k:*****(redacted)@b/t\"},\"eval\":"
            + "[\"wasbs://a:*****(redacted)@c/d\"]}}");
    Map<String, String> context = new LinkedHashMap<>();
    context.put("airflow.dag", "retrain");
    context.put("api_key", "abc123");
    context.put("source", "s3a://id:pw@bucket/x");
    assertThat(Secrets.redact(context)).containsExactly(Map.entry("airflow.dag", "retrain"),
        Map.entry("api_key", "*****(redacted)"), Map.entry("source", "s3a://id:*****(redacted)@bucket/x"));
    // A URI without a password and a host with a port are left as they are.
    assertThat(Secrets.redactUri("hdfs://namenode:8020/warehouse")).isEqualTo("hdfs://namenode:8020/warehouse");
    assertThat(Secrets.redactUri("s3a://user@bucket/t")).isEqualTo("s3a://user@bucket/t");
  }
}
