package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.io.Npy;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PINN residual launched chunk by chunk equals one launch over all points, bit for bit, on the host backends. */
class PointChunksTest {

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "cuda-sim"})
    void chunkedLaunchesGiveTheValuesOfOneLaunch(String name) throws IOException {
        Backend backend = Backend.parse(name);
        Assumptions.assumeTrue(backend != Backend.CUDA_SIM || CudaSimulator.isAvailable(), "no g++ for the simulator");
        Random random = new Random(5);
        double[] xs = new double[100];
        double[] ts = new double[100];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = random.nextDouble();
            ts[i] = random.nextDouble();
        }
        DoubleField x = DoubleField.of(xs, 10, 10);
        DoubleField t = DoubleField.of(ts, 10, 10);
        List<Field> open = new ArrayList<>();
        try {
            DoubleField[] w = new DoubleField[5];
            String[] names = {"w1", "b1", "w2", "b2", "w3"};
            for (int i = 0; i < w.length; i++) {
                w[i] = Gridforge.upload(weight(names[i]), backend);
                open.add(w[i]);
            }
            double b3 = weight("b3").get(0);
            PinnKernels.Launcher k = PinnKernels.on(backend);
            DoubleField xd = Gridforge.upload(x, backend);
            DoubleField td = Gridforge.upload(t, backend);
            open.add(xd);
            open.add(td);
            DoubleField whole = k.residual(xd, td, w[0], w[1], w[2], w[3], w[4], b3, 0.05);
            open.add(whole);
            PointChunks chunks = new PointChunks(backend, 7, x, t);
            open.addAll(chunks.fields());
            assertEquals(15, chunks.count(), "14 chunks of 7 points and one of 2");
            assertEquals(2, chunks.points(14));
            List<DoubleField> parts = new ArrayList<>();
            for (int c = 0; c < chunks.count(); c++) {
                parts.add(k.residual(chunks.input(c, 0), chunks.input(c, 1), w[0], w[1], w[2], w[3], w[4], b3, 0.05));
            }
            open.addAll(parts);
            assertArrayEquals(whole.toArray(), chunks.join(parts));
        } finally {
            open.forEach(Field::close);
        }
    }

    private static DoubleField weight(String name) throws IOException {
        try (InputStream in = PinnResidualCommand.class.getResourceAsStream("pinn/" + name + ".npy")) {
            return (DoubleField) Npy.readField(in, name);
        }
    }
}
