package dev.assay.scorer.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.scorer.GoldenRow;
import dev.assay.scorer.ModelPackage;
import dev.assay.scorer.TinyPackage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP endpoint with a real client: predictions equal the golden ones under 1,000 concurrent requests. */
class PackageServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void thousandConcurrentRequestsGetTheGoldenOutputs() throws Exception {
    TinyPackage.write(dir);
    List<GoldenRow> golden = golden();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try (PackageServer server = PackageServer.start(ModelPackage.load(dir), "127.0.0.1", 0, 8)) {
      URI predict = URI.create("http://127.0.0.1:" + server.port() + "/predict");
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        GoldenRow g = golden.get(i % golden.size());
        calls.add(client.sendAsync(post(predict, JSON.writeValueAsString(g.row())),
            HttpResponse.BodyHandlers.ofString()));
      }
      for (int i = 0; i < calls.size(); i++) {
        HttpResponse<String> r = calls.get(i).join();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("model").asText()).isEqualTo("tiny:1");
        JsonNode p = body.get("predictions").get(0);
        GoldenRow g = golden.get(i % golden.size());
        assertThat(Double.doubleToRawLongBits(p.get("probability").asDouble()))
            .as("request %d", i).isEqualTo(Double.doubleToRawLongBits(g.expected().probability()));
        assertThat(p.get("prediction").asDouble()).isEqualTo(g.expected().prediction());
      }

      // A batch in one request, in order; {"rows": [...]} and a bare array are the same request.
      String rows = JSON.writeValueAsString(golden.stream().map(GoldenRow::row).toList());
      JsonNode batch = JSON.readTree(send(client, post(predict, rows)).body()).get("predictions");
      JsonNode wrapped = JSON.readTree(send(client, post(predict, "{\"rows\": " + rows + "}")).body())
          .get("predictions");
      assertThat(batch).hasSize(golden.size()).isEqualTo(wrapped);
      for (int i = 0; i < golden.size(); i++) {
        assertThat(batch.get(i).get("probability").asDouble()).isEqualTo(golden.get(i).expected().probability());
      }
    }
  }

  @Test
  void badRequestsAnswer400WithTheColumnAndHealthSaysWhichModel() throws Exception {
    TinyPackage.write(dir);
    HttpClient client = HttpClient.newHttpClient();
    try (PackageServer server = PackageServer.start(ModelPackage.load(dir), "127.0.0.1", 0, 2)) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> wrongType = send(client, post(URI.create(base + "/predict"),
          "[{\"tenure\": 1, \"charges\": 2.0, \"plan\": \"basic\"}, {\"tenure\": \"ten\", \"charges\": 2.0, "
              + "\"plan\": \"basic\"}]"));
      assertThat(wrongType.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(wrongType.body())).isEqualTo(JSON.readTree("{\"error\": \"Cannot score the row: "
          + "column tenure is an integer column (int); got the string \\\"ten\\\".\", \"row\": 1, \"column\": "
          + "\"tenure\"}"));
      HttpResponse<String> notJson = send(client, post(URI.create(base + "/predict"), "{tenure: 1"));
      assertThat(notJson.statusCode()).isEqualTo(400);
      assertThat(notJson.body()).startsWith("{\"error\":\"Cannot read the request body as JSON: ");
      HttpResponse<String> scalar = send(client, post(URI.create(base + "/predict"), "[1]"));
      assertThat(scalar.statusCode()).isEqualTo(400);
      assertThat(scalar.body()).contains("row 0 is number, not a JSON object of input column to value");
      HttpResponse<String> get = send(client, HttpRequest.newBuilder(URI.create(base + "/predict")).GET().build());
      assertThat(get.statusCode()).isEqualTo(405);

      JsonNode health = JSON.readTree(send(client, HttpRequest.newBuilder(URI.create(base + "/health")).build())
          .body());
      assertThat(health.get("status").asText()).isEqualTo("ok");
      assertThat(health.get("model").asText()).isEqualTo("tiny:1");
      assertThat(health.get("golden_rows").asInt()).isEqualTo(20);
      JsonNode manifest = JSON.readTree(send(client, HttpRequest.newBuilder(URI.create(base + "/manifest")).build())
          .body());
      assertThat(manifest.get("model").get("model_hash").asText()).isEqualTo(health.get("model_hash").asText());
    }
  }

  private List<GoldenRow> golden() throws Exception {
    List<GoldenRow> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("golden.jsonl"))) {
      out.add(new ObjectMapper().readValue(line, GoldenRow.class));
    }
    assertThat(out).hasSize(20);
    return out;
  }

  private static HttpRequest post(URI uri, String body) {
    return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
