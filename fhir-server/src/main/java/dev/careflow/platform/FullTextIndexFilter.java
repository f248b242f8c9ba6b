package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionRequest;
import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionResponse;

/**
 * Keeps the words of the resource types left out of {@link FullTextTypes} out of the full-text index. HAPI then marks
 * such a resource indexed in the database only, and Hibernate Search writes no Lucene document for it (nor extracts
 * its words). Registered on HAPI's storage interceptors for every write, whoever makes it.
 */
@Interceptor
public class FullTextIndexFilter {

    private final FullTextTypes types;

    public FullTextIndexFilter(FullTextTypes types) {
        this.types = types;
    }

    @Hook(Pointcut.JPA_INDEX_EXTRACT_FULLTEXT_CONTENT)
    public FullTextExtractionResponse content(FullTextExtractionRequest request) {
        return decide(request);
    }

    @Hook(Pointcut.JPA_INDEX_EXTRACT_FULLTEXT_TEXT)
    public FullTextExtractionResponse text(FullTextExtractionRequest request) {
        return decide(request);
    }

    private FullTextExtractionResponse decide(FullTextExtractionRequest request) {
        return types.indexes(request.getResourceType())
                ? FullTextExtractionResponse.indexNormally()
                : FullTextExtractionResponse.doNotIndex();
    }
}
