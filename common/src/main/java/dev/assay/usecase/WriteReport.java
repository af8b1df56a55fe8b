package dev.assay.usecase;

import dev.assay.errors.UsageErrors;
import dev.assay.ledger.Ledger;
import dev.assay.report.CollectReport;
import dev.assay.report.RenderReport;
import dev.assay.report.ReportData;
import dev.assay.run.StepLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code assay report}: collects the ledger's leaderboards, metric histories, slices, benchmarks and
 * champion lineage and writes them as one self-contained HTML page (opens offline).
 */
public final class WriteReport {
  private WriteReport() {}

  /** Writes the page to {@code out} atomically (a temporary file, then a rename) and returns what it shows. */
  public static ReportData write(Ledger ledger, Path out, String metric) {
    Path target = out.toAbsolutePath().normalize();
    Path dir = target.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw UsageErrors.reportDirectoryMissing(out, dir);
    }
    ReportData data = CollectReport.collect(ledger, metric);
    String html = RenderReport.html(data);
    try {
      Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      try {
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        try {
          // A temporary file is private (0600); the report is meant to be shared like any other output.
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: keep its defaults
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw UsageErrors.reportNotWritable(out, e.getMessage(), e);
    }
    StepLog.step("report", null, "wrote %s (%d KB): %d leaderboards, metric %s, %s, %s, %d champions", target,
        html.length() / 1024, data.leaderboards().size(), data.metric(),
        data.slices() == null ? "no slices" : data.slices().labels().size() + " slices",
        data.latency() == null ? "no benchmarks" : data.latency().table().size() + " benchmarked models",
        data.lineage().size());
    return data;
  }
}
