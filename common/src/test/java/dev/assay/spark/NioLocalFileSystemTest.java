package dev.assay.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The local file system without processes gives what Hadoop's own gives: the same permission bits on files,
 * directories and checksum files under any umask, the same link statuses, and a {@code FileContext} rename that
 * still refuses an existing target (Delta's commit on a local warehouse). Hadoop's classes run side by side on
 * the real disk as the reference.
 */
class NioLocalFileSystemTest extends SparkTestBase {
  @TempDir
  File tmp;

  @ParameterizedTest
  @CsvSource({"022, rw-r--r--, rwxr-xr-x", "077, rw-------, rwx------", "002, rw-rw-r--, rwxrwxr-x"})
  void filesAndDirectoriesGetHadoopsOwnPermissions(String umask, String file, String dir) throws IOException {
    Configuration conf = new Configuration(false);
    conf.set("fs.permissions.umask-mode", umask);
    assertThat(layout(new NioLocalFileSystem(), conf, new File(tmp, "nio")))
        .isEqualTo(layout(new LocalFileSystem(), conf, new File(tmp, "hadoop")))
        .contains("f.bin " + file, ".f.bin.crc " + file, "d " + dir, "d/e " + dir, "g.bin rw-r-----");
  }

  /** Creates a file (with its checksum file) and nested directories, sets two modes; lists each path's mode. */
  private static List<String> layout(LocalFileSystem fs, Configuration conf, File root)
      throws IOException {
    fs.initialize(URI.create("file:///"), conf);
    try (FSDataOutputStream out = fs.create(path(root, "f.bin"))) {
      out.write(42);
    }
    fs.mkdirs(path(root, "d/e"));
    fs.mkdirs(path(root, "m"), new FsPermission((short) 0751));
    fs.create(path(root, "g.bin")).close();
    fs.setPermission(path(root, "g.bin"), new FsPermission((short) 0640));
    List<String> modes = new ArrayList<>();
    for (String p : List.of("f.bin", ".f.bin.crc", "d", "d/e", "m", "g.bin")) {
      modes.add(p + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(new File(root, p).toPath())));
    }
    return modes;
  }

  @Test
  void linkStatusesAreHadoopsOwn() throws IOException {
    Files.writeString(new File(tmp, "file").toPath(), "x");
    Files.createDirectory(new File(tmp, "dir").toPath());
    Files.createSymbolicLink(new File(tmp, "link").toPath(), new File(tmp, "file").toPath());
    RawLocalFileSystem hadoop = new RawLocalFileSystem();
    RawLocalFileSystem nio = new NioLocalFileSystem.Raw();
    for (RawLocalFileSystem fs : List.of(hadoop, nio)) {
      fs.initialize(URI.create("file:///"), new Configuration(false));
    }
    for (String name : List.of("file", "dir", "link")) {
      Path p = path(tmp, name);
      assertThat(nio.getFileLinkStatus(p).toString()).as(name).isEqualTo(hadoop.getFileLinkStatus(p).toString());
    }
    Path missing = path(tmp, "missing");
    assertThatThrownBy(() -> nio.getFileLinkStatus(missing)).isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void aFileContextRenameMovesTheChecksumAndRefusesAnExistingTarget() throws Exception {
    Configuration conf = new Configuration(false);
    NioLocalFileSystem.SPARK_CONF.forEach((k, v) -> conf.set(k.substring("spark.hadoop.".length()), v));
    FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf);
    assertThat(fc.getDefaultFileSystem()).isInstanceOf(NioLocalFileSystem.Fs.class);
    Path target = path(tmp, "00000.json");
    write(fc, path(tmp, ".00000.json.tmp"), "first");
    fc.rename(path(tmp, ".00000.json.tmp"), target, Options.Rename.NONE);
    assertThat(Files.readString(new File(tmp, "00000.json").toPath())).isEqualTo("first");
    assertThat(new File(tmp, ".00000.json.crc")).exists();
    assertThat(new File(tmp, "..00000.json.tmp.crc")).doesNotExist();

    Path second = path(tmp, ".other.tmp");
    write(fc, second, "second");
    assertThatThrownBy(() -> fc.rename(second, target, Options.Rename.NONE))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(new File(tmp, "00000.json").toPath())).isEqualTo("first");
  }

  private static Path path(File dir, String name) {
    return new Path(new File(dir, name).toURI());
  }

  private static void write(FileContext fc, Path p, String text) throws IOException {
    try (FSDataOutputStream out = fc.create(p, EnumSet.of(CreateFlag.CREATE))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void localSessionsUseItForBothHadoopApis() throws Exception {
    Configuration conf = spark.sessionState().newHadoopConf();
    assertThat(FileSystem.get(URI.create("file:///"), conf)).isInstanceOf(NioLocalFileSystem.class);
    assertThat(FileContext.getFileContext(URI.create("file:///"), conf).getDefaultFileSystem())
        .isInstanceOf(NioLocalFileSystem.Fs.class);
  }

  @Test
  void modeBitsMapToPosixPermissions() {
    assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(0754))).isEqualTo("rwxr-xr--");
    assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(0))).isEqualTo("---------");
    assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(0777))).isEqualTo("rwxrwxrwx");
  }
}
