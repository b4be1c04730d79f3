package dev.gridforge.samples;

import dev.gridforge.Bench;
import dev.gridforge.Array2f;
import dev.gridforge.Array4f;
import dev.gridforge.Const;
import dev.gridforge.Device;
import dev.gridforge.Extent;
import dev.gridforge.Index;
import dev.gridforge.Pointwise;

/**
 * Seed 002: the forward operator A of a coded-aperture spectral camera and its pseudo-inverse.
 * Arrays are indexed axis 0 first, as gridforge's fields are: seed 002's NumPy/torch tensor
 * {@code x} of shape (B, C, H, W) is read as {@code x.get(w, h, c, b)}, its mask (1, 1, H, W) as
 * {@code mask.get(w, h)}, and the result y of shape (B, 1, H, W') is a field of shape
 * (W', H, 1, B) with W' = W + (C - 1) * step.
 *
 * <p>Each point of y gathers its own C inputs, so no two threads write one element and no atomics
 * are needed; seed 002's channel loop made C launches and its scatter_add wrote each element C times.
 */
final class ShiftSum {

    private ShiftSum() {
    }

    /** y[b, 0, h, w] = sum over c of x[b, c, h, w - c * step] * mask[h, w - c * step], where that column exists. */
    @Bench(sizes = {"256x256x1x16; x=256x256x28x16; mask=256x256", "256x256x1x16; x=256x256x512x16; mask=256x256"},
            constants = "step=2")
    @Pointwise
    static float shiftSum(@Index(0) int w, @Index(1) int h, @Index(3) int b, Array4f x, Array2f mask,
                          @Const int step) {
        int width = x.extent(0);
        float acc = 0;
        for (int c = 0; c < x.extent(2); c++) {
            int src = w - c * step;
            if (src >= 0 && src < width) {
                acc += x.get(src, h, c, b) * mask.get(src, h);
            }
        }
        return acc;
    }

    /**
     * The seed's A_pinv: y divided by how many channels cover its column (the seed's alpha), cut
     * back into channel c at offset c * step, divided by the mask.
     */
    @Pointwise
    static float shiftPinv(@Index(0) int w, @Index(1) int h, @Index(2) int c, @Index(3) int b,
                           @Extent(0) int width, @Extent(2) int channels, Array4f y, Array2f mask,
                           @Const int step) {
        int col = w + c * step;
        // the channels k with 0 <= col - k * step < width, counted without a loop over them
        int first = step == 0 ? 0 : Math.max(0, Math.floorDiv(col - width, step) + 1);
        int last = step == 0 ? channels - 1 : Math.min(channels - 1, col / step);
        int cover = last - first + 1;
        return y.get(col, h, 0, b) / cover / mask.get(w, h);
    }

    /** Uniform in [0, 1) from a hash of the point's linear index: the same numbers on every backend. */
    @Pointwise
    static float uniform(@Index(0) int i0, @Index(1) int i1, @Index(2) int i2, @Index(3) int i3,
                         @Extent(0) int n0, @Extent(1) int n1, @Extent(2) int n2, @Const int seed) {
        return hashUniform(i0 + n0 * (i1 + n1 * (i2 + n2 * i3)), seed);
    }

    /** Uniform in [0, 1), with 0 replaced by 1e-12 as in seed 002 (the pseudo-inverse divides by it). */
    @Pointwise
    static float mask(@Index(0) int w, @Index(1) int h, @Extent(0) int width, @Const int seed) {
        float m = hashUniform(w + width * h, seed);
        return m == 0 ? 1e-12f : m;
    }

    /** |a - b|, for the round trip's mean absolute error (a sum of it divided by the count). */
    @Pointwise
    static float absDiff(float a, float b) {
        return Math.abs(a - b);
    }

    /** A 32-bit integer hash (murmur3's finaliser) of k and a seed, scaled to [0, 1) in steps of 2^-24. */
    @Device
    static float hashUniform(int k, int seed) {
        int z = k * 0x9E3779B9 + seed;
        z ^= z >>> 16;
        z *= 0x85EBCA6B;
        z ^= z >>> 13;
        z *= 0xC2B2AE35;
        z ^= z >>> 16;
        return (z >>> 8) * 0x1p-24f;
    }
}
