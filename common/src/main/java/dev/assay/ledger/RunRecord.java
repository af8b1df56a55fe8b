package dev.assay.ledger;

import dev.assay.data.PinnedInputs;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/**
 * One row of the {@code runs} table: who ran what, on which code, data and device ({@code engine}
 * cpu or gpu, {@code deviceModel} the CPU or GPU model when known), and how it ended. {@code host},
 * {@code pid}, {@code bootId}, {@code pidNamespace} and {@code processStartTicks} name the process, so that
 * a RUNNING row whose process died can be told from a live one (see {@code RecoverAbandonedRuns} and
 * {@code ProcessIdentity}); rows written before the last three existed hold null there.
 */
public record RunRecord(
    String runId,
    String runKey,
    String command,
    RunStatus status,
    Timestamp startedAt,
    Timestamp endedAt,
    String spec,
    String codeVersion,
    boolean codeDirty,
    String projectVersion,
    List<PinnedInputs.Input> dataVersions,
    String sparkVersion,
    String xgboostVersion,
    String javaVersion,
    String master,
    String engine,
    Integer exitCode,
    String error,
    Map<String, String> schedulerContext,
    String user,
    String host,
    String deviceModel,
    Long pid,
    String bootId,
    String pidNamespace,
    Long processStartTicks) {
}
