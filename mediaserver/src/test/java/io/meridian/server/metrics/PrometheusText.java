package io.meridian.server.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): every line is a HELP, a TYPE or a sample; names
 * and labels have the documented syntax; values are Go floats; every sample belongs to a family with a TYPE given
 * before it. Anything else throws, naming the line.
 */
public final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\[\\\\n])*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)})? (\\S+)(?: (-?[0-9]+))?");
    private static final Pattern LABEL = Pattern.compile("(" + LABEL_NAME + ")=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?Inf|NaN");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a line feed");
        }
        PrometheusText parsed = new PrometheusText();
        Map<String, String> help = new LinkedHashMap<>();
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "': ";
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (help.put(m.group(1), m.group(2)) != null) {
                    throw new IllegalArgumentException(where + "second HELP for " + m.group(1));
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                String name = m.group(1);
                if (parsed.families.containsKey(name)) {
                    throw new IllegalArgumentException(where + "second TYPE for " + name);
                }
                parsed.families.put(name, new Family(name, m.group(2), help.get(name), new ArrayList<>()));
            } else if (line.startsWith("#")) {
                throw new IllegalArgumentException(where + "a comment that is neither HELP nor TYPE");
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                Sample sample = new Sample(m.group(1), labels(where, m.group(2)), value(where, m.group(3)));
                Family family = parsed.familyOf(sample.name());
                if (family == null) {
                    throw new IllegalArgumentException(where + "no TYPE line before this sample's family");
                }
                if (sample.name().endsWith("_bucket") && family.type().equals("histogram")
                        && !sample.labels().containsKey("le")) {
                    throw new IllegalArgumentException(where + "histogram bucket without 'le'");
                }
                family.samples().add(sample);
            } else {
                throw new IllegalArgumentException(where + "not a HELP, TYPE or sample line");
            }
        }
        return parsed;
    }

    /** The family a sample name belongs to: its own name, or a histogram's or summary's with the suffix removed. */
    private Family familyOf(String sample) {
        Family exact = families.get(sample);
        if (exact != null) {
            return exact;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                Family f = families.get(sample.substring(0, sample.length() - suffix.length()));
                if (f != null && (f.type().equals("histogram")
                        || (f.type().equals("summary") && !suffix.equals("_bucket")))) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Map<String, String> labels(String where, String body) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException(where + "bad label syntax at '" + body.substring(at) + "'");
            }
            if (labels.put(m.group(1), m.group(2)) != null) {
                throw new IllegalArgumentException(where + "label " + m.group(1) + " twice");
            }
            at = m.end();
            if (at < body.length()) {
                if (body.charAt(at) != ',') {
                    throw new IllegalArgumentException(where + "labels not separated by a comma");
                }
                at++;
            }
        }
        return labels;
    }

    private static double value(String where, String text) {
        if (!FLOAT.matcher(text).matches()) {
            throw new IllegalArgumentException(where + "value '" + text + "' is not a float");
        }
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    Set<String> familyNames() {
        return families.keySet();
    }

    public Family family(String name) {
        return families.get(name);
    }

    /** The value of the one sample named {@code sample} whose labels include {@code labels} (name, value pairs). */
    public double value(String sample, String... labels) {
        double found = Double.NaN;
        int matches = 0;
        for (Family f : families.values()) {
            for (Sample s : f.samples()) {
                if (s.name().equals(sample) && hasLabels(s, labels)) {
                    found = s.value();
                    matches++;
                }
            }
        }
        if (matches != 1) {
            throw new AssertionError(matches + " samples " + sample + " with labels " + List.of(labels));
        }
        return found;
    }

    private static boolean hasLabels(Sample s, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
