package dev.assay.gpu;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what RAPIDS' {@code GpuOverrides} logs in explain-only mode ({@code *Exec <X> will run
 * on GPU}, {@code !Exec <X> cannot run on GPU because ...}) while Assay's queries run on CPU, and
 * keeps those lines out of the console.
 */
public final class CaptureGpuPlacement implements AutoCloseable {
  static final String LOGGER = "com.nvidia.spark.rapids.GpuOverrides";

  private final List<String> lines = new ArrayList<>();
  private final LoggerContext context;
  private final AbstractAppender appender;

  public CaptureGpuPlacement() {
    context = (LoggerContext) LogManager.getContext(false);
    appender = new AbstractAppender("assay-gpu-placement", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        synchronized (lines) {
          lines.addAll(event.getMessage().getFormattedMessage().lines().toList());
        }
      }
    };
    appender.start();
    Configuration config = context.getConfiguration();
    LoggerConfig logger = new LoggerConfig(LOGGER, Level.INFO, false);
    logger.addAppender(appender, Level.INFO, null);
    config.addLogger(LOGGER, logger);
    context.updateLoggers();
  }

  /** The lines logged since the last call, and forgets them. */
  public List<String> drain() {
    synchronized (lines) {
      List<String> out = List.copyOf(lines);
      lines.clear();
      return out;
    }
  }

  @Override
  public void close() {
    context.getConfiguration().removeLogger(LOGGER);
    context.updateLoggers();
    appender.stop();
  }
}
