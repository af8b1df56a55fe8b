package dev.assay.packaging;

import dev.assay.errors.PackageErrors;
import dev.assay.ledger.ModelRecord;
import dev.assay.model.StackArtifact;
import dev.assay.model.StackMembers;
import dev.assay.scorer.GoldenRow;
import dev.assay.scorer.Manifest;
import dev.assay.scorer.PackageFiles;
import dev.assay.spec.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packages made of packages: an averaging ensemble (its members) and a stack (its refitted bases, then its meta
 * model). Each part is exported as a package of its own, with its own golden rows and checks, under
 * {@code members/} (and {@code meta/}); the composite lists the inputs its parts read and has golden rows of its own,
 * scored by its whole Spark pipeline, so loading it re-checks the parts together as well as apart.
 */
final class CompositePackage {
  static final String META_DIR = "meta";
  /** The composite's own feature section: the parts have theirs. */
  private static final Manifest.Features NO_FEATURES = new Manifest.Features(null, null, null, null, null, List.of());
  private static final String MISSING = "each member's own convention (its manifest's missing)";

  private CompositePackage() {}

  /** The package of an averaging ensemble {@code r} with its {@code members}, in averaging order. */
  static Manifest ensemble(ExportPackage.Request r) {
    ModelRecord m = r.model();
    List<ExportPackage.Request> members = r.members();
    return ExportPackage.writeChecked(r, tmp -> {
      Parts parts = new Parts(m.ref());
      for (int i = 0; i < members.size(); i++) {
        parts.member(tmp, i, members.get(i));
      }
      List<GoldenRow> golden = parts.golden(tmp, r);
      String transform = "the members' outputs added in member order and divided by " + members.size()
          + " (binary: the class-1 probability; multiclass: each class's; regression: the value)";
      return manifest(r, Manifest.Algorithm.ENSEMBLE_MEAN, golden, transform, parts, tmp, null);
    });
  }

  /**
   * The package of stack {@code r}: its refitted bases ({@code r.members()}, in the stack's order, each the
   * registered {@code <stack>.<key>} model) as member packages, and its meta model as the package in {@code meta/},
   * whose inputs are the meta-feature columns and, with passthrough, the row's feature columns as the row carries
   * them.
   */
  static Manifest stack(ExportPackage.Request r) {
    ModelRecord m = r.model();
    List<ExportPackage.Request> bases = r.members();
    StackArtifact d = StackMembers.of(r.pipeline()).descriptor();
    if (bases.size() != d.members().size()) {
      throw new IllegalArgumentException("Cannot export " + m.ref() + ": " + bases.size() + " base package(s) for "
          + d.members().size() + " base model(s)");
    }
    ExportPackage.Request metaRequest = StackMeta.request(r);
    return ExportPackage.writeChecked(r, tmp -> {
      Parts parts = new Parts(m.ref());
      List<String> columns = d.metaColumns();
      List<Manifest.MetaFeature> features = new ArrayList<>();
      for (int i = 0; i < bases.size(); i++) {
        String dir = parts.member(tmp, i, bases.get(i));
        for (int c = 0; c < d.classes(); c++) {
          String column = columns.get(features.size());
          features.add(switch (d.taskConstant()) {
            case BINARY -> new Manifest.MetaFeature(column, dir, Manifest.OutputField.PROBABILITY, null);
            case MULTICLASS -> new Manifest.MetaFeature(column, dir, Manifest.OutputField.PROBABILITIES, c);
            case REGRESSION -> new Manifest.MetaFeature(column, dir, Manifest.OutputField.PREDICTION, null);
          });
        }
      }
      Manifest meta = ExportPackage.export(metaRequest.withTarget(tmp.resolve(META_DIR)));
      meta.inputs().stream().filter(in -> !columns.contains(in.name())).forEach(in -> parts.input(in, meta));
      List<GoldenRow> golden = parts.golden(tmp, r);
      String transform = "each base package's output (" + (d.taskConstant() == Task.REGRESSION ? "its prediction"
          : d.taskConstant() == Task.BINARY ? "its class-1 probability" : "each class's probability") + ") becomes "
          + "the meta-feature column stack.features names; the meta package (" + META_DIR + ") scores the row with "
          + "them" + (d.passthrough() ? " and the row's own feature columns" : "");
      Manifest.Stack stack = new Manifest.Stack(new Manifest.Member(META_DIR, meta.model().ref(),
          meta.model().modelHash()), features, d.passthrough());
      return manifest(r, Manifest.Algorithm.STACK, golden, transform, parts, tmp, stack);
    });
  }

  private static Manifest manifest(ExportPackage.Request r, Manifest.Algorithm algorithm, List<GoldenRow> golden,
      String transform, Parts parts, Path tmp, Manifest.Stack stack) throws IOException {
    ModelRecord m = r.model();
    return new Manifest(Manifest.SCHEMA_VERSION, new Manifest.ModelInfo(m.modelName(), m.modelVersion(), m.ref(),
        m.modelHash(), algorithm, Manifest.Task.valueOf(m.task().name()), "", "cpu", null),
        PackagedModel.output(m.task(), ExportPackage.classes(golden), r.trainSpec().metrics().threshold(), transform),
        List.copyOf(parts.inputs.values()), NO_FEATURES, MISSING, ExportPackage.lineage(m), List.of(),
        ExportPackage.checksums(tmp), ExportPackage.golden(r, golden.size()), parts.refs, stack);
  }

  /** The member packages written so far and the union of their inputs (one type per column). */
  private static final class Parts {
    private final String ref;
    private final List<Manifest.Member> refs = new ArrayList<>();
    private final Map<String, Manifest.Input> inputs = new LinkedHashMap<>();

    Parts(String ref) {
      this.ref = ref;
    }

    /** Exports member {@code i} into {@code members/NN-name-version}; returns that directory. */
    String member(Path tmp, int i, ExportPackage.Request member) throws IOException {
      String dir = String.format("members/%02d-%s-%d", i + 1, member.model().modelName(),
          member.model().modelVersion());
      Files.createDirectories(tmp.resolve("members"));
      Manifest mm = ExportPackage.export(member.withTarget(tmp.resolve(dir)));
      refs.add(new Manifest.Member(dir, mm.model().ref(), mm.model().modelHash()));
      mm.inputs().forEach(in -> input(in, mm));
      return dir;
    }

    void input(Manifest.Input in, Manifest part) {
      Manifest.Input seen = inputs.putIfAbsent(in.name(), in);
      if (seen != null && seen.type() != in.type()) {
        throw PackageErrors.notExportable(ref, "input column " + in.name() + ", read as " + seen.type()
            .sparkName() + " by one member and as " + in.type().sparkName() + " by " + part.model().ref() + ",");
      }
    }

    /** The composite's golden rows over every input its parts read, scored by its Spark pipeline. */
    List<GoldenRow> golden(Path tmp, ExportPackage.Request r) throws IOException {
      List<GoldenRow> golden = GoldenExamples.draw(r, List.copyOf(inputs.values()), GoldenExamples.Vectors.NONE);
      PackageFiles.writeGolden(tmp.resolve(ExportPackage.GOLDEN), golden);
      return golden;
    }
  }
}
