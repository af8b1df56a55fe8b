package dev.assay.scorer.runtime;

import com.microsoft.ml.lightgbm.lightgbmlib;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * LightGBM's native libraries, loaded once per JVM from the {@code lightgbmlib} jar (which carries them for Linux,
 * macOS and Windows on x86_64): extracted to a temporary directory and loaded, the core library before its JNI
 * wrapper. In a JVM where SynapseML has loaded them already, they are not loaded twice.
 */
final class LightGBMNatives {
  private static boolean loaded;

  private LightGBMNatives() {}

  static synchronized void load() {
    if (loaded) {
      return;
    }
    try {
      lightgbmlib.LGBM_GetLastError();
      loaded = true;
      return;
    } catch (UnsatisfiedLinkError notYet) {
      // load them below
    }
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String dir = os.contains("win") ? "windows" : os.contains("mac") ? "osx" : "linux";
    String suffix = os.contains("win") ? ".dll" : os.contains("mac") ? ".dylib" : ".so";
    try {
      Path tmp = Files.createTempDirectory("assay-lightgbm");
      tmp.toFile().deleteOnExit();
      for (String name : new String[] {"lib_lightgbm", "lib_lightgbm_swig"}) {
        String resource = "/com/microsoft/ml/lightgbm/" + dir + "/x86_64/" + name + suffix;
        Path file = tmp.resolve(name + suffix);
        try (InputStream in = LightGBMNatives.class.getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalStateException("Cannot load LightGBM: " + resource + " is not in the lightgbmlib jar "
                + "(LightGBM's jar has x86_64 libraries for Linux, macOS and Windows only)");
          }
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit();
        System.load(file.toAbsolutePath().toString());
      }
      loaded = true;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot extract LightGBM's native libraries: " + e.getMessage(), e);
    }
  }
}
