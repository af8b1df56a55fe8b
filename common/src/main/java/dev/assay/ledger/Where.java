package dev.assay.ledger;

import dev.assay.errors.Preconditions;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The filter of a ledger lookup ({@link DriverReads}) or update ({@link RowTransaction}): a conjunction of
 * comparisons of top-level columns with string, int or long values, with SQL's meaning (a null column matches
 * neither {@code =} nor {@code <>}), and of {@code IS NULL} tests. Its equalities are also handed to Delta as a
 * predicate, which skips the files whose statistics rule them out.
 */
public record Where(List<Term> terms) {
  /** Every row. */
  public static final Where ALL = new Where(List.of());

  /** How a column is compared with a value. */
  public enum Op { EQUAL, NOT_EQUAL, IS_NULL }

  /** {@code column op value}, where value is a String, Integer or Long ({@code IS_NULL}: no value). */
  public record Term(String column, Op op, Object value) {
    public Term {
      Preconditions.checkArgument(column != null && op != null, "Cannot filter a ledger lookup without column and op");
      Preconditions.checkArgument(op == Op.IS_NULL ? value == null
          : value instanceof String || value instanceof Integer || value instanceof Long,
          "Cannot filter ledger column %s on %s %s: only string, int and long values, and none for IS_NULL", column,
          op, value);
    }

    boolean test(Object stored) {
      return op == Op.IS_NULL ? stored == null : stored != null && (op == Op.EQUAL) == Objects.equals(stored, value);
    }

    Literal literal() {
      return value instanceof String s ? Literal.ofString(s)
          : value instanceof Integer i ? Literal.ofInt(i) : Literal.ofLong((Long) value);
    }
  }

  public Where {
    terms = List.copyOf(terms);
  }

  public static Where equal(String column, Object value) {
    return new Where(List.of(new Term(column, Op.EQUAL, value)));
  }

  public Where andEqual(String column, Object value) {
    return and(new Term(column, Op.EQUAL, value));
  }

  public Where andNotEqual(String column, Object value) {
    return and(new Term(column, Op.NOT_EQUAL, value));
  }

  public Where andNull(String column) {
    return and(new Term(column, Op.IS_NULL, null));
  }

  private Where and(Term term) {
    List<Term> all = new ArrayList<>(terms);
    all.add(term);
    return new Where(all);
  }

  /** The columns the filter reads. */
  List<String> columns() {
    return terms.stream().map(Term::column).distinct().toList();
  }

  /** Whether a row, given by its values by column name, matches. */
  boolean test(Function<String, Object> row) {
    for (Term t : terms) {
      if (!t.test(row.apply(t.column()))) {
        return false;
      }
    }
    return true;
  }

  /** The equalities as Delta Kernel's predicate for file skipping; empty when there is none. */
  Optional<Predicate> skipping() {
    Predicate all = null;
    for (Term t : terms) {
      if (t.op() == Op.EQUAL) {
        Predicate p = new Predicate("=", new Column(t.column()), t.literal());
        all = all == null ? p : new Predicate("AND", all, p);
      }
    }
    return Optional.ofNullable(all);
  }
}
