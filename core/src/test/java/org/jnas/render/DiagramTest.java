package org.jnas.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jnas.space.Cell;
import org.jnas.space.CellArchitecture;
import org.jnas.space.ChainArchitecture;
import org.jnas.space.Genotypes;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;

class DiagramTest {
    private static final Pattern SVG_TEXT = Pattern.compile("<text[^>]*>([^<]*)</text>");

    static List<String> svgTexts(String svg) {
        var out = new ArrayList<String>();
        Matcher m = SVG_TEXT.matcher(svg);
        while (m.find()) {
            out.add(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        }
        return out;
    }

    static CellArchitecture dartsV2() {
        var space = Spaces.darts();
        return space.freeze(space.fromGenotype(Genotypes.DARTS_V2));
    }

    @Test
    void dartsV2SvgNamesEveryNodeAndLabelsEveryEdge() {
        CellArchitecture arch = dartsV2();
        String svg = CellDiagram.of(arch).svg();
        List<String> texts = svgTexts(svg);
        for (String node : List.of("c_{k-2}", "c_{k-1}", "0", "1", "2", "3", "c_{k}")) {
            // each node name once per cell
            assertEquals(2, texts.stream().filter(node::equals).count(), "node " + node + " in " + texts);
        }
        var expectedLabels = new ArrayList<String>();
        for (Cell c : arch.cells()) {
            c.edges().forEach(e -> expectedLabels.add(e.op()));
        }
        var drawnLabels = texts.stream().filter(t -> t.contains("_")).filter(t -> !t.startsWith("c_")).sorted()
                .toList();
        assertEquals(expectedLabels.stream().sorted().toList(), drawnLabels);
        assertTrue(texts.contains("normal cell") && texts.contains("reduction cell"), texts.toString());
    }

    @Test
    void dartsV2LabelsNeitherOverlapEachOtherNorTheNodesNorTheBorder() {
        CellDiagram d = CellDiagram.of(dartsV2());
        List<Diagram.Text> texts = d.texts();
        assertEquals(16, texts.stream().filter(t -> t.kind() == Diagram.TextKind.EDGE_LABEL).count());
        for (int i = 0; i < texts.size(); i++) {
            Rectangle2D a = texts.get(i).box();
            assertTrue(new Rectangle2D.Double(0, 0, d.width(), d.height()).contains(a),
                    texts.get(i) + " is clipped by the picture border " + d.width() + "x" + d.height());
            for (int j = i + 1; j < texts.size(); j++) {
                assertFalse(a.intersects(texts.get(j).box()), texts.get(i) + " overlaps " + texts.get(j));
            }
            if (texts.get(i).kind() == Diagram.TextKind.EDGE_LABEL) {
                for (Rectangle2D node : d.nodeBoxes()) {
                    assertFalse(a.intersects(node), texts.get(i) + " overlaps node box " + node);
                }
            }
        }
        // nodes do not overlap each other either
        List<Rectangle2D> nodes = d.nodeBoxes();
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                assertFalse(nodes.get(i).intersects(nodes.get(j)), "nodes " + i + " and " + j + " overlap");
            }
        }
    }

    @Test
    void randomDartsAndNasBench201CellsHaveNoOverlappingLabelsEither() {
        var darts = Spaces.darts();
        var nb201 = Spaces.nasBench201();
        for (int seed = 0; seed < 12; seed++) {
            CellArchitecture arch = seed % 2 == 0 ? darts.freeze(darts.sample(new Random(seed)))
                    : nb201.freeze(nb201.sample(new Random(seed)));
            CellDiagram d = CellDiagram.of(arch);
            List<Diagram.Text> texts = d.texts();
            for (int i = 0; i < texts.size(); i++) {
                for (int j = i + 1; j < texts.size(); j++) {
                    assertFalse(texts.get(i).box().intersects(texts.get(j).box()),
                            arch + ": " + texts.get(i) + " overlaps " + texts.get(j));
                }
            }
        }
    }

    @Test
    void stackedCellsDrawTheSameTextsInHalfTheWidth() {
        CellDiagram wide = CellDiagram.of(dartsV2());
        CellDiagram stacked = CellDiagram.stacked(dartsV2());
        assertTrue(stacked.width() < 0.6 * wide.width(), stacked.width() + " vs " + wide.width());
        assertEquals(wide.texts().stream().map(Diagram.Text::text).sorted().toList(),
                stacked.texts().stream().map(Diagram.Text::text).sorted().toList());
        var texts = stacked.texts();
        for (int i = 0; i < texts.size(); i++) {
            assertTrue(new Rectangle2D.Double(0, 0, stacked.width(), stacked.height()).contains(texts.get(i).box()));
            for (int j = i + 1; j < texts.size(); j++) {
                assertFalse(texts.get(i).box().intersects(texts.get(j).box()), texts.get(i) + " / " + texts.get(j));
            }
        }
        // the reduction cell's title sits below every box of the normal cell
        double normalBottom = texts.stream().filter(t -> t.kind() != Diagram.TextKind.LEGEND)
                .filter(t -> t.box().getMaxY() < texts.stream().filter(u -> u.text().equals("reduction cell"))
                        .findFirst().orElseThrow().box().getMinY()).count();
        assertTrue(normalBottom >= 1 + 7 + 8, "normal cell title, 7 nodes, 8 labels above the reduction cell");
    }

    @Test
    void inputsSitLeftAndTheOutputRightOfEveryIntermediateNode() {
        CellDiagram d = CellDiagram.of(dartsV2().cell("normal"));
        var boxes = d.texts().stream().filter(t -> t.kind() == Diagram.TextKind.NODE).toList();
        double inputsRight = boxes.stream().filter(t -> t.text().startsWith("c_{k-"))
                .mapToDouble(t -> t.box().getMaxX()).max().orElseThrow();
        double outputLeft = boxes.stream().filter(t -> t.text().equals("c_{k}"))
                .mapToDouble(t -> t.box().getMinX()).min().orElseThrow();
        for (var t : boxes) {
            if (t.text().matches("\\d")) {
                assertTrue(t.box().getMinX() > inputsRight && t.box().getMaxX() < outputLeft, t.toString());
            }
        }
    }

    @Test
    void sameInputGivesTheSameSvgBytes() {
        assertEquals(CellDiagram.of(dartsV2()).svg(), CellDiagram.of(dartsV2()).svg());
        var space = Spaces.mobile();
        ChainArchitecture chain = space.freeze(space.sample(new Random(3)));
        assertArrayEquals(ChainDiagram.of(chain).png(), ChainDiagram.of(chain).png());
    }

    @Test
    void pngDecodesToTheRequestedSize() throws Exception {
        byte[] png = CellDiagram.of(dartsV2()).png(800, 300);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(800, img.getWidth());
        assertEquals(300, img.getHeight());
        // something besides the white background was drawn
        int nonWhite = 0;
        for (int x = 0; x < img.getWidth(); x += 4) {
            for (int y = 0; y < img.getHeight(); y += 4) {
                nonWhite += (img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        assertTrue(nonWhite > 100, "only " + nonWhite + " sampled pixels are not white");
    }

    @Test
    void scaledPngKeepsTheLayoutAtTwiceThePixels() throws Exception {
        CellDiagram d = CellDiagram.of(dartsV2());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(d.png(2.0)));
        assertEquals(2 * d.width(), img.getWidth());
        assertEquals(2 * d.height(), img.getHeight());
        // the first node (c_{k-2}, green) is drawn where the layout put it, at twice the coordinates
        Rectangle2D first = d.nodeBoxes().get(0);
        int rgb = img.getRGB((int) (2 * first.getX() + 6), (int) (2 * first.getCenterY()));
        assertEquals(CellDiagram.INPUT_FILL.getRGB() & 0xFFFFFF, rgb & 0xFFFFFF);
        assertTrue(d.svg().contains("font-family:&quot;DejaVu Sans&quot;,Verdana"), "SVG names fallback fonts");
    }

    @Test
    void nasBench201CellLeavesOutNoneEdgesAndMarksTheOutput() {
        var space = Spaces.nasBench201();
        String arch = "|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|";
        CellDiagram d = CellDiagram.of(space.freeze(space.fromArchString(arch)));
        var labels = d.texts().stream().filter(t -> t.kind() == Diagram.TextKind.EDGE_LABEL).map(Diagram.Text::text)
                .sorted().toList();
        assertEquals(List.of("avg_pool_3x3", "nor_conv_1x1", "nor_conv_3x3", "skip_connect"), labels);
        var nodes = d.texts().stream().filter(t -> t.kind() == Diagram.TextKind.NODE).map(Diagram.Text::text)
                .toList();
        assertEquals(List.of("in", "1", "2", "out"), nodes);
        assertTrue(svgTexts(d.svg()).containsAll(labels));
    }

    @Test
    void chainShowsEveryBlockWithItsWidthKernelAndStride() {
        var space = Spaces.mobile();
        ChainArchitecture chain = space.freeze(space.sample(new Random(2)));
        ChainDiagram d = ChainDiagram.of(chain);
        assertEquals(chain.blocks().size() + 2, d.nodeBoxes().size());
        List<String> texts = svgTexts(d.svg());
        for (ChainArchitecture.Block b : chain.blocks()) {
            assertTrue(texts.contains(b.width() + " ch"), b + " width missing in " + texts);
            assertTrue(texts.contains(b.kernel() + "x" + b.kernel()), b + " kernel missing");
        }
        long strided = chain.blocks().stream().filter(b -> b.stride() == 2).count();
        assertEquals(strided, texts.stream().filter("stride 2"::equals).count());
        // left to right: each node box starts right of the previous one
        List<Rectangle2D> boxes = d.nodeBoxes();
        for (int i = 1; i < boxes.size(); i++) {
            assertTrue(boxes.get(i).getMinX() > boxes.get(i - 1).getMaxX(), "block " + i + " is not to the right");
        }
    }

    @Test
    void badInputFailsSayingWhatIsWrong() {
        var e = assertThrows(IllegalArgumentException.class, () -> CellDiagram.of(List.<Cell>of()));
        assertTrue(e.getMessage().contains("at least one cell"));
        var size = assertThrows(IllegalArgumentException.class, () -> CellDiagram.of(dartsV2()).png(0, 10));
        assertTrue(size.getMessage().contains("0x10"));
        var ext = assertThrows(IllegalArgumentException.class,
                () -> CellDiagram.of(dartsV2()).save(java.nio.file.Path.of("/tmp/x.gif")));
        assertTrue(ext.getMessage().contains(".svg or *.png"));
    }
}
