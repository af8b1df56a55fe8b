package dev.assay.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Names a process so that another process can later tell whether it still runs: the kernel's boot id,
 * the pid namespace, the pid and the process start time in clock ticks since boot.
 *
 * <p>Why these four and not host name + pid: containers that share a host name (and containers on one
 * machine) have separate pid namespaces, so a pid that is absent here may be a live process there. The
 * boot id ({@code /proc/sys/kernel/random/boot_id}) changes with every boot and differs between machines,
 * but is the same for every container of one kernel; the pid namespace ({@code /proc/self/ns/pid}, e.g.
 * {@code pid:[4026531836]}) tells those containers apart. Only a process in the same boot and pid
 * namespace can probe the pid, and a pid is reused, so the start time ({@code /proc/<pid>/stat} field 22,
 * ticks since boot) tells the process from a later one with the same pid. Ticks since boot, not
 * {@code ProcessHandle.Info.startInstant()}: that instant is derived from the boot time, which moves when
 * the wall clock is stepped, while the tick count of a process never changes.
 *
 * <p>Off Linux (no {@code /proc}) boot id, namespace and start are null: such a run can never be probed,
 * and only its lease (heartbeat) decides whether it is alive; that is slower, never wrong.
 */
public record ProcessIdentity(String bootId, String pidNamespace, long pid, Long startTicks) {
  private static final Path PROC = Path.of("/proc");

  /** This JVM's identity. */
  public static ProcessIdentity current() {
    long pid = ProcessHandle.current().pid();
    return new ProcessIdentity(read(PROC.resolve("sys/kernel/random/boot_id")).orElse(null),
        ownPidNamespace().orElse(null), pid, startTicks(pid).filter(t -> t >= 0).orElse(null));
  }

  /**
   * Whether {@code other} was in this process's boot and pid namespace, so that its pid can be probed here.
   * The caller also requires the same user: with {@code /proc} mounted {@code hidepid=2}, another user's
   * live process is invisible, and must not look gone.
   */
  public boolean probes(ProcessIdentity other) {
    return bootId != null && pidNamespace != null && startTicks != null && other.startTicks() != null
        && bootId.equals(other.bootId()) && pidNamespace.equals(other.pidNamespace());
  }

  /**
   * The start time (ticks since boot) of the process that has {@code pid} in this pid namespace, -1 when it
   * cannot be parsed, or empty when no process has it.
   */
  public static Optional<Long> startTicks(long pid) {
    Optional<String> stat = read(PROC.resolve(pid + "/stat"));
    if (stat.isEmpty()) {
      return Optional.empty();
    }
    // The command name (field 2) is in parentheses and may itself hold spaces and ')': fields 3.. follow the last ')'.
    // Unparseable means unknown, never "gone": callers only probe pids whose identity they could read.
    try {
      String[] fields = stat.get().substring(stat.get().lastIndexOf(')') + 2).split(" ");
      return Optional.of(Long.parseLong(fields[19]));
    } catch (RuntimeException e) {
      return Optional.of(-1L);
    }
  }

  private static Optional<String> ownPidNamespace() {
    try {
      return Optional.of(Files.readSymbolicLink(PROC.resolve("self/ns/pid")).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> read(Path file) {
    try {
      // ISO-8859-1 decodes any byte: a command name in another encoding must not make a live process unreadable.
      return Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1).trim()).filter(s -> !s.isEmpty());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** Short form for messages: {@code pid 4711 (boot a95f94d0, pid:[4026531836])}. */
  String label() {
    return "pid " + pid + (bootId == null ? "" : " (boot " + bootId.substring(0, Math.min(8, bootId.length()))
        + ", " + Objects.requireNonNullElse(pidNamespace, "?") + ")");
  }
}
