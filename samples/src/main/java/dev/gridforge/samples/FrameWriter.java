package dev.gridforge.samples;

import dev.gridforge.runtime.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a run's pictures (drawn by {@link FramePainter}, as the seed's user drew them with
 * matplotlib) as numbered PNG frames into a directory and/or as one animated GIF, each file
 * written whole or not at all ({@link AtomicFile}), and counts the values they had to clip
 * ({@link ClippedValues}). Encoding is the JDK's (ImageIO's PNG and GIF writers).
 */
final class FrameWriter implements AutoCloseable {
    /** Hundredths of a second between GIF frames. */
    private static final int GIF_DELAY = 8;

    private final Path framesDir;
    private final FramePainter painter;
    private final ClippedValues clipped;
    private ImageWriter gif;
    private AtomicFile gifTarget;
    private ImageOutputStream gifOut;
    private int written;

    /** {@code framesDir} or {@code gifFile} may be null (not written). */
    FrameWriter(Path framesDir, Path gifFile, FramePainter painter, PictureStyle style) throws IOException {
        this.framesDir = framesDir;
        this.painter = painter;
        this.clipped = new ClippedValues(style.low(), style.high());
        if (framesDir != null) {
            Files.createDirectories(framesDir);
        }
        if (gifFile != null) {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
            if (!writers.hasNext()) {
                throw new IOException("this Java runtime has no GIF writer (ImageIO)");
            }
            // The earlier run's animation stays until this one is finished (see finish()).
            gifTarget = AtomicFile.create(gifFile);
            gif = writers.next();
            gifOut = new MemoryCacheImageOutputStream(gifTarget.stream());
            try {
                gif.setOutput(gifOut);
                gif.prepareWriteSequence(null);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    /** One frame: {@code values} holds point (x, y) at {@code x + nx * y}. */
    void write(double[] values, long step) throws IOException {
        ClippedValues.Extremes extremes = ClippedValues.Extremes.of(values);
        clipped.add(extremes, step);
        BufferedImage image = painter.paint(values, step, extremes);
        if (framesDir != null) {
            AtomicFile.write(framesDir.resolve(String.format(Locale.ROOT, "frame-%06d.png", step)), out -> png(image, out));
        }
        if (gif != null) {
            gif.writeToSequence(new IIOImage(image, null, gifMetadata(image, written == 0)), null);
        }
        written++;
    }

    int written() {
        return written;
    }

    /** What the pictures clipped, for the run's report; null when nothing. */
    String clippingReport() {
        return clipped.report();
    }

    /** Through a stream of our own: ImageIO's own would cache the picture in a file of the temporary directory first. */
    private static void png(BufferedImage image, OutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } finally {
            writer.dispose();
        }
    }

    /** A frame delay, and on the first frame the NETSCAPE2.0 extension that makes viewers loop the animation. */
    private IIOMetadata gifMetadata(BufferedImage image, boolean first) throws IOException {
        ImageWriteParam param = gif.getDefaultWriteParam();
        IIOMetadata metadata = gif.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(GIF_DELAY));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode app = child(child(root, "ApplicationExtensions"), "ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // loop forever
        }
        metadata.setFromTree(format, root);
        return metadata;
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++) {
            if (parent.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) parent.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }

    /** Ends the animation and puts it in place of the earlier one; the PNG frames are in place as each is written. */
    void finish() throws IOException {
        if (gif != null) {
            try {
                gif.endWriteSequence();
                gifOut.close(); // hands what it holds to the file; the file's own stream stays open
                gifOut = null;
                gifTarget.commit();
            } finally {
                close();
            }
        }
    }

    /** Without {@link #finish()}, drops the animation: the earlier one, if any, stays as it was. */
    @Override
    public void close() throws IOException {
        if (gif != null) {
            try {
                gif.dispose();
                if (gifOut != null) {
                    gifOut.close();
                }
            } finally {
                gif = null;
                gifTarget.close();
            }
        }
    }
}
