/**
 * Population stability (PSI) between two versions of a table, per feature and for the whole table, from
 * integer bin counts so that the stored value does not depend on partitioning. Imports only {@code errors}.
 */
package dev.assay.drift;
