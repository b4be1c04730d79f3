package dev.gridforge.processor;

import static dev.gridforge.Derivatives.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.Derivatives;
import org.junit.jupiter.api.Test;

/** The meaning Derivatives.d has when a kernel method is called directly: finite differences, and only under them. */
class FiniteDifferencesTest {

    static double heat(double x, double t, double alpha) {
        double u = Math.sin(Math.PI * x) * Math.exp(-t * t);
        return d(u, t) - alpha * d(d(u, x), x);
    }

    @Test
    void aDirectCallComputesDerivativesByExtrapolatedCentralDifferences() {
        double x = 0.3;
        double t = 0.7;
        double got = Derivatives.byFiniteDifferences(a -> heat(a[0], a[1], 0.05), x, t);
        double u = Math.sin(Math.PI * x) * Math.exp(-t * t);
        double exact = -2 * t * u + 0.05 * Math.PI * Math.PI * u;
        assertEquals(exact, got, 1e-8);
        double first = Derivatives.byFiniteDifferences(a -> d(Math.exp(a[0]), a[0]), 1.5);
        assertEquals(Math.exp(1.5), first, 1e-10);
    }

    @Test
    void outsideTheHarnessDSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> heat(0.3, 0.7, 0.05));
        assertTrue(e.getMessage().contains("Derivatives.byFiniteDifferences"), e.getMessage());
    }

    @Test
    void theVariableMustBeExactlyOneArgument() {
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> Derivatives.byFiniteDifferences(a -> heat(a[0], a[1], 0.05), 0.5, 0.5));
        assertTrue(same.getMessage().contains("argument 0 and argument 1"), same.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Derivatives.byFiniteDifferences(a -> d(a[0] * 2, 3.0), 1.0));
        assertTrue(none.getMessage().contains("none of the arguments"), none.getMessage());
    }

    @Test
    void aBranchThatChangesWhichDerivativesAreTakenIsReported() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Derivatives.byFiniteDifferences(
                a -> a[0] > 1.0 ? d(a[0] * a[0], a[0]) : 0, 1.0000001));
        assertTrue(e.getMessage().contains("a branch on that argument"), e.getMessage());
    }
}
