package dev.careflow.platform;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import org.hl7.fhir.instance.model.api.IBaseConformance;

/**
 * HAPI's HTML rendering of answers for a browser, without listing {@code html/json}, {@code html/xml} and
 * {@code html/turtle} as formats in the CapabilityStatement: they are views for people, not MIME types a FHIR client
 * can ask for, and {@code CapabilityStatement.format} lists only what the server really serves.
 */
class ResponseHighlighting extends ResponseHighlighterInterceptor {

    /** HAPI's hook (its annotation is inherited) adds the html/* formats; here it adds nothing. */
    @Override
    public void capabilityStatementGenerated(RequestDetails request, IBaseConformance capabilityStatement) {
        // nothing: the formats are the server's own
    }
}
