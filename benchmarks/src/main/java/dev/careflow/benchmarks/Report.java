package dev.careflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The rounds' results put together: a Markdown table, an HTML chart and the raw figures. */
final class Report {

    /** A workload as reported. */
    enum Workload {
        W1("W1 transaction ingest (Synthea)", "resources/s", Target.throughput(800)),
        W2("W2 create/read/update/search mix", "req/s", Target.p99(40)),
        W3("W3 Practitioner/$worklist", "req/s", Target.p95(30)),
        W4("W4 discharge → TCM Tasks searchable", "msg/s", Target.p95(250)),
        W5("W5 Patient/$everything", "req/s", null),
        W6("W6 read by id", "req/s", Target.p99(5)),
        W7("W7 Practitioner/$billing-summary (200 patients)", "req/s", null);

        final String title;
        final String unit;
        final Target target;

        Workload(String title, String unit, Target target) {
            this.title = title;
            this.unit = unit;
            this.target = target;
        }
    }

    /** A figure a workload must reach on Careflow. */
    record Target(String label, double value, String kind) {
        static Target throughput(double value) {
            return new Target(">= " + (int) value + " resources/s", value, "throughput");
        }

        static Target p95(double millis) {
            return new Target("p95 <= " + (int) millis + " ms", millis, "p95");
        }

        static Target p99(double millis) {
            return new Target("p99 <= " + (int) millis + " ms", millis, "p99");
        }

        boolean met(Summary summary) {
            return switch (kind) {
                case "throughput" -> summary.throughput() >= value;
                case "p95" -> summary.p95() <= value;
                default -> summary.p99() <= value;
            };
        }
    }

    /** All rounds of one workload on one server. */
    record Summary(long operations, long units, long errors, double seconds, Histogram latency, String firstError) {
        double throughput() {
            return seconds == 0 ? 0 : units / seconds;
        }

        double p50() {
            return millis(50);
        }

        double p95() {
            return millis(95);
        }

        double p99() {
            return millis(99);
        }

        private double millis(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final Map<Workload, Map<String, List<Load.Result>>> results = new LinkedHashMap<>();
    final Map<String, String> facts = new LinkedHashMap<>();

    void add(Workload workload, String server, Load.Result result) {
        results.computeIfAbsent(workload, w -> new LinkedHashMap<>())
                .computeIfAbsent(server, s -> new ArrayList<>())
                .add(result);
        System.out.printf(
                Locale.ROOT,
                "  %-8s %-3s %8.1f %s  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  errors %d%s%n",
                server,
                workload.name(),
                result.unitsPerSecond(),
                workload.unit,
                result.percentileMillis(50),
                result.percentileMillis(95),
                result.percentileMillis(99),
                result.errors(),
                result.errors() > 0 ? " (first: " + result.firstError() + ")" : "");
    }

    Summary summary(Workload workload, String server) {
        List<Load.Result> rounds =
                results.getOrDefault(workload, Map.of()).getOrDefault(server, List.of());
        if (rounds.isEmpty()) {
            return null;
        }
        Histogram latency = new Histogram(3);
        long operations = 0;
        long units = 0;
        long errors = 0;
        double seconds = 0;
        String firstError = "";
        for (Load.Result round : rounds) {
            latency.add(round.latency());
            operations += round.operations();
            units += round.units();
            errors += round.errors();
            seconds += round.seconds();
            if (firstError.isEmpty()) {
                firstError = round.firstError();
            }
        }
        return new Summary(operations, units, errors, seconds, latency, firstError);
    }

    String markdown(Options options) {
        StringBuilder md = new StringBuilder();
        md.append("# Careflow benchmark: ").append(options.size()).append("\n\n");
        facts.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n| workload | server | throughput | p50 (ms) | p95 (ms) | p99 (ms) | errors | "
                + "Careflow / baseline | target | met |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Workload workload : Workload.values()) {
            Summary careflow = summary(workload, "careflow");
            Summary baseline = summary(workload, "baseline");
            for (String server : List.of("careflow", "baseline")) {
                Summary s = server.equals("careflow") ? careflow : baseline;
                if (s == null) {
                    continue;
                }
                String ratio = server.equals("careflow") && baseline != null && baseline.throughput() > 0
                        ? format(careflow.throughput() / baseline.throughput()) + "×"
                        : "";
                String target = server.equals("careflow") && workload.target != null ? workload.target.label() : "";
                String met = server.equals("careflow") && workload.target != null
                        ? (workload.target.met(s) && s.errors() == 0 ? "yes" : "**no**")
                        : "";
                if (server.equals("careflow") && (workload == Workload.W2 || workload == Workload.W6)
                        && baseline != null) {
                    target += (target.isEmpty() ? "" : "; ") + ">= 0.9× baseline";
                    boolean ratioMet = careflow.throughput() / baseline.throughput() >= 0.9;
                    met = met.equals("yes") && ratioMet ? "yes" : "**no**";
                }
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s %s | %s | %s | %s | %d | %s | %s | %s |%n",
                        workload.title,
                        server,
                        format(s.throughput()),
                        workload.unit,
                        format(s.p50()),
                        format(s.p95()),
                        format(s.p99()),
                        s.errors(),
                        ratio,
                        target,
                        met));
            }
        }
        md.append("\nThroughput is units moved over the measured time of all rounds; percentiles come from the merged"
                + " HdrHistograms of the rounds (W4 from each message's due time, open loop). The ratio compares"
                + " throughput at the same offered load; a ratio near 1 where the load is fixed (W4) says nothing.\n");
        return md.toString();
    }

    String html(Options options) {
        StringBuilder svg = new StringBuilder();
        int row = 0;
        double widest = 1;
        for (Workload workload : Workload.values()) {
            for (String server : List.of("careflow", "baseline")) {
                Summary s = summary(workload, server);
                if (s != null && !Double.isNaN(s.p95())) {
                    widest = Math.max(widest, s.p95());
                }
            }
        }
        StringBuilder bars = new StringBuilder();
        for (Workload workload : Workload.values()) {
            for (String server : List.of("careflow", "baseline")) {
                Summary s = summary(workload, server);
                if (s == null || Double.isNaN(s.p95())) {
                    continue;
                }
                int y = 30 + row * 26;
                double width = 600 * Math.log1p(s.p95()) / Math.log1p(widest);
                bars.append(String.format(
                        Locale.ROOT,
                        "<text x=\"0\" y=\"%d\" font-size=\"12\">%s %s</text>"
                                + "<rect x=\"330\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>"
                                + "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s ms</text>%n",
                        y + 13,
                        escape(workload.title),
                        server,
                        y,
                        Math.max(1, width),
                        server.equals("careflow") ? "#2b6cb0" : "#a0aec0",
                        336 + width,
                        y + 13,
                        format(s.p95())));
                row++;
            }
        }
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1050\" height=\"")
                .append(40 + row * 26)
                .append("\"><text x=\"330\" y=\"16\" font-size=\"13\">p95 latency (ms, log scale)</text>")
                .append(bars)
                .append("</svg>");
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Careflow benchmark "
                + options.size() + "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:"
                + "collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style></head><body>"
                + "<h1>Careflow benchmark: " + options.size() + "</h1>" + svg + "<pre>"
                + escape(markdown(options)) + "</pre></body></html>";
    }

    void write(Options options) throws IOException {
        Files.createDirectories(options.output());
        Files.writeString(options.output().resolve("results-" + options.size() + ".md"), markdown(options));
        Files.writeString(options.output().resolve("results-" + options.size() + ".html"), html(options));
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
