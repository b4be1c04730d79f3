/**
 * Reductions over a field (sum, min, max, the count of non-finite values) on the host and on a
 * device; the fields' own methods call {@link dev.gridforge.runtime.reduce.FieldReductions}.
 * docs/reductions.md describes the results and the summation order.
 */
package dev.gridforge.runtime.reduce;
