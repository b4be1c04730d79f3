/**
 * The runtime API that generated launcher classes call (see docs/internal/launcher-contract.md).
 * Not meant to be called by hand.
 */
package dev.gridforge.runtime.launch;
