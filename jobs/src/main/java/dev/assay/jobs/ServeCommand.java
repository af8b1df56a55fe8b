package dev.assay.jobs;

import dev.assay.errors.PackageErrors;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.ModelPackage;
import dev.assay.scorer.PackageException;
import dev.assay.scorer.serve.PackageServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code assay serve --package DIR --port N}: an exported package behind a small HTTP JSON endpoint, without Spark
 * (no session starts, no ledger is read: the package is the whole model). Runs until the process is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve an exported model package over HTTP (POST /predict, GET /health, GET /manifest), without "
        + "Spark; the package's checksums and golden rows are checked first.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--package", required = true, description = "A directory written by 'assay export'.")
  Path dir;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port (0: any free port; default: 8080).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: 127.0.0.1; "
      + "0.0.0.0 for every interface).")
  String host;

  @Option(names = "--threads", defaultValue = "8", description = "Request handler threads (default: 8).")
  int threads;

  @Override
  public Integer call() throws InterruptedException {
    ModelPackage model;
    try {
      model = ModelPackage.load(dir);
    } catch (PackageException e) {
      throw PackageErrors.refused(e);
    }
    Manifest.ModelInfo m = model.manifest().model();
    PackageServer server;
    try {
      server = PackageServer.start(model, host, port, threads);
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("Cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    System.err.printf("assay serve: %s (model_hash %s, %d golden rows reproduced) on http://%s:%d/predict%n",
        m.ref(), m.modelHash().substring(0, 12), model.manifest().golden().rows(), host, server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}
