package dev.assay.scorer;

/** Release numbers compared as numbers, part by part ({@code 3.10.0 > 3.9.1}); a suffix after a part is ignored. */
final class Versions {
  private Versions() {}

  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Integer.compare(part(x, i), part(y, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int part(String[] parts, int i) {
    if (i >= parts.length) {
      return 0;
    }
    String digits = parts[i].replaceAll("^(\\d*).*$", "$1");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }
}
