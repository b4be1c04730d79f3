package dev.gridforge.samples;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;

/**
 * A 5 x 8 pixel font for the pictures' labels, drawn pixel by pixel. Java2D's text needs fonts
 * and fontconfig, which headless JDKs on GPU servers and in containers often lack; these glyphs
 * need nothing, and give the same pixels everywhere. Digits, lower-case letters and the signs
 * numbers and labels use.
 */
final class PixelFont {
    static final int GLYPH_WIDTH = 5;
    static final int GLYPH_HEIGHT = 8;
    /** Pixels between letters, before scaling. */
    private static final int SPACING = 1;

    private static final Map<Character, String[]> GLYPHS = new HashMap<>();

    static {
        glyph('0', " ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### ", "     ");
        glyph('1', "  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### ", "     ");
        glyph('2', " ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####", "     ");
        glyph('3', "#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### ", "     ");
        glyph('4', "   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # ", "     ");
        glyph('5', "#####", "#    ", "#### ", "    #", "    #", "#   #", " ### ", "     ");
        glyph('6', "  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### ", "     ");
        glyph('7', "#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   ", "     ");
        glyph('8', " ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### ", "     ");
        glyph('9', " ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  ", "     ");
        glyph('.', "     ", "     ", "     ", "     ", "     ", " ##  ", " ##  ", "     ");
        glyph(',', "     ", "     ", "     ", "     ", "     ", " ##  ", "  #  ", " #   ");
        glyph('-', "     ", "     ", "     ", " ### ", "     ", "     ", "     ", "     ");
        glyph('+', "     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     ", "     ");
        glyph('=', "     ", "     ", "#####", "     ", "#####", "     ", "     ", "     ");
        glyph(':', "     ", " ##  ", " ##  ", "     ", " ##  ", " ##  ", "     ", "     ");
        glyph('/', "     ", "    #", "   # ", "  #  ", " #   ", "#    ", "     ", "     ");
        glyph('(', "   # ", "  #  ", " #   ", " #   ", " #   ", "  #  ", "   # ", "     ");
        glyph(')', " #   ", "  #  ", "   # ", "   # ", "   # ", "  #  ", " #   ", "     ");
        glyph(' ', "     ", "     ", "     ", "     ", "     ", "     ", "     ", "     ");
        glyph('a', "     ", "     ", " ### ", "    #", " ####", "#   #", " ####", "     ");
        glyph('b', "#    ", "#    ", "# ## ", "##  #", "#   #", "#   #", "#### ", "     ");
        glyph('c', "     ", "     ", " ### ", "#    ", "#    ", "#   #", " ### ", "     ");
        glyph('d', "    #", "    #", " ## #", "#  ##", "#   #", "#   #", " ####", "     ");
        glyph('e', "     ", "     ", " ### ", "#   #", "#####", "#    ", " ### ", "     ");
        glyph('f', "  ## ", " #  #", " #   ", "###  ", " #   ", " #   ", " #   ", "     ");
        glyph('g', "     ", "     ", " ####", "#   #", "#   #", " ####", "    #", " ### ");
        glyph('h', "#    ", "#    ", "# ## ", "##  #", "#   #", "#   #", "#   #", "     ");
        glyph('i', "  #  ", "     ", " ##  ", "  #  ", "  #  ", "  #  ", " ### ", "     ");
        glyph('j', "   # ", "     ", "  ## ", "   # ", "   # ", "   # ", "#  # ", " ##  ");
        glyph('k', "#    ", "#    ", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "     ");
        glyph('l', " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### ", "     ");
        glyph('m', "     ", "     ", "## # ", "# # #", "# # #", "#   #", "#   #", "     ");
        glyph('n', "     ", "     ", "# ## ", "##  #", "#   #", "#   #", "#   #", "     ");
        glyph('o', "     ", "     ", " ### ", "#   #", "#   #", "#   #", " ### ", "     ");
        glyph('p', "     ", "     ", "#### ", "#   #", "#   #", "#### ", "#    ", "#    ");
        glyph('q', "     ", "     ", " ####", "#   #", "#   #", " ####", "    #", "    #");
        glyph('r', "     ", "     ", "# ## ", "##  #", "#    ", "#    ", "#    ", "     ");
        glyph('s', "     ", "     ", " ####", "#    ", " ### ", "    #", "#### ", "     ");
        glyph('t', " #   ", " #   ", "###  ", " #   ", " #   ", " #  #", "  ## ", "     ");
        glyph('u', "     ", "     ", "#   #", "#   #", "#   #", "#  ##", " ## #", "     ");
        glyph('v', "     ", "     ", "#   #", "#   #", "#   #", " # # ", "  #  ", "     ");
        glyph('w', "     ", "     ", "#   #", "#   #", "# # #", "# # #", " # # ", "     ");
        glyph('x', "     ", "     ", "#   #", " # # ", "  #  ", " # # ", "#   #", "     ");
        glyph('y', "     ", "     ", "#   #", "#   #", "#   #", " ####", "    #", " ### ");
        glyph('z', "     ", "     ", "#####", "   # ", "  #  ", " #   ", "#####", "     ");
    }

    private static void glyph(char c, String... rows) {
        GLYPHS.put(c, rows);
    }

    private PixelFont() {
    }

    /** The width of {@code text} in pixels at {@code scale}. */
    static int width(String text, int scale) {
        return text.isEmpty() ? 0 : (text.length() * (GLYPH_WIDTH + SPACING) - SPACING) * scale;
    }

    static int height(int scale) {
        return GLYPH_HEIGHT * scale;
    }

    /**
     * Draws {@code text} with its top left corner at (x, y); pixels outside the image are skipped.
     *
     * @throws IllegalArgumentException for a character the font has no glyph for
     */
    static void draw(BufferedImage image, String text, int x, int y, int scale, int rgb) {
        for (int i = 0; i < text.length(); i++) {
            String[] rows = GLYPHS.get(text.charAt(i));
            if (rows == null) {
                throw new IllegalArgumentException("the pictures' font has no '" + text.charAt(i) + "' (in \"" + text
                        + "\"): it has digits, lower-case letters and . , - + = : / ( )");
            }
            int left = x + i * (GLYPH_WIDTH + SPACING) * scale;
            for (int r = 0; r < GLYPH_HEIGHT; r++) {
                for (int c = 0; c < GLYPH_WIDTH; c++) {
                    if (rows[r].charAt(c) == '#') {
                        block(image, left + c * scale, y + r * scale, scale, rgb);
                    }
                }
            }
        }
    }

    /** One pixel of a glyph, {@code scale} x {@code scale}, clipped to the image. */
    private static void block(BufferedImage image, int x, int y, int scale, int rgb) {
        for (int py = Math.max(0, y); py < Math.min(image.getHeight(), y + scale); py++) {
            for (int px = Math.max(0, x); px < Math.min(image.getWidth(), x + scale); px++) {
                image.setRGB(px, py, rgb);
            }
        }
    }
}
