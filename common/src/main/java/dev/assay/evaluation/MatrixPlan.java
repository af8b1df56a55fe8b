package dev.assay.evaluation;

import dev.assay.ledger.EvalCell;
import dev.assay.ledger.ModelId;
import dev.assay.version.DataVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation matrix of {@code reevaluate}: models × suite references × one metric code
 * version, and which of its cells the metrics table lacks. Pure: it needs the registered models,
 * the pinned suite and the stored cells, never the evaluation data.
 *
 * @param cells every cell of the matrix, in model order then suite order, without duplicates
 * @param missing the cells without stored whole-dataset metrics, in the same order
 */
public record MatrixPlan(List<Cell> cells, List<Cell> missing) {

  /** One suite reference pinned to a data version, with its optional row filter. */
  public record SuiteRef(String evalName, String table, DataVersion version, String filter) {
    /** The data version's identity: Delta table id and version (the path is a label). */
    public DataKey dataKey() {
      return new DataKey(version.tableId(), version.version());
    }

    /** This reference as an evaluation cell of {@code metricCodeVersion}, the key of its metric rows. */
    public EvalCell cell(String metricCodeVersion) {
      return new EvalCell(evalName, table, version, filter, metricCodeVersion);
    }

    @Override
    public String toString() {
      return evalName + " = " + table + " v" + version.version() + (filter == null ? "" : " where " + filter);
    }
  }

  /** A Delta data version by identity. */
  public record DataKey(String tableId, long version) {}

  /** What the metrics table stores a cell by: whole-dataset rows of model, data version, filter and metric code. */
  public record CellKey(ModelId model, DataKey data, String evalFilter, String metricCodeVersion) {}

  /** One cell: a model on a suite reference with a metric code version. */
  public record Cell(ModelId model, SuiteRef ref, String metricCodeVersion) {
    public CellKey key() {
      return new CellKey(model, ref.dataKey(), ref.filter(), metricCodeVersion);
    }

    /** Where this cell's metric rows are keyed, apart from the model. */
    public EvalCell eval() {
      return ref.cell(metricCodeVersion);
    }

    /** The plan line for a missing cell. */
    public String line() {
      return "missing  " + model + "  on " + ref + "  (metric code " + metricCodeVersion + ")";
    }
  }

  /**
   * The matrix of {@code models} × {@code suite} at {@code metricCodeVersion}, with the cells whose
   * keys are not in {@code stored}. Two suite references to the same data version and filter
   * are one cell (the first reference's name is kept).
   */
  public static MatrixPlan of(List<ModelId> models, List<SuiteRef> suite, String metricCodeVersion,
      Set<CellKey> stored) {
    List<SuiteRef> distinct = new ArrayList<>();
    Set<List<Object>> seen = new LinkedHashSet<>();
    for (SuiteRef r : suite) {
      if (seen.add(Arrays.asList(r.version().tableId(), r.version().version(), r.filter()))) {
        distinct.add(r);
      }
    }
    List<Cell> cells = new ArrayList<>();
    List<Cell> missing = new ArrayList<>();
    for (ModelId m : models) {
      for (SuiteRef r : distinct) {
        Cell c = new Cell(m, r, metricCodeVersion);
        cells.add(c);
        if (!stored.contains(c.key())) {
          missing.add(c);
        }
      }
    }
    return new MatrixPlan(List.copyOf(cells), List.copyOf(missing));
  }

  /** Missing cells grouped by data version (each is read once), in first-seen order. */
  public Map<DataKey, List<Cell>> missingByData() {
    Map<DataKey, List<Cell>> groups = new LinkedHashMap<>();
    for (Cell c : missing) {
      groups.computeIfAbsent(c.ref().dataKey(), k -> new ArrayList<>()).add(c);
    }
    return groups;
  }

  /** The plan as printed: one line per missing cell, then "N cells missing of M". */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Cell c : missing) {
      lines.add(c.line());
    }
    lines.add(summary());
    return lines;
  }

  public String summary() {
    return missing.size() + " cells missing of " + cells.size();
  }
}
