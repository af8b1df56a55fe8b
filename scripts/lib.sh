# Shared by the scripts: the project root, a Java 17, the application jar and Spark's classpath.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

find_java17() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=("$(command -v java 2>/dev/null || true)")
  for d in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/temurin-17* /usr/lib/jvm/*17*; do
    [ -x "$d/bin/java" ] && candidates+=("$d/bin/java")
  done
  for j in "${candidates[@]}"; do
    [ -n "$j" ] && [ -x "$j" ] || continue
    if "$j" -version 2>&1 | head -1 | grep -q '"17\.'; then
      echo "$j"
      return 0
    fi
  done
  echo "assay: no Java 17 found (Spark 3.5 with Hadoop 3.3 needs Java 17): install openjdk-17-jdk or set JAVA_HOME" >&2
  return 2
}

java17_flags() {
  grep -v '^#' "$ROOT/conf/jvm/java17.flags" | tr '\n' ' '
}

app_jar() {
  ls "$ROOT"/jobs/target/assay-[0-9]*.jar 2>/dev/null | head -1 || true
}

# Builds the application jar when it is missing or older than any main source, pom or resource
# (test sources do not go into the jar: editing them must not rebuild it under a running test).
ensure_built() {
  local jar
  jar="$(app_jar)"
  if [ -z "$jar" ] || [ ! -f "$ROOT/jobs/target/spark-classpath.txt" ] \
     || [ -n "$(find "$ROOT/pom.xml" "$ROOT/scorer" "$ROOT/common" "$ROOT/jobs" -newer "$jar" \
                  -not -path '*/src/test/*' -not -path '*/target/*' \
                  \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -print -quit 2>/dev/null)" ]; then
    echo "assay: building the application jar (mvn package, tests skipped)..." >&2
    local j
    j="$(find_java17)" || return 2
    (cd "$ROOT" && JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$j")")")" \
       mvn -q -B -DskipTests package) >&2 || {
      echo "assay: build failed (see the Maven output above)" >&2
      return 1
    }
  fi
}
