package org.edgegen.experiment;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes every figure twice: a PNG for the report and, next to it with the same name, an SVG for a paper
 * (VectorGraphics2D, which XChart brings). The PNG is what XChart's bitmap encoder draws; the SVG is the same
 * painting on a vector canvas.
 */
final class FigureFiles {

    /** Paints a figure of a given size on any canvas, a bitmap or a vector one. */
    interface Painter {
        void paint(Graphics2D g, int width, int height);
    }

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private FigureFiles() {}

    /** Where the SVG of the PNG {@code png} goes: the same name, ending in .svg. */
    static Path svgOf(Path png) {
        String name = png.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        return png.resolveSibling(stem + ".svg");
    }

    /** One chart as PNG and SVG. */
    static void save(Chart<?, ?> chart, Path png) throws IOException {
        createParent(png);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapFormat.PNG);
        writeSvg(svgOf(png), chart.getWidth(), chart.getHeight(), (g, w, h) -> chart.paint(g, w, h));
    }

    /** Panels of equal size stacked in one column, with one legend below them, as PNG and SVG. */
    static void stacked(List<? extends Chart<?, ?>> panels, SharedLegend legend, Path png) throws IOException {
        int width = panels.get(0).getWidth();
        int height = panels.get(0).getHeight();
        save(width, height * panels.size() + legend.height(), (g, w, h) -> {
            for (int i = 0; i < panels.size(); i++) {
                Graphics2D panel = (Graphics2D) g.create(0, i * height, width, height);
                try {
                    panels.get(i).paint(panel, width, height);
                } finally {
                    panel.dispose();
                }
            }
            legend.paint(g, height * panels.size());
        }, png);
    }

    /** A figure drawn by {@code painter} on a white canvas of the given size, as PNG and SVG. */
    static void save(int width, int height, Painter painter, Path png) throws IOException {
        createParent(png);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            painter.paint(g, width, height);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer for " + png);
        }
        writeSvg(svgOf(png), width, height, (v, w, h) -> {
            v.setColor(Color.WHITE);
            v.fillRect(0, 0, w, h);
            painter.paint(v, w, h);
        });
    }

    private static void writeSvg(Path svg, int width, int height, Painter painter) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        painter.paint(g, width, height);
        Document document = new SVGProcessor().getDocument(g.getCommands(), new PageSize(0.0, 0.0, width, height));
        try (OutputStream out = Files.newOutputStream(svg)) {
            document.writeTo(out);
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
