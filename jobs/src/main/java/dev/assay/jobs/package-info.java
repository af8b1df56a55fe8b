/**
 * The command line: one picocli command per job, shared options as mixins. A command parses its arguments
 * into a spec or options record, builds the job context and calls one use case of
 * {@code dev.assay.usecase}; it holds no job logic. Exit codes follow {@link dev.assay.errors.ExitCode}.
 */
package dev.assay.jobs;
