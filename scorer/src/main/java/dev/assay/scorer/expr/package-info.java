/** Derived expressions as typed trees with Spark 3.5's non-ANSI semantics, and their JSON form. */
package dev.assay.scorer.expr;
