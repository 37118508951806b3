package io.meridian.loadgen;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws a run's {@link LoadSample}s as a PNG: two stacked time series sharing the x axis, seconds since the first
 * join. Top: one-way latency p50 and p99 (ms, left scale) and the load, server egress packets/s (right scale).
 * Bottom: server CPU (% of one core, left scale) and server CPU µs per egress packet (right scale). One point per
 * one-second sample; samples without egress packets are left out, and a series' line breaks where it has no value.
 * Against time, a latency spike lines up with what the load and CPU did in the same second (a scatter against load
 * hid that: its points sat on top of each other once the load held).
 *
 * <p>With nothing to plot (no samples, or none with packets) it still writes an image, of the title and "no data"
 * (so the promised file exists and says why it is empty), and returns 0: callers may warn on that. Pure
 * {@link BufferedImage} drawing: works headless.
 */
final class PlotWriter {
    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    private static final int LEFT = 78;
    private static final int RIGHT = WIDTH - 78;
    private static final int TOP_CHART_TOP = 62;
    private static final int TOP_CHART_BOTTOM = 290;
    private static final int BOTTOM_CHART_TOP = 312;
    private static final int BOTTOM_CHART_BOTTOM = 540;

    private static final Color P50 = new Color(0x1f77b4);
    private static final Color P99 = new Color(0xd62728);
    private static final Color CPU = new Color(0x2ca02c);
    private static final Color PER_PACKET = new Color(0x9467bd);
    private static final Color LOAD = new Color(0x7f7f7f);
    private static final Color GRID = new Color(0xe4e4e4);
    private static final Color AXIS = new Color(0x444444);

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PlotWriter() {
    }

    /** The title line: {@code Meridian bench: conference on meridian, 2025-01-31 14:05 UTC}. */
    static String title(String scenario, String target, ZonedDateTime when) {
        return "Meridian bench: " + scenario + " on " + target + ", "
                + when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT));
    }

    /** {@link #write(Path, List, String)} with {@link #title} of now. */
    static int write(Path png, List<LoadSample> samples, String scenario, String target) throws IOException {
        return write(png, samples, title(scenario, target, ZonedDateTime.now()));
    }

    /**
     * Writes the plot to {@code png} (creating its directory), replacing any file there.
     *
     * @return how many samples were plotted (those with egress packets); 0 means a "no data" image was written
     */
    static int write(Path png, List<LoadSample> samples, String title) throws IOException {
        List<LoadSample> points = samples.stream()
                .filter(s -> Double.isFinite(s.egressPacketsPerSecond()) && s.egressPacketsPerSecond() > 0)
                .toList();
        BufferedImage image = render(points, samples.size(), title);
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
        return points.size();
    }

    static BufferedImage render(List<LoadSample> points, int sampleCount, String title) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            g.drawString(title, LEFT, 24);
            g.setFont(SMALL_FONT);
            g.setColor(AXIS);
            if (points.isEmpty()) {
                g.setFont(TITLE_FONT);
                String text = sampleCount == 0 ? "no data: no load samples were taken"
                        : "no data: none of the " + sampleCount + " load samples had server egress packets";
                centred(g, text, WIDTH / 2, HEIGHT / 2);
                return image;
            }
            LoadSample last = points.get(points.size() - 1);
            g.drawString(String.format(Locale.ROOT, "%d one-second samples over %.0f s (joins, then the measured"
                            + " window), %d participants at the end", points.size(), last.elapsedSeconds(),
                    last.participants()), LEFT, 44);

            Scale x = Scale.of(max(points, LoadSample::elapsedSeconds), LEFT, RIGHT);
            Scale load = Scale.of(max(points, LoadSample::egressPacketsPerSecond), TOP_CHART_BOTTOM, TOP_CHART_TOP);
            Scale latency = Scale.of(Math.max(max(points, LoadSample::latencyP50Millis),
                    max(points, LoadSample::latencyP99Millis)), TOP_CHART_BOTTOM, TOP_CHART_TOP);
            Scale cpu = Scale.of(max(points, LoadSample::cpuPercent), BOTTOM_CHART_BOTTOM, BOTTOM_CHART_TOP);
            // Per-packet cost at near-zero load is the idle cost divided by almost nothing: scale this axis to the
            // samples with at least a tenth of the peak load, and let the idle ones run off the top of the chart.
            double peak = max(points, LoadSample::egressPacketsPerSecond);
            List<LoadSample> loaded = points.stream().filter(p -> p.egressPacketsPerSecond() >= peak / 10).toList();
            Scale perPacket = Scale.of(max(loaded, LoadSample::cpuMicrosPerEgressPacket), BOTTOM_CHART_BOTTOM,
                    BOTTOM_CHART_TOP);

            frame(g, x, latency, TOP_CHART_TOP, TOP_CHART_BOTTOM);
            frame(g, x, cpu, BOTTOM_CHART_TOP, BOTTOM_CHART_BOTTOM);
            xLabels(g, x, BOTTOM_CHART_BOTTOM);
            leftLabels(g, latency, "one-way latency (ms)", AXIS);
            rightLabels(g, load, "egress packets/s", LOAD);
            leftLabels(g, cpu, "server CPU (% of one core)", CPU);
            rightLabels(g, perPacket, "server CPU µs per egress packet", PER_PACKET);

            series(g, points, x, LoadSample::egressPacketsPerSecond, load, LOAD, TOP_CHART_TOP, TOP_CHART_BOTTOM);
            series(g, points, x, LoadSample::latencyP50Millis, latency, P50, TOP_CHART_TOP, TOP_CHART_BOTTOM);
            series(g, points, x, LoadSample::latencyP99Millis, latency, P99, TOP_CHART_TOP, TOP_CHART_BOTTOM);
            series(g, points, x, LoadSample::cpuPercent, cpu, CPU, BOTTOM_CHART_TOP, BOTTOM_CHART_BOTTOM);
            series(g, points, x, LoadSample::cpuMicrosPerEgressPacket, perPacket, PER_PACKET, BOTTOM_CHART_TOP,
                    BOTTOM_CHART_BOTTOM);

            legend(g, TOP_CHART_TOP, new String[] {"latency p50", "latency p99", "egress packets/s (right scale)"},
                    new Color[] {P50, P99, LOAD});
            legend(g, BOTTOM_CHART_TOP, new String[] {"CPU % (left scale)", "CPU µs / packet (right scale)"},
                    new Color[] {CPU, PER_PACKET});

            g.setFont(TEXT_FONT);
            g.setColor(Color.BLACK);
            centred(g, "seconds since the first join", (LEFT + RIGHT) / 2, HEIGHT - 16);
            return image;
        } finally {
            g.dispose();
        }
    }

    /** A linear axis from 0 to a round maximum, mapped onto pixels {@code from} (at 0) .. {@code to} (at max). */
    private record Scale(double max, double step, int from, int to) {
        static Scale of(double dataMax, int from, int to) {
            // A little headroom, so the highest point does not sit on the frame.
            double top = Double.isFinite(dataMax) && dataMax > 0 ? dataMax * 1.03 : 1;
            double raw = top / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double norm = raw / magnitude;
            double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * magnitude;
            return new Scale(Math.ceil(top / step - 1e-9) * step, step, from, to);
        }

        double pixel(double value) {
            return from + (to - from) * value / max;
        }

        int ticks() {
            return (int) Math.round(max / step);
        }

        String label(int tick) {
            double value = tick * step;
            if (max >= 10_000) {
                return format(value / 1000, step / 1000) + "k";
            }
            return format(value, step);
        }

        private static String format(double value, double step) {
            int decimals = 0;
            while (decimals < 6 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
                    > 1e-6) {
                decimals++;
            }
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
    }

    private static double max(List<LoadSample> points, ToDoubleFunction<LoadSample> value) {
        double max = Double.NaN;
        for (LoadSample s : points) {
            double v = value.applyAsDouble(s);
            if (Double.isFinite(v) && !(v <= max)) {
                max = v;
            }
        }
        return max;
    }

    private static void frame(Graphics2D g, Scale x, Scale y, int top, int bottom) {
        g.setStroke(new BasicStroke(1f));
        g.setColor(GRID);
        for (int i = 1; i <= x.ticks(); i++) {
            int px = (int) Math.round(x.pixel(i * x.step()));
            g.drawLine(px, top, px, bottom);
        }
        for (int i = 1; i <= y.ticks(); i++) {
            int py = (int) Math.round(y.pixel(i * y.step()));
            g.drawLine(LEFT, py, RIGHT, py);
        }
        g.setColor(AXIS);
        g.drawRect(LEFT, top, RIGHT - LEFT, bottom - top);
        for (int i = 0; i <= x.ticks(); i++) {
            int px = (int) Math.round(x.pixel(i * x.step()));
            g.drawLine(px, bottom, px, bottom + 4);
        }
    }

    private static void xLabels(Graphics2D g, Scale x, int bottom) {
        g.setFont(SMALL_FONT);
        g.setColor(AXIS);
        for (int i = 0; i <= x.ticks(); i++) {
            centred(g, x.label(i), (int) Math.round(x.pixel(i * x.step())), bottom + 18);
        }
    }

    private static void leftLabels(Graphics2D g, Scale y, String name, Color colour) {
        g.setFont(SMALL_FONT);
        FontMetrics m = g.getFontMetrics();
        g.setColor(AXIS);
        for (int i = 0; i <= y.ticks(); i++) {
            int py = (int) Math.round(y.pixel(i * y.step()));
            g.drawLine(LEFT - 4, py, LEFT, py);
            String label = y.label(i);
            g.drawString(label, LEFT - 7 - m.stringWidth(label), py + m.getAscent() / 2 - 1);
        }
        vertical(g, name, 16, (y.from() + y.to()) / 2, colour);
    }

    private static void rightLabels(Graphics2D g, Scale y, String name, Color colour) {
        g.setFont(SMALL_FONT);
        FontMetrics m = g.getFontMetrics();
        g.setColor(colour);
        for (int i = 0; i <= y.ticks(); i++) {
            int py = (int) Math.round(y.pixel(i * y.step()));
            g.drawLine(RIGHT, py, RIGHT + 4, py);
            g.drawString(y.label(i), RIGHT + 7, py + m.getAscent() / 2 - 1);
        }
        vertical(g, name, WIDTH - 8, (y.from() + y.to()) / 2, colour);
    }

    /** Text rotated a quarter turn anticlockwise, centred on (x, y); x is its baseline. */
    private static void vertical(Graphics2D g, String text, int x, int y, Color colour) {
        g.setFont(TEXT_FONT);
        g.setColor(colour);
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        g.drawString(text, -g.getFontMetrics().stringWidth(text) / 2, 0);
        g.setTransform(saved);
    }

    private static void series(Graphics2D g, List<LoadSample> points, Scale x, ToDoubleFunction<LoadSample> value,
                               Scale y, Color colour, int top, int bottom) {
        Shape clip = g.getClip();
        g.clipRect(LEFT - 4, top - 4, RIGHT - LEFT + 9, bottom - top + 9);
        g.setColor(colour);
        g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double line = new Path2D.Double();
        boolean drawing = false;
        for (LoadSample s : points) {
            double v = value.applyAsDouble(s);
            if (!Double.isFinite(v)) {
                drawing = false;
                continue;
            }
            double px = x.pixel(s.elapsedSeconds());
            double py = y.pixel(v);
            if (drawing) {
                line.lineTo(px, py);
            } else {
                line.moveTo(px, py);
                drawing = true;
            }
            g.fill(new Ellipse2D.Double(px - 2.5, py - 2.5, 5, 5));
        }
        g.draw(line);
        g.setClip(clip);
    }

    private static void legend(Graphics2D g, int top, String[] names, Color[] colours) {
        g.setFont(SMALL_FONT);
        FontMetrics m = g.getFontMetrics();
        int width = 0;
        for (String name : names) {
            width = Math.max(width, m.stringWidth(name));
        }
        int x = LEFT + 8;
        int y = top + 8;
        int row = m.getHeight() + 2;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x, y, width + 38, row * names.length + 8);
        g.setColor(GRID.darker());
        g.drawRect(x, y, width + 38, row * names.length + 8);
        for (int i = 0; i < names.length; i++) {
            int baseline = y + 4 + row * i + m.getAscent();
            int mid = baseline - m.getAscent() / 2 + 1;
            g.setColor(colours[i]);
            g.setStroke(new BasicStroke(2f));
            g.drawLine(x + 6, mid, x + 26, mid);
            g.fill(new Ellipse2D.Double(x + 13.5, mid - 2.5, 5, 5));
            g.setColor(Color.BLACK);
            g.drawString(names[i], x + 32, baseline);
        }
    }

    private static void centred(Graphics2D g, String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
    }
}
