package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jnas.render.Displayable;
import org.jnas.render.Picture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryTest {

    @Test
    void everyPictureKindRendersAndReadsAsText() throws Exception {
        Map<String, Object> all = Gallery.pictures();
        assertEquals(List.of("cell_darts_v2", "cell_darts_v2_stacked", "cell_nasbench201", "chain_mobile", "transformer_vit", "pareto",
                "best_so_far", "best_so_far_vs_cost", "alpha_weights", "train_valid", "history", "top5"), List.copyOf(all.keySet()));
        for (var e : all.entrySet()) {
            Map<String, Object> bundle = ((Displayable) e.getValue()).mimeBundle();
            assertTrue(bundle.get("text/plain") instanceof String s && !s.isBlank(), e.getKey());
            if (e.getValue() instanceof Picture p) {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream((byte[]) bundle.get("image/png")));
                assertEquals(p.width(), img.getWidth(), e.getKey());
                assertEquals(p.height(), img.getHeight(), e.getKey());
                assertTrue(p.width() <= 1400, e.getKey() + " is too wide for a notebook: " + p.width());
            } else {
                assertTrue(((String) bundle.get("text/html")).contains("<table"), e.getKey());
            }
        }
    }

    @Test
    void mainWritesPngsTextAndHtmlToTheFolder(@TempDir Path dir) throws Exception {
        Gallery.main(new String[] {dir.toString()});
        for (String stem : List.of("cell_darts_v2", "pareto", "alpha_weights")) {
            Path png = dir.resolve(stem + ".png");
            assertTrue(Files.size(png) < 200_000, png + " is " + Files.size(png) + " bytes");
            assertTrue(ImageIO.read(png.toFile()) != null);
        }
        assertTrue(Files.readString(dir.resolve("top5.txt")).startsWith("top 5 by accuracy"));
        assertTrue(Files.readString(dir.resolve("history.html")).contains("<caption>search history (12 rows)"));
    }
}
