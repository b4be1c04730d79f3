package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a picture says besides the field: its title, axes' ticks and numbers, and the clipping counted. */
class FramePainterTest {

    private static final PictureStyle WAVE = new PictureStyle("u", ColourMap.DIVERGING, -1.1, 1.1, 29, 0, 1, 0, 1, 0.005);

    @Test
    void theTitleNamesTheFieldTheStepAndTheTime() {
        FramePainter p = new FramePainter(WAVE, 40, 40, 200, true);
        assertEquals("u   step 120 of 200   t = 0.6", p.title(120, false));
        PictureStyle noTime = new PictureStyle("u", ColourMap.DIVERGING, -1.1, 1.1, 29, 0, 1, 0, 1, Double.NaN);
        assertEquals("u   step 120 of 200", new FramePainter(noTime, 40, 40, 200, true).title(120, false));
    }

    /** The title's pixels are the font's for that text, at the top left. */
    @Test
    void theTitleIsDrawnAtTheTopLeft() {
        FramePainter p = new FramePainter(WAVE, 40, 40, 200, true);
        double[] zeros = new double[40 * 40];
        BufferedImage frame = p.paint(zeros, 120, ClippedValues.Extremes.of(zeros));
        BufferedImage text = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        PixelFont.draw(text, p.title(120, false), 12, 12, 2, 0xffffff);
        for (int y = 0; y < 12 + PixelFont.height(2); y++) {
            for (int x = 0; x < frame.getWidth(); x++) {
                boolean ink = (text.getRGB(x, y) & 0xffffff) != 0;
                assertEquals(ink, (frame.getRGB(x, y) & 0xffffff) != 0xffffff, "pixel (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void everyFrameHasOneSizeAndSmallFieldsAreMagnified() {
        FramePainter p = new FramePainter(WAVE, 24, 24, 100000, false);
        double[] v = new double[24 * 24];
        BufferedImage a = p.paint(v, 0, ClippedValues.Extremes.of(v));
        v[3] = -7;
        BufferedImage b = p.paint(v, 99999, ClippedValues.Extremes.of(v));
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        assertTrue(a.getWidth() >= 24 * 10, "magnified: " + a.getWidth());
        assertEquals(p.width(), a.getWidth());
    }

    @Test
    void ticksAndNumbersAreWrittenAsPeopleWriteThem() {
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), FramePainter.ticks(0, 1));
        assertEquals(List.of(0.0, 100.0, 200.0), FramePainter.ticks(0, 255));
        assertEquals(List.of(-1.0, 0.0, 1.0), FramePainter.ticks(-1.1, 1.1));
        assertEquals("0.3", FramePainter.number(0.1 + 0.2, 4));
        assertEquals("-1.1", FramePainter.number(-1.1, 6));
        assertEquals("-1.48834", FramePainter.number(-1.488339900970459, 6));
        assertEquals("250", FramePainter.number(250, 4));
        assertEquals("1.25e-05", FramePainter.number(1.25e-5, 4));
        assertEquals("-inf", FramePainter.number(Double.NEGATIVE_INFINITY, 4));
    }

    @Test
    void aCharacterTheFontLacksIsNamed() {
        BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PixelFont.draw(image, "T", 0, 0, 1, 0));
        assertTrue(e.getMessage().contains("no 'T'"), e.getMessage());
    }

    @Test
    void clippingIsCountedPerPictureWithTheExtremesAndTheirSteps() {
        ClippedValues c = new ClippedValues(-1.1, 1.1);
        c.add(ClippedValues.Extremes.of(new double[] {0, 1}), 0);
        assertNull(c.report(), "nothing clipped, nothing said");
        c.add(ClippedValues.Extremes.of(new double[] {-2.6, 0.5}), 10);
        c.add(ClippedValues.Extremes.of(new double[] {-1.5, 1.2, Double.NaN}), 20);
        assertEquals("2 of 3 pictures have values outside the colour range [-1.1, 1.1], drawn in its end colours (marked on"
                + " the colour bar): as low as -2.6 at step 10, as high as 1.2 at step 20; 1 of 3 pictures have NaN values,"
                + " drawn black", c.report());
    }
}
