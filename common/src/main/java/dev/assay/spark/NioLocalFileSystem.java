package dev.assay.spark;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without a child process per file. Without Hadoop's native library
 * (libhadoop, which Spark's distribution does not ship), {@link RawLocalFileSystem} runs {@code chmod} after it
 * creates each file or directory, and {@code readlink} for each side of a rename through {@code FileContext}, the
 * way Delta commits a log entry (a temporary file renamed into place, its checksum file too). A profile of one
 * CLI test class of 117 s (five tests on local warehouses) counted 1,609 such processes, each a fork of the JVM
 * and two threads to read its output (docs/performance.md).
 *
 * <p>This does the same through {@code java.nio}: the same permission bits (Hadoop applies the umask before it
 * sets them), the same statuses, the same checksum files and rename checks (a rename onto an existing file still
 * fails, which Delta's commit relies on). A symbolic link, a mode with a sticky bit, or a file system without
 * POSIX permissions still takes Hadoop's own path. Set for local runs by {@link AssaySpark#localDefaults()}:
 * {@code fs.file.impl} (the {@code FileSystem} API, Spark's writers) and {@code fs.AbstractFileSystem.file.impl}
 * (the {@code FileContext} API, Delta's log store).
 */
public class NioLocalFileSystem extends LocalFileSystem {
  /** The Spark settings that make {@code file:} paths use these classes in every Hadoop configuration. */
  static final Map<String, String> SPARK_CONF = Map.of(
      "spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName(),
      "spark.hadoop.fs.AbstractFileSystem.file.impl", Fs.class.getName());

  private static final PosixFilePermission[] BITS = PosixFilePermission.values(); // OWNER_READ (0400) first

  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw file system under the checksum layer: permissions and link checks without a process. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      short mode = permission.toShort();
      File file = pathToFile(p);
      if ((mode & ~0777) != 0 || !file.toPath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(file.toPath(), posix(mode));
    }

    /** Hadoop's answer for anything but a symbolic link is the file's status; it learnt that from readlink. */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      return Files.isSymbolicLink(pathToFile(f).toPath()) ? super.getFileLinkStatus(f) : getFileStatus(f);
    }
  }

  /** For {@code FileContext} ({@code fs.AbstractFileSystem.file.impl}): Hadoop's {@code LocalFs} over {@link Raw}. */
  public static class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** Hadoop's {@code RawLocalFs} (whose constructors are package-private) delegating to {@link Raw}. */
  static class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @Deprecated
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }

  /** Whether the JVM's own class loader sees this class, so that Hadoop finds it by name from any thread. */
  static boolean onSystemClassPath() {
    try {
      return Class.forName(NioLocalFileSystem.class.getName(), false, ClassLoader.getSystemClassLoader())
          == NioLocalFileSystem.class;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static Set<PosixFilePermission> posix(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(BITS[i]);
      }
    }
    return set;
  }
}
