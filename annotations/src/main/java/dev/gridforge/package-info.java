/**
 * The gridforge kernel vocabulary: annotate a static method with {@link dev.gridforge.Pointwise}
 * and its parameters with {@link dev.gridforge.Const}, {@link dev.gridforge.Coord},
 * {@link dev.gridforge.Index} and {@link dev.gridforge.Extent}; mark helpers with
 * {@link dev.gridforge.Device}. This module has no dependencies.
 */
package dev.gridforge;
