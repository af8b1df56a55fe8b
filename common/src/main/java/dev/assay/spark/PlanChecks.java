package dev.assay.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.CurrentDate;
import org.apache.spark.sql.catalyst.expressions.CurrentTimestampLike;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * What a user's SQL does, read from Spark's own plans and expressions rather than from the text: a
 * statement's first word says nothing about a {@code WITH ... INSERT}, and a function name says
 * nothing about the clock it reads. Findings are plain names, so callers build their own errors.
 */
public final class PlanChecks {
  /** Functions that call any Java method by name: they run code, so user SQL never may. */
  private static final Set<String> REFLECTION = Set.of("reflect", "java_method", "try_reflect");

  /** Expression classes behind those functions (resolved plans no longer hold the names). */
  private static final Set<String> REFLECTION_CLASSES = Set.of("CallMethodViaReflection");

  /**
   * Commands that only read: catalog listings, descriptions, Delta's history and detail, and EXPLAIN
   * (whose inner query is checked like any other). Parsed and analysed forms both, as Spark rewrites
   * one into the other.
   */
  private static final Set<String> READ_ONLY_COMMANDS = Set.of("ShowTables", "ShowTablesCommand",
      "ShowTableExtended", "ShowViews", "ShowViewsCommand", "ShowNamespaces", "ShowColumns", "ShowColumnsCommand",
      "ShowFunctions", "ShowFunctionsCommand", "ShowTableProperties", "ShowTablePropertiesCommand",
      "ShowCreateTable", "ShowCreateTableCommand", "ShowPartitions", "ShowPartitionsCommand", "ShowCatalogs",
      "ShowCurrentNamespace", "ShowCurrentNamespaceCommand", "DescribeRelation", "DescribeTableCommand",
      "DescribeColumn", "DescribeColumnCommand", "DescribeNamespace", "DescribeDatabaseCommand",
      "DescribeFunction", "DescribeFunctionCommand", "DescribeQueryCommand", "ExplainCommand",
      "DescribeDeltaHistory", "DescribeDeltaHistoryCommand", "DescribeDeltaDetailCommand");

  private PlanChecks() {}

  /** The first function in {@code e} (parsed or analysed) that calls Java methods by reflection. */
  public static Optional<String> reflection(Expression e) {
    return first(e, x -> x instanceof UnresolvedFunction f
        && REFLECTION.contains(f.nameParts().last().toLowerCase(Locale.ROOT))
        || REFLECTION_CLASSES.contains(x.getClass().getSimpleName()))
        .map(x -> x instanceof UnresolvedFunction f ? f.nameParts().last() : x.prettyName());
  }

  /**
   * The first part of an analysed {@code e} whose value can differ between two runs over the same
   * rows: Spark's nondeterministic expressions (random numbers, ids, partition ids, file names) and
   * the clock ({@code current_date}, {@code now()}: deterministic to Spark within one query only).
   */
  public static Optional<String> runDependent(Expression e) {
    return first(e, x -> x instanceof CurrentDate || x instanceof CurrentTimestampLike
        || !x.deterministic() && x.children().forall(c -> c.deterministic()))
        .map(Expression::prettyName);
  }

  /**
   * The first node of {@code plan} (its CTEs, subqueries and EXPLAIN's query included) that would write,
   * change a table or the catalog, change the session, or load code: any command or parsed statement
   * except those that only read. Empty when the plan only reads.
   */
  public static Optional<String> notReadOnly(LogicalPlan plan) {
    for (LogicalPlan p : nodes(plan)) {
      String name = p.getClass().getSimpleName();
      if (p instanceof ExplainCommand x) {
        Optional<String> inner = notReadOnly(x.logicalPlan());
        if (inner.isPresent()) {
          return inner;
        }
      } else if (p instanceof DescribeQueryCommand d) {
        Optional<String> inner = notReadOnly(d.plan());
        if (inner.isPresent()) {
          return inner;
        }
      } else if ((p instanceof Command || name.endsWith("Statement") || name.endsWith("Command"))
          && !READ_ONLY_COMMANDS.contains(name)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /** The first reflection function anywhere in {@code plan}, subqueries included. */
  public static Optional<String> reflection(LogicalPlan plan) {
    for (LogicalPlan p : nodes(plan)) {
      for (Expression e : JavaConverters.seqAsJavaList(p.expressions())) {
        Optional<String> r = reflection(e);
        if (r.isPresent()) {
          return r;
        }
      }
    }
    return Optional.empty();
  }

  /** Every node of {@code plan}: children, inner children (CTE definitions) and subquery plans, depth first. */
  private static List<LogicalPlan> nodes(LogicalPlan plan) {
    List<LogicalPlan> out = new ArrayList<>();
    collect(plan, out);
    return out;
  }

  private static void collect(LogicalPlan p, List<LogicalPlan> out) {
    out.add(p);
    for (LogicalPlan c : JavaConverters.seqAsJavaList(p.children())) {
      collect(c, out);
    }
    for (Object inner : JavaConverters.seqAsJavaList(p.innerChildren())) {
      if (inner instanceof LogicalPlan l) {
        collect(l, out);
      }
    }
    for (LogicalPlan s : JavaConverters.seqAsJavaList(p.subqueries())) {
      collect(s, out);
    }
  }

  private static Optional<Expression> first(Expression e, Predicate<Expression> test) {
    Option<Expression> found = e.find(test::test);
    return found.isDefined() ? Optional.of(found.get()) : Optional.empty();
  }
}
