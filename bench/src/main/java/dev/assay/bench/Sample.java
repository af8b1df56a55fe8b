package dev.assay.bench;

/** One timed pass: wall seconds and the peak JVM heap in use while it ran. */
public record Sample(double seconds, long peakHeapBytes) {}
