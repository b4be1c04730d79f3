package dev.gridforge.samples;

public final class Samples {
    public static void main(String[] args) {
        System.out.println(HaversineKernels.cudaSource("distance"));
    }
}
