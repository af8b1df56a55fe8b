package dev.assay.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * One commit of a ledger table as Delta's history records it: what {@code ledger check} needs to tell
 * who made it and to name it for people.
 *
 * @param table the ledger table
 * @param version the table version the commit created
 * @param timestamp when it was committed (Delta's commit timestamp)
 * @param operation Delta's operation name, e.g. {@code WRITE}, {@code MERGE}, {@code DELETE}
 * @param userName the user Delta recorded, or null (local and open-source Spark record none)
 * @param engineInfo the engine that wrote it, e.g. {@code Apache-Spark/3.5.5 Delta-Lake/3.3.2}, or null
 * @param userMetadata the commit's {@code userMetadata}, or null
 */
public record LedgerCommit(LedgerTableName table, long version, Instant timestamp, String operation, String userName,
    String engineInfo, String userMetadata) {

  /** The Assay tag the commit carries, empty when Assay did not make it (or made it before tagging). */
  public Optional<CommitTag> tag() {
    return CommitTag.parse(userMetadata);
  }
}
