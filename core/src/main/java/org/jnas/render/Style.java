package org.jnas.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;

/**
 * Colours and fonts shared by every jnas picture, so a convolution is the same blue in a cell diagram and in an
 * alpha chart. Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies).
 */
public final class Style {
    /** DejaVu (Debian {@code fonts-dejavu-core}); Java falls back to its logical Dialog font when it is missing. */
    public static final String FONT_FAMILY = "DejaVu Sans";

    public static final Color CONV = new Color(0x00, 0x72, 0xB2);
    public static final Color POOL = new Color(0xD5, 0x5E, 0x00);
    public static final Color SKIP = new Color(0x00, 0x9E, 0x73);
    public static final Color NONE = new Color(0xAA, 0xAA, 0xAA);
    public static final Color TEXT = new Color(0x22, 0x22, 0x22);
    public static final Color MUTED = new Color(0x88, 0x88, 0x88);

    /** Series colours for charts: Okabe-Ito without yellow (unreadable on white), then darker extras. */
    public static final List<Color> SERIES = List.of(new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00),
            new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7), new Color(0x56, 0xB4, 0xE9),
            new Color(0xE6, 0x9F, 0x00), new Color(0x00, 0x00, 0x00), new Color(0x88, 0x44, 0x99),
            new Color(0x44, 0x77, 0x33), new Color(0x99, 0x33, 0x33));

    private static final Graphics2D MEASURE;

    static {
        org.jnas.Jnas.init();
        MEASURE = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        Picture.applyQualityHints(MEASURE);
    }

    private Style() {
    }

    /** The colour of an operation's family; unknown names (not in {@link Ops}) are drawn grey. */
    public static Color opColor(String op) {
        return Ops.isKnown(op) ? familyColor(Ops.family(op)) : MUTED;
    }

    public static Color familyColor(OpFamily family) {
        return switch (family) {
            case CONV -> CONV;
            case POOL -> POOL;
            case SKIP -> SKIP;
            case NONE -> NONE;
        };
    }

    /** The {@code i}-th series colour, cycling. */
    public static Color series(int i) {
        return SERIES.get(Math.floorMod(i, SERIES.size()));
    }

    /** {@code color} with alpha {@code 0..1}. */
    public static Color withAlpha(Color color, double alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), (int) Math.round(255 * alpha));
    }

    public static Font font(int style, float size) {
        return new Font(FONT_FAMILY, style, 1).deriveFont(size);
    }

    /** Width and height of {@code text} in {@code font}, measured with the hints every encoder draws with. */
    public static synchronized Rectangle2D textSize(String text, Font font) {
        FontMetrics fm = MEASURE.getFontMetrics(font);
        return new Rectangle2D.Double(0, 0, fm.getStringBounds(text, MEASURE).getWidth(),
                fm.getAscent() + fm.getDescent());
    }

    /** Ascent of {@code font}: where the baseline sits below a text box's top. */
    public static synchronized double ascent(Font font) {
        return MEASURE.getFontMetrics(font).getAscent();
    }
}
