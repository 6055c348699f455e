package org.jnas.render;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jnas.Jnas;

/**
 * A picture drawn once with {@link Graphics2D} and encoded many ways: SVG (VectorGraphics2D), PNG (ImageIO) and a
 * notebook MIME bundle. Subclasses only implement {@link #paint}; every encoder calls it, so the SVG, the PNG and
 * what a notebook shows can never disagree.
 *
 * <pre>{@code
 * Picture p = CellDiagram.of(arch);
 * p.save(Path.of("cell.svg"));          // or .png
 * byte[] png = p.png(800, 400);          // scaled to fit 800x400
 * }</pre>
 */
public abstract class Picture implements Displayable {

    static {
        Jnas.init(); // headless AWT before the first font or image is touched
    }

    /** Natural width in pixels: what {@link #svg()} and {@link #png()} use. */
    public abstract int width();

    /** Natural height in pixels. */
    public abstract int height();

    /**
     * Draws the picture into the area {@code (0, 0, width, height)} of {@code g}, white background included.
     * Called once per encoding; must draw the same for the same input.
     */
    public abstract void paint(Graphics2D g, int width, int height);

    /** One line saying what the picture shows: the {@code text/plain} form. */
    public abstract String describe();

    /** The SVG document at the natural size. Same input, same bytes. */
    public String svg() {
        return svg(width(), height());
    }

    /** The SVG document at the given size. */
    public String svg(int width, int height) {
        requireSize(width, height);
        VectorGraphics2D g = new VectorGraphics2D();
        applyQualityHints(g);
        paint(g, width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // viewers without DejaVu get the closest widely installed fonts (Verdana shares DejaVu's metrics' lineage)
        String family = "font-family:&quot;" + Style.FONT_FAMILY + "&quot;";
        return out.toString(StandardCharsets.UTF_8).replace(family + ";",
                family + ",Verdana,&quot;Bitstream Vera Sans&quot;,sans-serif;");
    }

    /** The picture as an image at its natural size. */
    public BufferedImage image() {
        return image(width(), height());
    }

    /** The picture as an image of exactly {@code width x height} pixels. */
    public BufferedImage image(int width, int height) {
        requireSize(width, height);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            applyQualityHints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            paint(g, width, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * PNG bytes at {@code scale} times the natural size, drawn (not resampled) at that scale: {@code png(2.0)} is
     * the sharp version for a paper or a high-density screen, with the same layout and proportions.
     */
    public byte[] png(double scale) {
        if (!(scale > 0) || scale > 10) {
            throw new IllegalArgumentException("scale must be in (0, 10], got " + scale);
        }
        int w = (int) Math.round(width() * scale);
        int h = (int) Math.round(height() * scale);
        requireSize(w, h);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            applyQualityHints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(scale, scale);
            paint(g, width(), height());
        } finally {
            g.dispose();
        }
        return encodePng(img);
    }

    /** PNG bytes at the natural size. */
    public byte[] png() {
        return png(width(), height());
    }

    /** PNG bytes of exactly {@code width x height} pixels. */
    public byte[] png(int width, int height) {
        return encodePng(image(width, height));
    }

    private static byte[] encodePng(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // ImageIO's default caches each stream in a temporary file and registers a shutdown hook to delete it,
            // which throws while the JVM shuts down (./jnas search writing its pictures after Ctrl-C); the bytes
            // go to memory anyway
            ImageIO.setUseCache(false);
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the picture at its natural size; the extension picks the encoder ({@code .svg} or {@code .png}).
     *
     * @return the file written
     */
    public Path save(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            if (name.endsWith(".svg")) {
                Files.writeString(file, svg());
            } else if (name.endsWith(".png")) {
                Files.write(file, png());
            } else {
                throw new IllegalArgumentException("cannot tell the format of '" + file + "': name it *.svg or *.png");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write picture to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** SVG, PNG and the one-line description: a notebook shows the richest it supports. */
    @Override
    public Map<String, Object> mimeBundle() {
        var bundle = new LinkedHashMap<String, Object>();
        bundle.put("image/svg+xml", svg());
        bundle.put("image/png", png());
        bundle.put("text/plain", describe());
        return bundle;
    }

    @Override
    public String toString() {
        return describe();
    }

    static void applyQualityHints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    private static void requireSize(int width, int height) {
        if (width < 1 || height < 1 || width > 20_000 || height > 20_000) {
            throw new IllegalArgumentException("picture size must be 1..20000 pixels each way, got " + width + "x"
                    + height);
        }
    }
}
