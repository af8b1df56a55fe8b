package dev.assay.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class files of a list of jars by internal name ({@code ai/rapids/cudf/Table}), read on demand, with the
 * JDK's own classes behind them. The first jar that holds a name wins, as on a class path.
 *
 * <p>Why "worlds": the RAPIDS distribution jar keeps most of its classes in "parallel worlds", directories such as
 * {@code spark-shared/} and {@code spark355/} (one per Spark release it supports), that its shim loader puts on the
 * class path for the running Spark version. An entry under one of {@code worlds} is indexed under its name without
 * the directory, after the jar's root entries; entries of other worlds are ignored, as the shim loader ignores them.
 */
final class ClassIndex implements AutoCloseable {
  private record Entry(ZipFile jar, ZipEntry entry) {}

  private final List<ZipFile> open = new ArrayList<>();
  private final Map<String, Entry> classes = new HashMap<>();

  ClassIndex(List<Path> jars, List<String> worlds) {
    try {
      for (Path p : jars) {
        ZipFile jar = new ZipFile(p.toFile());
        open.add(jar);
        Map<String, Entry> inWorlds = new HashMap<>();
        for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
          ZipEntry z = e.nextElement();
          String name = z.getName();
          if (!name.endsWith(".class") || name.startsWith("META-INF/")) {
            continue;
          }
          String internal = name.substring(0, name.length() - ".class".length());
          int slash = internal.indexOf('/');
          if (slash > 0 && worlds.contains(internal.substring(0, slash))) {
            inWorlds.putIfAbsent(internal.substring(slash + 1), new Entry(jar, z));
          } else {
            classes.putIfAbsent(internal, new Entry(jar, z));
          }
        }
        inWorlds.forEach(classes::putIfAbsent);
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("Cannot read the jars of the linkage check: " + e.getMessage(), e);
    }
  }

  /** The internal names of the classes {@code jar} holds (it must be one of this index's jars). */
  List<String> classesOf(Path jar) {
    String name = jar.toFile().getPath();
    return classes.entrySet().stream().filter(e -> e.getValue().jar().getName().equals(name)).map(Map.Entry::getKey)
        .sorted().toList();
  }

  /** The class file of {@code internalName}: from the jars, else from the JDK; empty when neither has it. */
  Optional<byte[]> bytes(String internalName) {
    Entry e = classes.get(internalName);
    try {
      if (e != null) {
        try (InputStream in = e.jar().getInputStream(e.entry())) {
          return Optional.of(in.readAllBytes());
        }
      }
      // The platform loader: JDK classes only, never what happens to be on this JVM's own class path.
      try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(internalName + ".class")) {
        return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot read class " + internalName + ": " + ex.getMessage(), ex);
    }
  }

  @Override
  public void close() {
    for (ZipFile z : open) {
      try {
        z.close();
      } catch (IOException ignored) {
        // Read-only: nothing to lose.
      }
    }
  }
}
