package dev.assay.bench;

/**
 * One timed pass: wall seconds, CPU seconds the pass used (this JVM's, or the child process's
 * user + system time) and the peak JVM heap in use while it ran (0 when not measured). On a
 * shared machine wall time grows with other processes' load; CPU time much less so.
 */
public record Sample(double seconds, double cpuSeconds, long peakHeapBytes) {}
