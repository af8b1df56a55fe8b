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
        "fs.s3a.access.key", "fs.s3a.secret.key", "fs.s3a.bucket.b.session.key", "accessKey")) {
      assertThat(Secrets.isSecretKey(k)).as(k).isTrue();
    }
    for (String k : List.of("max_depth", "num_round", "fs.s3a.endpoint", "table", "keys", "monkey_count")) {
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
}
