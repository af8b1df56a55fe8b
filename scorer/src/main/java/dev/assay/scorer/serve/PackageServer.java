package dev.assay.scorer.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.ModelPackage;
import dev.assay.scorer.PackageException;
import dev.assay.scorer.PackageFiles;
import dev.assay.scorer.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP JSON endpoint over a loaded {@link ModelPackage}, on the JDK's own server (no framework): for smoke
 * tests of a package and for teams without a serving stack.
 *
 * <ul>
 *   <li>{@code POST /predict}: a row (a JSON object of input column to value), an array of rows, or
 *       {@code {"rows": [...]}}; answers {@code {"model", "model_hash", "predictions": [...]}}, one prediction per
 *       row in order. A row that cannot be scored answers 400 with {@code {"error", "row"}} naming the column.</li>
 *   <li>{@code GET /health}: 200 with the model and its hash once the package is loaded (its golden rows passed).</li>
 *   <li>{@code GET /manifest}: the package's manifest.</li>
 * </ul>
 */
public final class PackageServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Largest request body read, so one request cannot exhaust the heap. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final ModelPackage model;
  private final HttpServer server;
  private final ExecutorService executor;

  private PackageServer(ModelPackage model, HttpServer server, ExecutorService executor) {
    this.model = model;
    this.server = server;
    this.executor = executor;
  }

  /** Serves {@code model} on {@code host}:{@code port} (0: any free port) with {@code threads} handler threads. */
  public static PackageServer start(ModelPackage model, String host, int port, int threads) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    PackageServer s = new PackageServer(model, server, executor);
    server.createContext("/predict", s::predict);
    server.createContext("/health", s::health);
    server.createContext("/manifest", s::manifest);
    server.setExecutor(executor);
    server.start();
    return s;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void predict(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        send(ex, 405, error("Cannot " + ex.getRequestMethod() + " /predict: send the rows with POST", null));
        return;
      }
      List<Map<String, Object>> rows;
      try {
        rows = rows(read(ex.getRequestBody()));
      } catch (IllegalArgumentException e) {
        send(ex, 400, error(e.getMessage(), null));
        return;
      }
      List<Prediction> predictions = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        try {
          predictions.add(model.predict(rows.get(i)));
        } catch (PackageException e) {
          ObjectNode body = error(e.getMessage(), i);
          if (e.column() != null) {
            body.put("column", e.column());
          }
          send(ex, e.kind() == PackageException.Kind.BAD_ROW ? 400 : 500, body);
          return;
        }
      }
      ObjectNode out = identity();
      out.set("predictions", JSON.valueToTree(predictions));
      send(ex, 200, out);
    }
  }

  private void health(HttpExchange ex) throws IOException {
    try (ex) {
      ObjectNode out = identity();
      out.put("status", "ok");
      out.put("golden_rows", model.manifest().golden().rows());
      send(ex, 200, out);
    }
  }

  private void manifest(HttpExchange ex) throws IOException {
    try (ex) {
      send(ex, 200, JSON.readTree(PackageFiles.manifestBytes(model.manifest())));
    }
  }

  private ObjectNode identity() {
    Manifest.ModelInfo m = model.manifest().model();
    ObjectNode out = JSON.createObjectNode();
    out.put("model", m.ref());
    out.put("model_hash", m.modelHash());
    return out;
  }

  /** The rows of a request body: an object (one row), an array of rows, or {@code {"rows": [...]}}. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> rows(byte[] body) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the request body as JSON: " + firstLine(e));
    }
    if (tree != null && tree.isObject() && tree.has("rows") && tree.size() == 1) {
      tree = tree.get("rows");
    }
    List<JsonNode> nodes = new ArrayList<>();
    if (tree != null && tree.isArray()) {
      ((ArrayNode) tree).forEach(nodes::add);
    } else if (tree != null && tree.isObject()) {
      nodes.add(tree);
    } else {
      throw new IllegalArgumentException("Cannot score the request: send a JSON object (one row of input column to "
          + "value), an array of them, or {\"rows\": [...]}");
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode n : nodes) {
      if (!n.isObject()) {
        throw new IllegalArgumentException("Cannot score the request: row " + rows.size() + " is " + n.getNodeType()
            .toString().toLowerCase(Locale.ROOT) + ", not a JSON object of input column to value");
      }
      rows.add(JSON.convertValue(n, Map.class));
    }
    return rows;
  }

  private static byte[] read(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("Cannot score the request: the body is larger than " + MAX_BODY_BYTES
          + " bytes; send fewer rows per request");
    }
    return body;
  }

  private static ObjectNode error(String message, Integer row) {
    ObjectNode out = JSON.createObjectNode();
    out.put("error", message);
    if (row != null) {
      out.put("row", row);
    }
    return out;
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String firstLine(JsonProcessingException e) {
    return e.getOriginalMessage().lines().findFirst().orElse("");
  }

  private static String firstLine(IOException e) {
    return e instanceof JsonProcessingException j ? firstLine(j) : String.valueOf(e.getMessage());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    model.close();
  }
}
