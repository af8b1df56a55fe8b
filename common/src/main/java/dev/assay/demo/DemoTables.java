package dev.assay.demo;

/**
 * Where {@link DemoData#write} put the demo tables, and the latest Delta version of each.
 *
 * @param trainPath the {@code demo/train} table location
 * @param trainVersion its latest version (1 after a fresh write)
 * @param evalPath the {@code demo/eval} table location
 * @param evalVersion its latest version (1 after a fresh write)
 */
public record DemoTables(String trainPath, long trainVersion, String evalPath, long evalVersion) {}
