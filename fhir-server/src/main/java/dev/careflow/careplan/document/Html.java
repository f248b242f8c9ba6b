package dev.careflow.careplan.document;

import java.util.List;

/** A small XHTML writer for narratives (pure): text is escaped in one place; the result is a FHIR narrative div. */
final class Html {

    private final StringBuilder html = new StringBuilder();

    static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }

    Html heading(String text) {
        html.append("<h2>").append(escape(text)).append("</h2>");
        return this;
    }

    Html paragraph(String text) {
        html.append("<p>").append(escape(text)).append("</p>");
        return this;
    }

    /** A list of items, or a paragraph saying there are none. */
    Html list(List<String> items, String none) {
        if (items.isEmpty()) {
            return paragraph(none);
        }
        html.append("<ul>");
        items.forEach(item -> html.append("<li>").append(escape(item)).append("</li>"));
        html.append("</ul>");
        return this;
    }

    /** Already-written XHTML (another section's div content). */
    Html raw(String xhtml) {
        html.append(xhtml);
        return this;
    }

    /** The content without the enclosing div. */
    String content() {
        return html.toString();
    }

    /** A generated narrative of the div. */
    static org.hl7.fhir.r4.model.Narrative narrative(String div) {
        org.hl7.fhir.r4.model.Narrative narrative = new org.hl7.fhir.r4.model.Narrative();
        narrative.setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED);
        narrative.setDivAsString(div);
        return narrative;
    }

    /** The narrative div. */
    String div() {
        return "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + html + "</div>";
    }
}
