package dev.kumo.apiserver.patch.managed;

/**
 * What changed between two values of one type, as SMD's {@code typed.Comparison}.
 *
 * @param added paths present only in the new value (including new maps and list items)
 * @param modified leaves whose value changed
 * @param removed paths present only in the old value
 */
record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {

  /** This comparison without the paths in or below {@code fields}. */
  Comparison excluding(FieldSet fields) {
    if (fields == null || fields.isEmpty()) {
      return this;
    }
    return new Comparison(
        added.recursiveDifference(fields),
        modified.recursiveDifference(fields),
        removed.recursiveDifference(fields));
  }
}
