package dev.assay.version;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of the code that produced a result: git commit, whether the tree had uncommitted
 * changes, and the project version. Embedded at build time; recorded on every run.
 */
public record CodeVersion(String commit, boolean dirty, String projectVersion) {
  private static final String RESOURCE = "assay-git.properties";
  private static final CodeVersion CURRENT = load();

  /** The code version of the running build. */
  public static CodeVersion current() {
    return CURRENT;
  }

  /** One string for tables and keys: {@code <commit>[-dirty]}, or {@code unknown} without git. */
  public String label() {
    return commit + (dirty ? "-dirty" : "");
  }

  private static CodeVersion load() {
    Properties p = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read embedded " + RESOURCE, e);
    }
    String commit = p.getProperty("git.commit.id.full", "");
    if (commit.isBlank() || commit.startsWith("${")) {
      commit = "unknown";
    }
    boolean dirty = Boolean.parseBoolean(p.getProperty("git.dirty", "false"));
    String project = p.getProperty("git.build.version", "unknown");
    return new CodeVersion(commit, dirty, project);
  }
}
