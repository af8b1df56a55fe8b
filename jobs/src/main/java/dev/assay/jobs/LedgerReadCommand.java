package dev.assay.jobs;

import dev.assay.ledger.CommitTag;
import dev.assay.ledger.Ledger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A read-only command over the ledger (sql, ledger, report): it records no run, so it is no
 * {@link JobCommand}, and shares only {@code --ledger} and the one way to open the ledger it reads.
 */
abstract class LedgerReadCommand implements Callable<Integer> {
  @ParentCommand
  AssayCli cli;

  @Spec
  CommandSpec self;

  @Mixin
  LedgerOption ledger;

  /**
   * The ledger named by {@code --ledger}, on a session named after the command; the commits it may make
   * (creating or upgrading ledger tables) are tagged with the command and no run.
   */
  final Ledger openLedger() {
    return new Ledger(Session.spark(cli, self.name()), Session.warehouse(cli).resolve(ledger.root()),
        CommitTag.withoutRun(self.name()));
  }
}
