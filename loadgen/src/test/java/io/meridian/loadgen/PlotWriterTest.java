package io.meridian.loadgen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes plots of made-up samples and reads them back. An empty sample list (or one without any egress packets)
 * gives a "no data" image and a return value of 0, not an exception: the bench always promises the file.
 */
class PlotWriterTest {
    private static final int WHITE = 0xffffff;
    /** Series colours as PlotWriter draws them (point centres are solid, whatever the anti-aliasing). */
    private static final int LOAD = 0x7f7f7f;
    private static final int P50 = 0x1f77b4;
    private static final int CPU = 0x2ca02c;
    /** The legends (which show the series colours) sit at the charts' top left, left of this x. */
    private static final int LEGEND_END = 300;

    @TempDir
    Path dir;

    /** Participants join one a second for 20 s (load and latency rise), then the load holds for 10 s. */
    static List<LoadSample> rampThenHold() {
        List<LoadSample> samples = new ArrayList<>();
        for (int t = 1; t <= 30; t++) {
            int n = Math.min(t, 20);
            double pps = n * (n - 1) * 50.0 + (n > 1 ? (t % 3) * 20 : 0);
            double cpu = 2 + pps * 0.0009;
            samples.add(new LoadSample(t, 1, n, pps, cpu, pps == 0 ? Double.NaN : cpu * 1e4 / pps, n * 100,
                    0.4 + n * 0.05, 1.5 + n * 0.2 + (t == 12 ? 6 : 0), 3 + n * 0.3));
        }
        return samples;
    }

    @Test
    void writesAReadablePngOfTheRightSizeWithBothChartsDrawn() throws Exception {
        Path png = dir.resolve("nested/plot.png");
        int plotted = PlotWriter.write(png, rampThenHold(), PlotWriter.title("conference", "meridian",
                ZonedDateTime.of(2025, 1, 31, 14, 5, 0, 0, ZoneOffset.UTC)));

        assertEquals(29, plotted, "the first sample (one participant) has no packets");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(PlotWriter.WIDTH, image.getWidth());
        assertEquals(PlotWriter.HEIGHT, image.getHeight());
        // Top chart (latency) and bottom chart (CPU): each has many non-white pixels and its series' colour.
        assertTrue(count(image, 80, 65, 720, 288, rgb -> rgb != WHITE) > 500, "top chart is drawn");
        assertTrue(count(image, 80, 315, 720, 538, rgb -> rgb != WHITE) > 500, "bottom chart is drawn");
        assertTrue(count(image, LEGEND_END, 65, 720, 288, rgb -> rgb == P50) > 20, "p50 points in the top chart");
        assertTrue(count(image, LEGEND_END, 315, 720, 538, rgb -> rgb == CPU) > 20,
                "CPU points in the bottom chart");
    }

    @Test
    void samplesAreSpreadAlongTimeEvenWhenTheLoadHolds() throws Exception {
        List<LoadSample> steady = new ArrayList<>();
        for (int t = 1; t <= 30; t++) {
            steady.add(new LoadSample(t, 1, 10, 5_000, 40, 80, 1_000, 0.5, 2, 3));
        }
        Path png = dir.resolve("steady.png");
        assertEquals(30, PlotWriter.write(png, steady, "title"));
        BufferedImage image = ImageIO.read(png.toFile());
        // Against load, thirty samples of one load would be one point; against time they span the chart.
        assertTrue(count(image, LEGEND_END, 65, 400, 288, rgb -> rgb == P50) > 20, "p50 points early in the run");
        assertTrue(count(image, 400, 65, 720, 288, rgb -> rgb == P50) > 20, "p50 points late in the run");
        assertTrue(count(image, 400, 65, 720, 288, rgb -> rgb == LOAD) > 20, "the load, on the right scale");
    }

    @Test
    void samplesWithoutLatencyStillPlotTheirCpu() throws Exception {
        List<LoadSample> samples = new ArrayList<>();
        for (int t = 1; t <= 5; t++) {
            samples.add(new LoadSample(t, 1, 2, 1000 * t, 10 * t, 100, 0, Double.NaN, Double.NaN, Double.NaN));
        }
        Path png = dir.resolve("no-latency.png");
        assertEquals(5, PlotWriter.write(png, samples, "title"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(0, count(image, LEGEND_END, 65, 720, 288, rgb -> rgb == P50));
        assertTrue(count(image, LEGEND_END, 315, 720, 538, rgb -> rgb == CPU) > 20);
    }

    @Test
    void noSamplesOrNoPacketsGiveANoDataImage() throws Exception {
        Path empty = dir.resolve("empty.png");
        assertEquals(0, PlotWriter.write(empty, List.of(), "title"));
        Path idle = dir.resolve("idle.png");
        assertEquals(0, PlotWriter.write(idle, List.of(new LoadSample(1, 1, 1, 0, 1, Double.NaN, 0, Double.NaN,
                Double.NaN, Double.NaN)), "title"));

        for (Path png : List.of(empty, idle)) {
            assertTrue(Files.size(png) > 0);
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(PlotWriter.WIDTH, image.getWidth());
            assertEquals(PlotWriter.HEIGHT, image.getHeight());
            assertTrue(count(image, 0, 260, 800, 320, rgb -> rgb != WHITE) > 50, "the no-data message is drawn");
            assertEquals(0, count(image, 0, 0, 800, 600, rgb -> rgb == P50 || rgb == CPU), "no series drawn");
        }
    }

    private interface RgbTest {
        boolean test(int rgb);
    }

    private static int count(BufferedImage image, int x0, int y0, int x1, int y1, RgbTest test) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (test.test(image.getRGB(x, y) & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
